import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import type { RunningServer } from '../../../src/server/httpServer.ts';
import type { QuerySource } from '../../../src/server/querySource.ts';
import { shiftToNow } from '../../../src/server/timeShift.ts';
import { FIXTURE_END_MS } from '../../parity/fixture.ts';
import { fixtureSource, promtool, request, startQueryServer, T0 } from './fixture.ts';

describe('shiftToNow', () => {
  it.each([
    {
      end: Date.UTC(2026, 9, 25, 3),
      now: Date.UTC(2026, 11, 7, 2, 50, 31),
      shift: Date.UTC(2026, 11, 7, 2, 50) - Date.UTC(2026, 9, 25, 3),
    },
    { end: Date.UTC(2026, 9, 25, 3), now: Date.UTC(2026, 9, 25, 3), shift: 0 },
    { end: Date.UTC(2026, 9, 25, 3), now: Date.UTC(2026, 9, 25, 3, 0, 59), shift: 0 },
    // A scenario dated in the future moves back, still to a whole minute at or before now.
    { end: Date.UTC(2027, 0, 1), now: Date.UTC(2026, 11, 31, 23, 58, 30), shift: -2 * 60_000 },
  ])('moves a window ending $end to end by $now in whole minutes', ({ end, now, shift }) => {
    expect(shiftToNow(end, now)).toBe(shift);
    expect(now - (end + shift)).toBeGreaterThanOrEqual(0);
    expect(now - (end + shift)).toBeLessThan(60_000);
  });
});

let original: RunningServer;
let shifted: RunningServer;
let source: QuerySource;
const offsetMs = shiftToNow(FIXTURE_END_MS, Date.now());

beforeAll(async () => {
  original = await startQueryServer(fixtureSource());
  source = { ...fixtureSource(), offsetMs };
  shifted = await startQueryServer(source);
});
afterAll(async () => {
  await original.close();
  await shifted.close();
});

/** Seconds since the epoch, as the Prometheus API takes them. */
const sec = (ms: number) => String(ms / 1000);

describe('a world served on a shifted clock', () => {
  it('answers promtool at its default time, now, with the window’s last samples', async () => {
    const before = Date.now();
    const out = await promtool('query', 'instant', shifted.url, 'memory_bytes');
    const after = Date.now();
    const lines = out.trim().split('\n');
    const expected = instantQuery(source.metrics!, 'memory_bytes', FIXTURE_END_MS);
    if (!expected.ok || expected.value.resultType !== 'vector') throw new Error('the fixture query failed');
    expect(lines.length).toBe(expected.value.result.length);
    for (const line of lines) {
      const at = Number(/ @\[([\d.]+)\]$/.exec(line)![1]) * 1000;
      expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(at).toBeLessThanOrEqual(after);
    }
  });

  it('answers promtool as it answers at the scenario’s own dates, an offset later', async () => {
    const at = T0 + 90 * 60_000;
    const plain = await promtool('query', 'instant', '--time', sec(at), original.url, 'sum(memory_bytes)');
    const moved = await promtool(
      'query',
      'instant',
      '--time',
      sec(at + offsetMs),
      shifted.url,
      'sum(memory_bytes)',
    );
    expect(moved).toBe(
      plain.replace(/@\[([\d.]+)\]/, (_, t: string) => `@[${(Number(t) * 1000 + offsetMs) / 1000}]`),
    );
  });

  it.each([
    {
      name: 'a Prometheus range query',
      path: '/api/v1/query_range',
      query: 'rate(http_requests_total[5m])',
      step: '60',
    },
    {
      name: 'a Loki log query',
      path: '/loki/api/v1/query_range',
      query: '{service="billing"} |= "failed"',
      step: undefined,
    },
    {
      name: 'a Loki metric query',
      path: '/loki/api/v1/query_range',
      query: 'count_over_time({service="api"}[5m])',
      step: '300',
    },
  ])('moves every time of $name by the offset, both ways', async ({ path, query, step }) => {
    const start = T0 + 60 * 60_000;
    const end = T0 + 120 * 60_000;
    const form = (from: number, to: number) => ({
      query,
      start: sec(from),
      end: sec(to),
      ...(step === undefined ? {} : { step }),
    });
    const plain = (await request(original, path, form(start, end))).body as { data: { result: unknown[] } };
    const moved = (await request(shifted, path, form(start + offsetMs, end + offsetMs))).body as {
      data: { result: unknown[] };
    };
    expect(plain.data.result.length).toBeGreaterThan(0);
    const shiftedBack = JSON.stringify(moved.data.result)
      .replace(/"(\d{19})"/g, (_, ns: string) => `"${BigInt(ns) - BigInt(offsetMs) * 1_000_000n}"`)
      .replace(
        /\[(\d{10}(?:\.\d+)?),/g,
        (_, s: string) => `[${(Math.round(Number(s) * 1000) - offsetMs) / 1000},`,
      );
    expect(shiftedBack).toBe(JSON.stringify(plain.data.result));
  });

  it('lists the series and labels of the served window, not of the scenario’s dates', async () => {
    const inWindow = { start: sec(T0 + offsetMs), end: sec(FIXTURE_END_MS + offsetMs) };
    const atScenarioDates = { start: sec(T0), end: sec(FIXTURE_END_MS) };
    const count = async (path: string, range: Record<string, string>) =>
      ((await request(shifted, `${path}?${new URLSearchParams(range)}`)).body as { data: unknown[] }).data
        .length;
    expect(await count('/api/v1/labels', inWindow)).toBeGreaterThan(0);
    expect(await count('/api/v1/labels', atScenarioDates)).toBe(0);
    expect(await count('/loki/api/v1/labels', inWindow)).toBeGreaterThan(0);
    expect(await count('/loki/api/v1/labels', atScenarioDates)).toBe(0);
  });
});
