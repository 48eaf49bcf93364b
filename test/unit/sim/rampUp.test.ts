import { describe, expect, it } from 'vitest';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { faultWorld } from './faultWorld.ts';

// The fault world's faults start at 00:15 and the window ends at 00:40.
const at = (hhmm: string) => Date.parse(`2026-03-01T${hhmm}:00Z`);

/** Share of the users' `GET /items` requests that failed, among those started in [from, until). */
function failedShare(world: World, from: number, until: number): number {
  let n = 0;
  let failed = 0;
  for (const row of world.traces.spansOf('web')) {
    const s = world.traces.span(row);
    if (s.kind !== 'server' || s.name !== 'GET /items' || s.startMs < from || s.startMs >= until) continue;
    n++;
    if (s.status === 'error') failed++;
  }
  return failed / n;
}

function metricAt(world: World, expr: string, t: number): number {
  const r = instantQuery(world.metrics, expr, t);
  if (!r.ok || r.value.resultType !== 'vector') throw new Error(`no vector for ${expr}`);
  return r.value.result[0]!.v;
}

const failing = (extra: string) =>
  `{ id: f, kind: custom, service: api, route: "GET /v1/items", trigger: change, errorRate: 0.3, log: { message: "pricing lookup failed" }${extra} }`;

describe('a fault that ramps up', () => {
  it('fails a growing share of requests until its ramp is over, then all it would at once', () => {
    const ramped = simulate(faultWorld(failing(', rampUp: 20m')));
    const sudden = simulate(faultWorld(failing('')));
    const shares = (w: World) => [
      failedShare(w, at('00:15'), at('00:20')),
      failedShare(w, at('00:25'), at('00:30')),
      failedShare(w, at('00:35'), at('00:40')),
    ];
    const [first, middle, last] = shares(ramped) as [number, number, number];
    const full = shares(sudden);
    // Strength averages 1/8 over the first five minutes and 5/8 over 00:25–00:30, and is full after
    // 00:35; web's retries and the load they add make more of the users' requests fail than errorRate.
    expect(first).toBeLessThan(full[0]! - 0.3);
    expect(middle).toBeGreaterThan(first + 0.2);
    expect(last).toBeGreaterThan(middle);
    expect(Math.abs(last - full[2]!)).toBeLessThan(0.05);
    // Without a ramp the fault hits at full strength from its start.
    expect(Math.abs(full[0]! - full[2]!)).toBeLessThan(0.05);
  });

  it('moves a clock further the longer it drifts', () => {
    const world = simulate(
      faultWorld('{ id: f, kind: clock-skew, service: api, trigger: change, severity: 0.5, rampUp: 20m }'),
    );
    const offset = (hhmm: string) =>
      -metricAt(world, 'min(node_timex_offset_seconds{service="api"})', at(hhmm));
    // Full strength is 20 s + 280 s × 0.5 = 160 s behind.
    expect(offset('00:20')).toBeLessThan(60);
    expect(offset('00:30')).toBeGreaterThan(offset('00:20') + 30);
    expect(offset('00:38')).toBeGreaterThan(150);
  });

  it('fills what it exhausts slower: a leak that creeps restarts pods later', () => {
    const leak = (extra: string) =>
      simulate(
        faultWorld(`{ id: f, kind: memory-leak, service: api, trigger: change, severity: 0.8${extra} }`),
      );
    const memAt = (w: World, hhmm: string) =>
      metricAt(w, 'max(process_resident_memory_bytes{service="api"})', at(hhmm));
    const ramped = leak(', rampUp: 20m');
    const sudden = leak('');
    expect(memAt(ramped, '00:18')).toBeLessThan(memAt(sudden, '00:18'));
  });

  it('is refused when it would end before its ramp is over', () => {
    expect(() => faultWorld(failing(', until: 2026-03-01T00:25:00Z, rampUp: 20m'))).toThrow(
      'faults[0].rampUp: the fault ends at 2026-03-01T00:25:00Z, 10m after it starts, before its 20m ramp is over: shorten `rampUp` to 10m or less, or move `until`',
    );
  });
});
