import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkQuery, checkScenarioText, vocabularyOf } from '../../../src/cli/fuzzCheck.ts';
import { queryCases } from '../../../src/cli/fuzzQueries.ts';
import { scenarioCases } from '../../../src/cli/fuzzScenarios.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

// A small draw of what `twoam fuzz` tries at length: mutated built-in scenarios and generated queries.
// Nothing may throw, and every problem must be reported where it is.

const SEED = 2026;

const bases = readdirSync(join(process.cwd(), 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => ({ file, text: readFileSync(join(process.cwd(), 'scenarios', file), 'utf8') }));

describe('fuzzed input', () => {
  it('mutated scenarios are refused with positioned errors or generate', () => {
    const cases = [...scenarioCases(bases, SEED, 30)];
    const outcomes = cases.map((c, i) => ({
      name: c.name,
      ...checkScenarioText(c.text, `fuzz-${i}.yaml`, { minutes: 5 }),
    }));
    expect(outcomes.filter((o) => o.kind !== 'accepted' && o.kind !== 'rejected')).toEqual([]);
    // The draw reaches both sides: some mutants still validate, most are refused.
    expect(outcomes.some((o) => o.kind === 'accepted')).toBe(true);
    expect(outcomes.some((o) => o.kind === 'rejected')).toBe(true);
  });

  it('generated LogQL and PromQL queries answer or give positioned errors', () => {
    const world = simulate(builtinScenario('tutorial.yaml'));
    const cases = queryCases(vocabularyOf(world), SEED, 300, 'simple');
    const outcomes = cases.map((q) => ({ query: q.text, ...checkQuery(world, q) }));
    expect(outcomes.filter((o) => o.kind !== 'accepted' && o.kind !== 'rejected')).toEqual([]);
    expect(outcomes.some((o) => o.kind === 'accepted')).toBe(true);
    expect(outcomes.some((o) => o.kind === 'rejected')).toBe(true);
    // Under a budget that has run out, the same queries are stopped and told as over budget.
    const spent = { expired: () => true };
    expect(checkQuery(world, cases[0]!, spent)).toEqual({
      kind: 'overBudget',
      detail: 'stopped by its budget',
    });
  });
});
