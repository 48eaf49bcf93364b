import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tooFewTools, unreachableClues } from '../../../src/engine/scenario/lint/clues.ts';
import { answerLeaks } from '../../../src/engine/scenario/lint/leaks.ts';
import { formatLintDiagnostic, lintVariant } from '../../../src/engine/scenario/lint/lintScenario.ts';
import { symptomlessFaults } from '../../../src/engine/scenario/lint/symptoms.ts';
import type { LintFinding } from '../../../src/engine/scenario/lint/types.ts';
import { unusedParams } from '../../../src/engine/scenario/lint/variantChecks.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { scenarioText } from '../helpers.ts';

// Every scenario of the library (scenarios/bench holds the size benchmark, not a scenario to play).
const files = readdirSync(join(process.cwd(), 'scenarios')).filter((f) => f.endsWith('.yaml'));

/** Variants played beyond the file as written: each must load, keep its clues and meet the bots' bars. */
const VARIANTS = 3;

function errors(findings: readonly LintFinding[]): string[] {
  return findings
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.path.join('.')}: ${f.message} [${f.rule}]`);
}

// What `twoam lint` checks, split so each test simulates a little. The bots' bars on the file as written
// are checked by test/unit/scoring/bots.test.ts; here each variant is played as well.
describe.each(files)('scenarios/%s', (file) => {
  const text = scenarioText(file);
  let scenario: Scenario;
  let world: World;

  beforeAll(() => {
    const loaded = loadScenario(text, `scenarios/${file}`);
    if (!loaded.scenario) return;
    scenario = loaded.scenario;
    world = simulate(scenario);
  });

  it('validates clean', () => {
    expect(loadScenario(text, `scenarios/${file}`).diagnostics).toEqual([]);
  });

  it('leaves a symptom for every fault', () => {
    expect(errors(symptomlessFaults(scenario, world))).toEqual([]);
  });

  it('has clues a query finds, over three tools, and no answer in the briefing', () => {
    expect(
      errors([
        ...unreachableClues(scenario, world),
        ...tooFewTools(scenario),
        ...answerLeaks(scenario, `scenarios/${file}`),
        ...unusedParams(scenario, text),
      ]),
    ).toEqual([]);
  });

  // One variant per test: each is a world to simulate and play, seconds apiece on a loaded machine.
  it.each(Array.from({ length: VARIANTS }, (_, i) => i + 1))('stays solvable in variant %i', (variant) => {
    expect(lintVariant(text, `scenarios/${file}`, variant).map(formatLintDiagnostic)).toEqual([]);
  });
});
