import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { hashString } from '../../../src/engine/sim/model/rng.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { builtinScenario } from '../helpers.ts';

/** A hash of every log entry: time, stream and line, in id order. */
function logDigest(world: World): string {
  let h = 0x811c9dc5;
  for (let id = 0; id < world.logs.size; id++) {
    h = hashString(`${world.logs.tsMs(id)}|${world.logs.streamOf(id).key}|${world.logs.line(id)}\n`, h);
  }
  return `${world.logs.size}:${h.toString(16)}`;
}

describe('simulate', () => {
  const tutorial = builtinScenario('tutorial.yaml');

  it('gives identical logs for the same scenario and seed', () => {
    expect(logDigest(simulate(tutorial))).toBe(logDigest(simulate(tutorial)));
  });

  it('gives different logs for a different seed', () => {
    expect(logDigest(simulate(tutorial, { seed: 7 }))).not.toBe(logDigest(simulate(tutorial)));
  });

  it('keeps entries in time order with ids as positions', () => {
    const { logs } = simulate(tutorial);
    for (let id = 1; id < logs.size; id++) expect(logs.tsMs(id) >= logs.tsMs(id - 1)).toBe(true);
  });

  it('starts the fault at its trigger and only for the affected segment', () => {
    const world = simulate(tutorial);
    const deployAt = Date.parse('2026-10-25T01:40:00Z');
    const errors = searchLogs(world, { service: 'cart', contains: 'TypeError', limit: 100_000 });
    expect(errors.matched).toBeGreaterThan(100);
    for (const line of errors.lines) {
      expect(line.tsMs).toBeGreaterThanOrEqual(deployAt);
      expect(line.line).toContain('"coupon":"yes"');
    }
    const before = searchLogs(world, { service: 'web', contains: '" 502 ', endMs: deployAt, limit: 10 });
    expect(before.matched).toBe(0);
  });

  it('makes callers and callees agree: every cart 500 on pricing shows as a web 502 on checkout', () => {
    const world = simulate(tutorial);
    const cart500 = searchLogs(world, { service: 'cart', contains: '"status":500', limit: 100_000 });
    const web502 = searchLogs(world, {
      service: 'web',
      contains: '"POST /checkout HTTP/1.1" 502',
      limit: 100_000,
    });
    expect(web502.matched).toBe(cart500.matched);
    const traces = new Set(cart500.lines.map((l) => /"trace_id":"(\w+)"/.exec(l.line)![1]));
    for (const l of web502.lines) expect(traces.has(/trace_id=(\w+)/.exec(l.line)![1])).toBe(true);
  });

  it('writes background noise that pre-dates the incident', () => {
    const world = simulate(tutorial);
    const early = searchLogs(world, {
      service: 'web',
      contains: 'upstream timed out',
      endMs: Date.parse('2026-10-25T01:40:00Z'),
    });
    expect(early.matched).toBeGreaterThan(0);
  });
});

describe('searchLogs', () => {
  const world = simulate(builtinScenario('tutorial.yaml'));

  it('returns the newest lines first, up to the limit, and counts every match', () => {
    const result = searchLogs(world, { service: 'cart', contains: 'TypeError', limit: 5 });
    expect(result.lines).toHaveLength(5);
    expect(result.matched).toBeGreaterThan(5);
    const times = result.lines.map((l) => l.tsMs);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('finds the same lines as a plain substring scan of the stream', () => {
    const needle = 'POST /checkout';
    const expected: number[] = [];
    for (let id = 0; id < world.logs.size; id++) {
      if (world.logs.streamOf(id).labels.service === 'web' && world.logs.line(id).includes(needle))
        expected.push(id);
    }
    const result = searchLogs(world, { service: 'web', contains: needle, limit: 1_000_000 });
    expect(result.lines.map((l) => l.id).sort((a, b) => a - b)).toEqual(expected);
  });
});
