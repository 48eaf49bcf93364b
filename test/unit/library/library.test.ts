import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLintDiagnostic, lintScenarioText } from '../../../src/engine/scenario/lint/lintScenario.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { scenarioText } from '../helpers.ts';

// Every scenario of the library (scenarios/bench holds the size benchmark, not a scenario to play).
const files = readdirSync(join(process.cwd(), 'scenarios')).filter((f) => f.endsWith('.yaml'));

/** Variants played beyond the file as written: each must load, keep its clues and meet the bots' bars. */
const VARIANTS = 3;

// The bots' bars on the file as written are also checked by test/unit/scoring/bots.test.ts; lint checks
// them again here because it is what an author runs, and it adds the variants.
describe.each(files)('scenarios/%s', (file) => {
  const text = scenarioText(file);

  it('validates clean', () => {
    expect(loadScenario(text, `scenarios/${file}`).diagnostics).toEqual([]);
  });

  it(`lints with no errors, in the file as written and ${VARIANTS} variants`, () => {
    const report = lintScenarioText(text, `scenarios/${file}`, { variants: VARIANTS });
    const errors = report.diagnostics.filter((d) => d.severity === 'error').map(formatLintDiagnostic);
    expect(errors).toEqual([]);
  });
});
