import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../unit/helpers.ts';
import { openTutorial, useServedGame } from './harness.ts';
import { diagnose } from './tutorialSteps.ts';

// The built game fetches a scenario's sealed parts one at a time, each when it is needed: the player part
// when the scenario opens, a hint's text when it is bought, the whole file at the first diagnosis.

/** The part a built file holds, from its name (`player-….js`, `hint-0-….js`, `whole-….js`). */
const PART = /\/(player|whole|hint-\d+)-[^/]*\.js$/;

describe('the parts of a built-in scenario, in Chromium', () => {
  const game = useServedGame();

  it('fetches a hint when it is bought and the answer at the first diagnosis', async () => {
    const tutorial = builtinScenario('tutorial.yaml');
    const { page, errors } = await openTutorial(game);
    const fetched: string[] = [];
    page.on('response', (r) => {
      const part = PART.exec(new URL(r.url()).pathname)?.[1];
      if (part) fetched.push(part);
    });
    // The player part was fetched as the tutorial opened, before this listener: nothing else yet.
    expect(fetched).toEqual([]);

    const hints = page.getByRole('region', { name: 'Hints' });
    await hints.getByRole('button', { name: /^Take a hint/ }).click();
    await hints.getByText(tutorial.hints[0]!.text).waitFor();
    expect(fetched).toEqual(['hint-0']);

    await diagnose(page, { component: 'web', fault: 'misconfiguration', trigger: '', confidence: 60 });
    await page.getByRole('alert').waitFor();
    expect(fetched).toEqual(['hint-0', 'whole']);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
