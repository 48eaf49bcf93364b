import { describe, expect, it } from 'vitest';
import { appliedMitigations } from '../../../src/engine/investigation/responseSteps.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { playBot } from '../../../src/engine/scoring/bots.ts';
import { score } from '../../../src/engine/scoring/score.ts';
import { judgeResponse, pageTime, playResponse } from '../../../src/engine/sim/response/response.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

const ROLLBACK = 'rollback:deploy-cart-2-4-1';
const LIMIT = 'rate-limit:coupon-shoppers';

/** The tutorial weighing a right rollback and three plausible wrong actions, whatever its file says. */
function tutorial(): Scenario {
  const s = builtinScenario('tutorial.yaml');
  return {
    ...s,
    mitigations: {
      [ROLLBACK]: { right: true, cost: '4m' },
      'restart:cart': { right: false, cost: '3m' },
      'restart:web': { right: false, cost: '3m' },
      [LIMIT]: { right: false, note: 'Turning coupon shoppers away hides the 5xx behind 429s.' },
    },
  };
}

describe('the response part of a score', () => {
  const scenario = tutorial();
  const world = simulate(scenario);
  const part = (actions: Parameters<typeof score>[1], effects?: Parameters<typeof score>[2]) =>
    score(scenario, actions, effects).parts.find((p) => p.id === 'response')!;

  it('gives the expert who mitigates on evidence nearly all of it, and a total above 90', () => {
    const actions = playBot('reference', world);
    const report = score(scenario, actions);
    expect(part(actions).score).toBe(10);
    expect(report.total).toBeGreaterThanOrEqual(90);
  });

  it('scores low a responder who restarts everything before looking', () => {
    const actions = playBot('restarter', world);
    expect(appliedMitigations(scenario, actions).map((m) => m.mitigation)).toEqual([
      'restart:cart',
      'restart:web',
    ]);
    const r = part(actions);
    expect(r.score).toBe(0);
    expect(r.notes).toContain(
      'Restart every instance of cart: chosen with nothing pinned about what it acts on: −2.',
    );
    expect(score(scenario, actions).total).toBeLessThanOrEqual(35);
  });

  it('charges a mitigation the simulation shows made things worse', () => {
    const actions = [...playBot('reference', world)];
    const diagnose = actions.pop()!;
    actions.push({ type: 'mitigate', at: diagnose.at - 1, mitigation: LIMIT }, diagnose);
    // What the limit does, played on its own from the moment it was chosen.
    const limit = appliedMitigations(scenario, actions).find((m) => m.mitigation === LIMIT)!;
    const step = { mitigation: limit.mitigation, atMs: limit.atMs };
    const until = step.atMs + 20 * 60_000;
    const effects = judgeResponse(
      [
        playResponse(scenario, scenario.seed, [], until),
        playResponse(scenario, scenario.seed, [step], until),
      ],
      [step],
    );
    expect(effects.map((e) => e.outcome)).toEqual(['worse']);
    expect(effects[0]!.atMs).toBeGreaterThan(pageTime(scenario));
    const report = score(scenario, actions, effects);
    expect(report.penalties.map((p) => p.label)).toContain(
      'Rate-limit coupon-shoppers to 10% at the edge made things worse',
    );
    // The scenario's note on that choice is read back in the debrief.
    expect(part(actions, effects).notes).toContain(
      'Rate-limit coupon-shoppers to 10% at the edge: Turning coupon shoppers away hides the 5xx behind 429s.',
    );
    expect(report.total).toBeLessThan(score(scenario, playBot('reference', world)).total);
  });

  it('places each mitigation on the incident clock, later ones after the time earlier ones took', () => {
    const page = pageTime(scenario);
    const applied = appliedMitigations(scenario, [
      { type: 'mitigate', at: 60_000, mitigation: 'restart:web' },
      { type: 'mitigate', at: 120_000, mitigation: ROLLBACK },
      { type: 'mitigate', at: 130_000, mitigation: ROLLBACK },
    ]);
    expect(applied.map((m) => [m.mitigation, m.atMs - page])).toEqual([
      ['restart:web', 60_000],
      [ROLLBACK, 120_000 + 3 * 60_000],
    ]);
  });

  it('is left out for a scenario that offers no mitigation', () => {
    const plain = { ...scenario, mitigations: {} };
    expect(score(plain, playBot('reference', simulate(plain))).parts.map((p) => p.id)).not.toContain(
      'response',
    );
  });
});
