import { describe, expect, it } from 'vitest';
import { inThread, startSession } from '../../../src/state/session.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText } from '../helpers.ts';

const tutorial = scenarioText('tutorial.yaml');
const sources = [{ file: 'scenarios/tutorial.yaml', text: tutorial }];
const copy = tutorial.replace(/^id: .*$/m, 'id: my-copy').replace(/^title: .*$/m, 'title: My copy');

describe('loading a scenario file', () => {
  it('lists the errors of a file that does not load, and stays on the menu', async () => {
    const session = startSession({
      host: inThread(new WorldHost(sources)),
      storage: new MemoryStorage(),
      now: () => 0,
    });
    await session.ready;
    const result = await session.loadScenarioText('id: [', 'broken.yaml');
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.col > 0])).toEqual([['broken.yaml', 1, true]]);
    expect(session.store.getState().phase).toBe('menu');
  });

  it('opens the briefing of a valid file and generates its world by its id', async () => {
    const storage = new MemoryStorage();
    const session = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await session.ready;
    const result = await session.loadScenarioText(copy, 'copy.yaml');
    expect(result.ok).toBe(true);
    expect(session.store.getState().phase).toBe('briefing');
    expect(session.actor.getSnapshot().context.scenarioId).toBe('my-copy');

    // After a reload the file is gone: the player is told rather than left on a silent menu.
    const again = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await again.ready;
    expect(again.store.getState().phase).toBe('menu');
    expect(
      again.store.getState().notice?.startsWith('Your saved investigation of "my-copy" cannot be reopened'),
    ).toBe(true);
  });
});
