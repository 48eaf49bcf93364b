import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { mitigationOf, pageTime, playResponse } from '../../../src/engine/sim/response/response.ts';
import { Run } from '../../../src/engine/sim/run.ts';
import { builtinScenario } from '../helpers.ts';
import { faultWorld } from './faultWorld.ts';

const MIN = 60_000;

/** Every tick's health of a run, as the judgement reads it. */
function healthTicks(run: Run): string[] {
  const out: string[] = [];
  for (let t = 0; t < run.health.ticks; t++) out.push(JSON.stringify(run.health.window(t, t + 1)));
  return out;
}

/** A run keeping only its health, played to `atMs` with the earlier steps applied. */
function playedTo(scenario: Scenario, untilMs: number, steps: [string, number][], atMs: number): Run {
  const run = new Run(scenario, scenario.seed, { healthOnly: true });
  run.extendTo(untilMs);
  for (const [id, t] of steps) run.mitigate(mitigationOf(scenario, id, t), t);
  run.advanceTo(atMs);
  return run;
}

describe('a copy of a run keeping only its health', () => {
  // Each action kind the built-in scenarios weigh, applied to a copy made at the page and to a run played
  // from the start: the two go on identically, and the run copied from is left as it was.
  const cases: { file: string; action: string; before?: [string, number] }[] = [
    { file: 'tutorial.yaml', action: 'rollback:deploy-cart-2-4-1' },
    { file: 'tutorial.yaml', action: 'hotfix:cart:a41f9c2' },
    { file: 'aftershock.yaml', action: 'revert:catalog-inventory-retries' },
    { file: 'tutorial.yaml', action: 'rate-limit:coupon-shoppers' },
    // Instances started before the copy (a scale-out ten minutes earlier) are copied with their state.
    { file: 'tutorial.yaml', action: 'restart:cart', before: ['scale:cart:4', -10 * MIN] },
    { file: 'pool-last-year.yaml', action: 'scale:orders:4' },
    { file: 'catalog-restarts.yaml', action: 'restart:catalog' },
    { file: 'only-in-europe.yaml', action: 'failover:eu:us' },
    { file: 'pickup-search.yaml', action: 'revert:geocoder-plan' },
    { file: 'month-end.yaml', action: 'revert:export-one-transaction' },
  ];
  it.each(cases)('$file: $action on a copy plays as from the start', ({ file, action, before }) => {
    const scenario = builtinScenario(file);
    const page = pageTime(scenario);
    const until = page + 40 * MIN;
    const earlier: [string, number][] = before ? [[before[0], page + before[1]]] : [];
    const fresh = playedTo(scenario, until, [...earlier, [action, page]], until);
    const base = playedTo(scenario, until, earlier, page);
    const copy = base.fork();
    copy.mitigate(mitigationOf(scenario, action, page), page);
    copy.advanceTo(until);
    expect(copy.tick).toBe(fresh.tick);
    expect(healthTicks(copy)).toEqual(healthTicks(fresh));
    // The run copied from goes on as if nothing had been done.
    base.advanceTo(until);
    expect(healthTicks(base)).toEqual(healthTicks(playedTo(scenario, until, earlier, until)));
    expect(healthTicks(base)).not.toEqual(healthTicks(fresh));
  });

  // Faults whose state builds up over ticks or sticks to the hosts they chose carry it into the copy.
  it.each([
    ['{ id: f, kind: port-exhaustion, service: api, trigger: change, severity: 0.9 }', 'restart:api'],
    [
      '{ id: f, kind: credential-rotation, service: api, edge: { from: api, to: db }, trigger: change, severity: 0 }',
      'drain:api/2',
    ],
    ['{ id: f, kind: clock-skew, service: api, trigger: change, severity: 0.5 }', 'drain:api/1'],
    [
      '{ id: f, kind: quota-exhausted, service: web, edge: { from: web, to: api }, trigger: change, severity: 0.6 }',
      'scale:web:4',
    ],
    ['{ id: f, kind: poison-message, service: worker, trigger: change, severity: 0.6 }', 'revert:change'],
  ])('%s: %s on a copy plays as from the start', (fault, action) => {
    const scenario = faultWorld(fault);
    const at = Date.parse('2026-03-01T00:30:00Z');
    const until = at + 9 * MIN;
    const fresh = playedTo(scenario, until, [[action, at]], until);
    const copy = playedTo(scenario, until, [], at).fork();
    copy.mitigate(mitigationOf(scenario, action, at), at);
    copy.advanceTo(until);
    expect(healthTicks(copy)).toEqual(healthTicks(fresh));
  });

  it('refuses to copy a run that writes telemetry', () => {
    const run = new Run(builtinScenario('tutorial.yaml'), 1);
    expect(() => run.fork()).toThrow(/only a run that keeps only its health/);
  });

  it('gives the health of a full run while writing no lines', () => {
    const scenario = builtinScenario('tutorial.yaml');
    const step = { mitigation: 'rollback:deploy-cart-2-4-1', atMs: pageTime(scenario) };
    const until = step.atMs + 20 * MIN;
    const full = playResponse(scenario, 3, [step], until);
    const only = playResponse(scenario, 3, [step], until, undefined, { healthOnly: true });
    expect(healthTicks(only)).toEqual(healthTicks(full));
    expect(full.world().logs.size).toBeGreaterThan(0);
    expect(only.world().logs.size).toBe(0);
  });
});
