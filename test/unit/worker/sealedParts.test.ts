import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { playerView } from '../../../src/engine/scenario/playerView.ts';
import { parseTimestamp } from '../../../src/engine/scenario/units.ts';
import { VARIANTS_OFFERED, variantsByAnswer } from '../../../src/engine/scenario/variantAnswer.ts';
import { splitShelf } from '../../../src/worker/sealedShelf.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { scenarioText } from '../helpers.ts';

// The world worker of the built game holds a built-in scenario's player part from the moment it opens it,
// and fetches the rest only when it is needed: one hint's text when the trainee buys it, the whole file
// (solution, clues, verdicts) at the first submission. The debrief then gets what it always got.

const FILE = 'scenarios/month-end.yaml';
const TEXT = scenarioText('month-end.yaml');
/** A variant other than the file as written, so the parts must resolve it as the whole file does. */
const SEED = 5;

function host() {
  const fetched: string[] = [];
  const shelf = splitShelf([{ file: FILE, text: TEXT }], (file, part) => fetched.push(`${file} ${part}`));
  return { host: new WorldHost(shelf), fetched };
}

describe('a built-in scenario fetched in sealed parts', () => {
  it('opens on its player part and fetches a hint, then the whole file, only when asked', async () => {
    const { host: world, fetched } = host();
    const whole = loadScenario(TEXT, FILE, { variant: SEED }).scenario!;
    expect(world.catalog().scenarios.map((s) => s.id)).toEqual(['month-end']);
    expect(fetched).toEqual([]);

    const opened = await world.open('month-end', SEED, undefined, { elapsedMs: 0 });
    expect(opened.ok && opened.scenario).toEqual(playerView(whole));
    const pageMs = parseTimestamp(whole.briefing.page.at)!;
    const logs = world.runTool({
      tool: 'logs',
      query: '{service=~".+"}',
      startMs: pageMs - 600_000,
      endMs: pageMs,
    });
    expect(logs.ok).toBe(true);
    world.channelAt(pageMs, []);
    expect(fetched).toEqual([`${FILE} player`]);

    expect(await world.hintText(1)).toBe(whole.hints[1]!.text);
    expect(fetched).toEqual([`${FILE} player`, `${FILE} hint 1`]);

    expect(await world.reveal()).toEqual(whole);
    expect(fetched).toEqual([`${FILE} player`, `${FILE} hint 1`, `${FILE} whole`]);
    // Once the whole file is at hand nothing more is fetched, and it is the same answer each time.
    expect(await world.hintText(0)).toBe(whole.hints[0]!.text);
    expect(await world.reveal()).toEqual(whole);
    expect(fetched).toHaveLength(3);
  });

  it('groups the variants by answer as the whole file does, without the referee parts', async () => {
    const { host: world, fetched } = host();
    expect(await world.variantsByAnswer('month-end')).toEqual(variantsByAnswer(TEXT, FILE, VARIANTS_OFFERED));
    expect(await world.variantsByAnswer('month-end', 3)).toEqual(variantsByAnswer(TEXT, FILE, 3));
    expect(fetched.every((f) => f.endsWith(' player'))).toBe(true);
  });
});
