import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Clock } from '../../../../src/state/gameday/roomState.ts';
import {
  elapsedMs,
  endRound,
  formatDuration,
  pauseClock,
  readClock,
  readRound,
  readStandings,
  resumeClock,
} from '../../../../src/state/gameday/roomState.ts';
import { gamedayRoute } from '../../../../src/ui/gameday/route.ts';

describe('elapsedMs', () => {
  it.each<{ clock: Clock; now: number; ms: number }>([
    { clock: {}, now: 5000, ms: 0 },
    { clock: { elapsedMs: 7000 }, now: 5000, ms: 7000 },
    { clock: { running: true, startedAt: 1000, elapsedMs: 500 }, now: 4000, ms: 3500 },
    { clock: { running: false, startedAt: null, elapsedMs: 500 }, now: 4000, ms: 500 },
    { clock: { running: true, startedAt: 9000 }, now: 4000, ms: 0 },
  ])('$clock at $now is $ms ms', ({ clock, now, ms }) => {
    expect(elapsedMs(clock, now)).toBe(ms);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '00:00'],
    [61_999, '01:01'],
    [3_600_000, '1:00:00'],
    [3_725_000, '1:02:05'],
  ])('%i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('the facilitator clock', () => {
  it('banks time across a pause and stops for good at the end of the round', () => {
    const doc = new Y.Doc();
    resumeClock(doc, 1000);
    expect(readClock(doc)).toEqual({ running: true, startedAt: 1000 });
    pauseClock(doc, 4000);
    expect(readClock(doc)).toEqual({ running: false, startedAt: null, elapsedMs: 3000 });
    resumeClock(doc, 10_000);
    endRound(doc, 12_000);
    expect(readClock(doc)).toEqual({ running: false, startedAt: null, elapsedMs: 5000 });
    expect(readRound(doc)).toEqual({ ended: true, endedAt: 12_000 });
  });
});

describe('readStandings', () => {
  it('ranks by score, then the earliest diagnosis, then name', () => {
    const doc = new Y.Doc();
    const board = doc.getMap('leaderboard');
    const line = (name: string, score: number, diagnosedAtMs: number | null) => ({
      name,
      score,
      cluesFound: 0,
      actions: 0,
      diagnosedAtMs,
    });
    board.set('team-1', line('Team 1', 40, null));
    board.set('team-2', line('Team 2', 70, 90_000));
    board.set('team-3', line('Team 3', 70, 60_000));
    board.set('team-4', line('Team 4', 40, null));
    board.set('team-5', line('Team 0', 40, null));
    expect(readStandings(doc).map((s) => s.teamId)).toEqual([
      'team-3',
      'team-2',
      'team-5',
      'team-1',
      'team-4',
    ]);
  });
});

describe('gamedayRoute', () => {
  it.each([
    { search: '', hash: '', route: undefined },
    { search: '?join=AB12CD34', hash: '', route: { kind: 'join', code: 'AB12CD34' } },
    {
      search: '?gameday=facilitate&room=R00M1234',
      hash: '#token=s3cret',
      route: { kind: 'facilitate', room: 'R00M1234', token: 's3cret' },
    },
    { search: '?gameday=facilitate&room=R', hash: '', route: { kind: 'facilitate', room: 'R', token: '' } },
    { search: '?gameday=other', hash: '', route: undefined },
  ])('$search$hash', ({ search, hash, route }) => {
    expect(gamedayRoute({ search, hash })).toEqual(route);
  });
});
