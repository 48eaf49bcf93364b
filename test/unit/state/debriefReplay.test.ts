import { describe, expect, it } from 'vitest';
import type { Replay } from '../../../src/engine/views/replay.ts';
import { createAppStore } from '../../../src/state/store.ts';

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
    ['once it answered it has none (a game day)', [undefined], { replay: undefined, replayAsked: true }],
  ] as const)('tells %s', (_, answers, expected) => {
    const store = createAppStore();
    for (const answer of answers) store.getState().replayArrived(answer);
    const { replay: held, replayAsked } = store.getState();
    expect({ replay: held, replayAsked }).toEqual(expected);
  });
});
