import { describe, expect, it } from 'vitest';
import type { Replay } from '../../../src/engine/views/replay.ts';
import { settleScoreOnDebrief } from '../../../src/state/play/settleScore.ts';
import { createAppStore } from '../../../src/state/store.ts';
import { builtinScenario } from '../helpers.ts';

const frames = [0, 60_000, 120_000].map((atMs) => ({ atMs, edges: {}, services: {} }));
const replay: Replay = { fromMs: 0, toMs: 120_000, stepMs: 60_000, frames };

describe("the debrief's replay in the store", () => {
  it.each([
    ['a frame inside the replay', 1, 1],
    ['past its end, the last frame', 9, 2],
    ['before its start, the first', -3, 0],
    ['between two frames, the nearest', 1.4, 1],
  ])('shows %s', (_, asked, shown) => {
    const store = createAppStore();
    store.getState().replayArrived(replay);
    store.getState().showReplayFrame(asked);
    expect(store.getState().replayFrame).toBe(shown);
  });

  it.each([
    ['before the host answers', [], { replay: undefined, replayAsked: false }],
    ['once it played the incident back', [replay], { replay, replayAsked: true }],
    ['once it answered it has none', [undefined], { replay: undefined, replayAsked: true }],
  ] as const)('tells %s', (_, answers, expected) => {
    const store = createAppStore();
    for (const answer of answers) store.getState().replayArrived(answer);
    const { replay: held, replayAsked } = store.getState();
    expect({ replay: held, replayAsked }).toEqual(expected);
  });
});

/** Resolves once the store holds a replay (or the host has answered it has none). */
function replayAnswered(store: ReturnType<typeof createAppStore>): Promise<void> {
  return new Promise((resolve) => {
    if (store.getState().replayAsked) return resolve();
    const stop = store.subscribe(
      (s) => s.replayAsked,
      (asked) => {
        if (!asked) return;
        stop();
        resolve();
      },
    );
  });
}

describe("a game day's debrief, whose answer comes when the round ends", () => {
  it.each([
    ['the answer comes after the submission', false],
    ['the answer comes while the submission is judged', true],
  ])('asks for the replay only once %s, and scores the play then', async (_, duringJudging) => {
    const store = createAppStore({ canRespond: false });
    store.getState().joinRound({ roomId: 'room', round: 1, variant: 0, memberId: 'bo' });
    const scenario = builtinScenario('tutorial.yaml');
    const asked: number[] = [];
    let judged = 0;
    const reveal = () => store.getState().scenarioRevealed(scenario);
    settleScoreOnDebrief(
      store,
      async () => {
        judged++;
        // The end of the round lands while the page waits on the server's answer.
        if (duringJudging && judged === 1) reveal();
        return [];
      },
      async (toMs) => {
        asked.push(toMs);
        return replay;
      },
      () => 120_000,
    );
    // The diagnosis is in, the round runs on: the page holds no answer, so no score and no replay.
    store.setState({ phase: 'debrief', world: { ...store.getState().world, state: 'ready' } });
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!duringJudging) {
      expect({ report: store.getState().report, replayAsked: store.getState().replayAsked, asked }).toEqual({
        report: undefined,
        replayAsked: false,
        asked: [],
      });
      reveal();
    }
    await replayAnswered(store);
    expect(store.getState().report?.total).toBeTypeOf('number');
    expect(store.getState().grade).toMatch(/^[SABCD]$/);
    expect({ replay: store.getState().replay, asked }).toEqual({ replay, asked: [120_000] });
  });
});
