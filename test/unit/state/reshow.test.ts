import { describe, expect, it } from 'vitest';
import { inThread, startSession } from '../../../src/state/session.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText, worldReady } from '../helpers.ts';

const sources = [{ file: 'scenarios/tutorial.yaml', text: scenarioText('tutorial.yaml') }];

describe('a reload', () => {
  it("brings back each tool's last query and its results without recording it again", async () => {
    const storage = new MemoryStorage();
    const first = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await first.ready;
    first.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(first);
    first.send({ type: 'begin' });
    const logql = '{service="cart"} |= "TypeError"';
    await first.exploreLogs(logql);
    await first.exploreLogs('{service="cart"}');
    await first.exploreLogs(logql);
    const before = first.store.getState();
    expect(before.logView.result?.matched).toBeGreaterThan(0);

    const second = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await second.ready;
    await worldReady(second);
    await new Promise<void>((resolve) => {
      const check = () => second.store.getState().logView.result !== undefined;
      if (check()) return resolve();
      const stop = second.store.subscribe(check, (done) => {
        if (!done) return;
        stop();
        resolve();
      });
    });
    const after = second.store.getState();
    expect(after.phase).toBe('investigating');
    expect(after.logView.query).toBe(logql);
    expect(after.logView.ranQuery).toBe(logql);
    expect(after.logView.result).toEqual(before.logView.result);
    expect(after.actions).toEqual(before.actions);
  });
});
