import { describe, expect, it } from 'vitest';
import { PAGER_SOUND_KEY } from '../../../src/state/play/pagerSound.ts';
import { inThread, startSession } from '../../../src/state/session.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText, worldReady } from '../helpers.ts';

const MIN = 60_000;
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe('the pressure on a play', () => {
  it('burns the budget as the clock runs, and the manager asks for news while nobody posts', async () => {
    let clock = 0;
    const session = startSession({
      host: inThread(
        new WorldHost([{ file: 'scenarios/tutorial.yaml', text: scenarioText('tutorial.yaml') }]),
      ),
      storage: new MemoryStorage(),
      now: () => clock,
    });
    await session.ready;
    session.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(session);
    session.send({ type: 'begin' });

    const atPage = (await session.pressureAt())!;
    clock = 16 * MIN;
    const later = (await session.pressureAt())!;
    expect(hhmm(atPage.atMs)).toBe('02:05');
    expect(hhmm(later.atMs)).toBe('02:21');
    expect(later.failed).toBeGreaterThan(atPage.failed);
    expect(later.budget.left).toBeLessThan(atPage.budget.left);

    const nudges = async () =>
      (await session.channelAt()).flatMap((i) =>
        i.kind === 'message' && i.message.id.startsWith('nudge-')
          ? [`${hhmm(i.atMs)} ${i.message.from}`]
          : [],
      );
    expect(await nudges()).toEqual(['02:20 Mia (eng manager)']);
    // A status update answers the next nudge; the one after comes since nothing more was posted.
    session.act({ type: 'status', text: 'Checkout errors for some shoppers; looking into it.' });
    clock = 46 * MIN;
    expect(await nudges()).toEqual(['02:20 Mia (eng manager)', '02:50 Mia (eng manager)']);
  });

  it("keeps the pager's sound as this browser left it, muted at first", async () => {
    const storage = new MemoryStorage();
    const host = inThread(new WorldHost([]));
    const first = startSession({ host, storage, now: () => 0 });
    expect(first.store.getState().pagerSound).toBe(false);
    first.store.getState().togglePagerSound();
    expect(storage.getItem(PAGER_SOUND_KEY)).toBe('on');
    const second = startSession({ host, storage, now: () => 0 });
    expect(second.store.getState().pagerSound).toBe(true);
    second.store.getState().togglePagerSound();
    expect(storage.getItem(PAGER_SOUND_KEY)).toBe('off');
    expect(startSession({ host, storage, now: () => 0 }).store.getState().pagerSound).toBe(false);
  });
});
