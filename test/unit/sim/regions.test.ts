import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { createRun } from '../../../src/engine/sim/simulate.ts';
import { pickInstance } from '../../../src/engine/sim/traffic/requests.ts';
import { loadedScenario } from '../helpers.ts';

/** A front end of `n` instances spread over eu and us, with users in both. */
function regional(n: number): Scenario {
  const text = `
id: regional
title: Regional
difficulty: standard
summary: Two regions.
seed: 5
window: { start: 2026-03-01T00:00:00Z, end: 2026-03-01T00:10:00Z }
system:
  services:
    - id: web
      kind: frontend
      instances: ${n}
      regions: [eu, us]
      endpoints: [{ route: "GET /", rate: 5, latency: 3ms }]
traffic:
  segments:
    - { id: europe, share: 0.5, attrs: { region: eu } }
    - { id: america, share: 0.5, attrs: { region: us } }
faults:
  - { id: f, kind: cpu-saturation, service: web, from: 2026-03-01T00:05:00Z, severity: 0.5 }
briefing:
  page: { title: Test, at: 2026-03-01T00:09:00Z, body: Test. }
solution:
  rootCause: { component: web, fault: cpu-saturation }
  explanation: Test.
  clues: [{ id: c, description: Test., log: { service: web, contains: x } }]
`;
  const scenario = loadedScenario(text, 'regional.yaml');
  return scenario;
}

describe('picking an instance', () => {
  it.each([2, 4, 8])('keeps a region’s users in their region, spread evenly over its %i instances', (n) => {
    const run = createRun(regional(n));
    const svc = run.sys.services[0]!;
    const t = run.sys.startMs + 60_000;
    for (const region of ['eu', 'us']) {
      const counts = new Map<string, number>();
      for (let k = 0; k < 4000; k++) {
        const inst = pickInstance(run, svc, t, region)!;
        expect(inst.region).toBe(region);
        counts.set(inst.name, (counts.get(inst.name) ?? 0) + 1);
      }
      expect(counts.size).toBe(n / 2);
      for (const c of counts.values()) expect(Math.abs(c - 4000 / (n / 2))).toBeLessThan(4000 / (n / 2) / 5);
    }
  });

  it('spreads requests without a region over every instance', () => {
    const run = createRun(regional(4));
    const svc = run.sys.services[0]!;
    const seen = new Set<string>();
    for (let k = 0; k < 400; k++) seen.add(pickInstance(run, svc, run.sys.startMs, '')!.name);
    expect(seen.size).toBe(4);
  });

  it('sends a region’s users to its instance that is up when the drawn one is down, never across', () => {
    const run = createRun(regional(4));
    const svc = run.sys.services[0]!;
    const t = run.sys.startMs + 60_000;
    const eu = svc.active.map((i) => run.sys.instances[i]!).filter((i) => i.region === 'eu');
    eu[0]!.killedAt = t - 60_000;
    eu[0]!.downUntil = t + 60_000;
    for (let k = 0; k < 200; k++) expect(pickInstance(run, svc, t, 'eu')).toBe(eu[1]);
    eu[1]!.killedAt = t - 60_000;
    eu[1]!.downUntil = t + 60_000;
    expect(pickInstance(run, svc, t, 'eu')).toBeUndefined();
    expect(pickInstance(run, svc, t, 'us')?.region).toBe('us');
  });
});
