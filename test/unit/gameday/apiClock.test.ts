import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getYDoc } from '@y/websocket-server/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { parseTimestamp } from '../../../src/engine/scenario/units.ts';
import type { Gameday } from '../../../src/server/gameday/gamedayServer.ts';
import { startGameday } from '../../../src/server/gameday/gamedayServer.ts';
import type { RoomRecord } from '../../../src/server/gameday/rooms.ts';
import { scenarioText } from '../helpers.ts';
import { nameOf } from './harness.ts';

// A player with curl reads the room's Prometheus and Loki APIs directly: whatever times they ask for, the
// answers stop at the round clock's now, so the rest of the incident cannot be read ahead of the round.

let t: { gameday: Gameday; room: RoomRecord };
let pageMs: number;
const MINUTE = 60_000;
/** The server's wall clock, held still so the served clock's shift does not move under a test. */
const WALL_MS = Date.parse('2030-03-04T05:06:07Z');

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'twoam-gameday-'));
  const gameday = await startGameday({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    scenarioFiles: ['scenarios/tutorial.yaml'],
    teams: 1,
    distDir: join(dataDir, 'no-build'),
    log: () => {},
    now: () => WALL_MS,
  });
  t = { gameday, room: gameday.rooms[0]! };
  const { scenario } = loadScenario(scenarioText('tutorial.yaml'), 'tutorial.yaml');
  pageMs = parseTimestamp(scenario!.briefing.page.at)!;
});
afterAll(async () => {
  await t.gameday.close();
});

/** Sets how much round time has passed (the facilitator's clock, paused). */
function setRoundElapsed(ms: number): void {
  const clock = getYDoc(nameOf(t.room, 'room')).getMap('clock');
  clock.set('running', false);
  clock.set('elapsedMs', ms);
}

async function api(path: string, params: Record<string, string>): Promise<{ status: string; data: unknown }> {
  const query = new URLSearchParams(params).toString();
  const res = await fetch(`${t.gameday.url}/rooms/${t.room.observerCode}${path}?${query}`);
  return (await res.json()) as { status: string; data: unknown };
}

/** The whole served window, in seconds and nanoseconds on the served clock, and the served round now. */
function served(roundMs: number) {
  const w = t.gameday.servedWindow(t.room.id);
  return {
    startS: String((w.startMs + w.offsetMs) / 1000),
    endS: String((w.endMs + w.offsetMs) / 1000),
    startNs: `${w.startMs + w.offsetMs}000000`,
    endNs: `${w.endMs + w.offsetMs}000000`,
    nowMs: roundMs + w.offsetMs,
    windowEndMs: w.endMs,
  };
}

type Matrix = { result: { values: [number, string][] }[] };
type Streams = { result: { values: [string, string][] }[] };
type Vector = { result: unknown[] };

/** Every sample time (ms, served clock) of a Prometheus or Loki matrix answer. */
function sampleTimes(data: unknown): number[] {
  return (data as Matrix).result.flatMap((s) => s.values.map(([sec]) => Math.round(sec * 1000)));
}

/** Every log line's time (ms, served clock) of a Loki streams answer. */
function lineTimes(data: unknown): number[] {
  return (data as Streams).result.flatMap((s) => s.values.map(([ns]) => Number(BigInt(ns) / 1_000_000n)));
}

describe("a game-day room's query APIs", () => {
  it.each([
    ['when the round starts', 0],
    ['ten minutes into the round', 10 * MINUTE],
  ])('answer nothing after the round clock %s, whatever range is asked', async (_when, elapsed) => {
    setRoundElapsed(elapsed);
    const roundNow = pageMs + elapsed;
    const w = served(roundNow);
    // The tutorial's window goes on well after the page: there is a future to hide.
    expect(w.windowEndMs - roundNow).toBeGreaterThanOrEqual(15 * MINUTE);

    const range = await api('/api/v1/query_range', {
      query: 'count(up)',
      start: w.startS,
      end: w.endS,
      step: '15',
    });
    expect(range.status).toBe('success');
    const times = sampleTimes(range.data);
    expect(times.length).toBeGreaterThan(0);
    expect(Math.max(...times)).toBeLessThanOrEqual(w.nowMs);
    expect(Math.max(...times)).toBeGreaterThan(w.nowMs - 2 * MINUTE);

    // An instant query at the window's end, and an `@` modifier pinning a selector there, find no sample.
    const atEnd = await api('/api/v1/query', { query: 'up', time: w.endS });
    expect((atEnd.data as Vector).result).toEqual([]);
    const pinned = await api('/api/v1/query', {
      query: `last_over_time(up[5m] @ ${(w.windowEndMs / 1000).toFixed(0)})`,
    });
    expect((pinned.data as Vector).result).toEqual([]);

    const logs = await api('/loki/api/v1/query_range', {
      query: '{service=~".+"}',
      start: w.startNs,
      end: w.endNs,
      limit: '100',
      direction: 'backward',
    });
    const lines = lineTimes(logs.data);
    expect(lines.length).toBeGreaterThan(0);
    expect(Math.max(...lines)).toBeLessThanOrEqual(w.nowMs);

    const counted = await api('/loki/api/v1/query_range', {
      query: 'sum(count_over_time({service=~".+"}[1m]))',
      start: w.startNs,
      end: w.endNs,
      step: '60',
    });
    expect(Math.max(...sampleTimes(counted.data))).toBeLessThanOrEqual(w.nowMs);
    const instant = await api('/loki/api/v1/query', {
      query: 'sum(count_over_time({service=~".+"}[5m]))',
      time: w.endNs,
    });
    expect((instant.data as Vector).result).toEqual([]);
  });

  it("serve the round clock's now as the wall clock's, to the minute", () => {
    setRoundElapsed(7 * MINUTE);
    const w = served(pageMs + 7 * MINUTE);
    expect(WALL_MS - w.nowMs).toBeGreaterThanOrEqual(0);
    expect(WALL_MS - w.nowMs).toBeLessThan(MINUTE);
  });

  it("answer a request without a time at the round clock's now", async () => {
    setRoundElapsed(5 * MINUTE);
    const w = served(pageMs + 5 * MINUTE);
    const answer = await api('/api/v1/query', { query: 'count(up)' });
    const result = (answer.data as { result: { value: [number, string] }[] }).result;
    expect(result.map((r) => Math.round(r.value[0] * 1000))).toEqual([w.nowMs]);
  });
});
