import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../../src/engine/scenario/units.ts';
import { mitigationOf } from '../../../src/engine/sim/response/response.ts';
import { createRun, simulate } from '../../../src/engine/sim/simulate.ts';
import { ongoingAt, pressureAt, userEndpoints } from '../../../src/engine/views/pressure.ts';
import { builtinScenario } from '../helpers.ts';

const tutorial = builtinScenario('tutorial.yaml');
const at = (hms: string) => parseTimestamp(`2026-10-25T${hms}Z`)!;

/** The pressure rounded as the header shows it (budget in hundredths of a percent, burn to a tenth). */
function shown(world: ReturnType<typeof simulate>, hms: string) {
  const p = pressureAt(world, at(hms));
  return {
    failed: p.failed,
    left: Math.round(p.budget.left * 10_000) / 100,
    burn: Math.round(p.budget.burnRate * 10) / 10,
    firings: p.firings,
    ongoing: ongoingAt(world, at(hms)),
  };
}

describe('the pressure read model', () => {
  const world = simulate(tutorial);

  it('reads the endpoints users call: those with a rate, on services that count requests', () => {
    expect(userEndpoints(tutorial)).toEqual([
      { service: 'web', method: 'GET', route: '/' },
      { service: 'web', method: 'GET', route: '/product' },
      { service: 'web', method: 'POST', route: '/checkout' },
    ]);
  });

  it.each([
    ['at the start of the window', '01:00:00', { failed: 0, left: 100, burn: 0, firings: 0, ongoing: false }],
    [
      'before the deploy that breaks checkout',
      '01:39:00',
      { failed: 0, left: 100, burn: 0, firings: 0, ongoing: false },
    ],
    ['once the alert fired', '01:45:00', { failed: 130, left: 99.49, burn: 44.2, firings: 1, ongoing: true }],
    ['at the page', '02:05:00', { failed: 595, left: 97.68, burn: 43.1, firings: 1, ongoing: true }],
    [
      'ten minutes into the case',
      '02:15:00',
      { failed: 840, left: 96.74, burn: 41.8, firings: 1, ongoing: true },
    ],
    [
      'at the end of the window',
      '02:30:00',
      { failed: 1183, left: 95.42, burn: 40.3, firings: 1, ongoing: true },
    ],
  ])('%s', (_, hms, expected) => {
    expect(shown(world, hms)).toEqual(expected);
  });

  it('stops burning the budget once a mitigation clears the errors', () => {
    const run = createRun(tutorial);
    run.advanceTo(at('02:05:00'));
    run.mitigate(mitigationOf(tutorial, 'rollback:deploy-cart-2-4-1', at('02:05:00')), at('02:05:00'));
    run.advanceTo(at('02:30:00'));
    const mitigated = run.world();
    expect(shown(mitigated, '02:05:00')).toEqual(shown(world, '02:05:00'));
    // The rollback takes a few minutes to roll out; then nothing more fails and the budget holds.
    expect(shown(mitigated, '02:15:00')).toEqual({
      failed: 714,
      left: 97.22,
      burn: 0,
      firings: 1,
      ongoing: false,
    });
    expect(shown(mitigated, '02:30:00')).toEqual(shown(mitigated, '02:15:00'));
  });

  it('reads nothing of the answer: the same world with another solution, hints and faults answers the same', () => {
    const other = builtinScenario('ten-minute-fix.yaml');
    const blind = {
      ...world,
      scenario: { ...tutorial, solution: other.solution, hints: [], faults: other.faults, mitigations: {} },
    };
    for (const hms of ['01:45:00', '02:05:00', '02:20:00'])
      expect(pressureAt(blind, at(hms))).toEqual(pressureAt(world, at(hms)));
  });
});
