import { describe, expect, it } from 'vitest';
import { diffWorlds, faultWindow, worldWithout } from '../../../src/engine/scenario/lint/symptoms.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

describe('the world without a fault', () => {
  // The world without the fault writes its text from a little before the fault's window only; over the
  // window it must differ from the faulty world exactly as a whole run without the fault does.
  it.each(['tutorial.yaml', 'two-of-three.yaml'])(
    '%s: differs over the window as a full run does',
    (file) => {
      const scenario = builtinScenario(file);
      const world = simulate(scenario);
      scenario.faults.forEach((_, i) => {
        const { fromMs, untilMs } = faultWindow(scenario, i, world);
        expect(fromMs).toBeGreaterThan(world.startMs);
        const full = simulate(
          { ...scenario, faults: scenario.faults.filter((_, j) => j !== i) },
          { seed: world.seed },
        );
        const partial = worldWithout(scenario, i, world);
        expect(partial.logs.size).toBeLessThan(full.logs.size);
        const diff = diffWorlds(world, full, fromMs, untilMs);
        expect(diff.newLines + diff.series + Math.abs(diff.errorSpans)).toBeGreaterThan(0);
        expect(diffWorlds(world, partial, fromMs, untilMs)).toEqual(diff);
      });
    },
  );
});
