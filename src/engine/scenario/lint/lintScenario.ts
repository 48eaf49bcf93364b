import type { BotName } from '../../scoring/bots.ts';
import { simulate } from '../../sim/simulate.ts';
import type { ScenarioDiagnostic } from '../diagnostics.ts';
import { formatPath } from '../diagnostics.ts';
import { loadScenario } from '../load.ts';
import type { ParsedYaml } from '../parse.ts';
import { locate, parseScenarioYaml } from '../parse.ts';
import { chainMeaningFindings } from './chainMeanings.ts';
import { tooFewTools, unreachableClues } from './clues.ts';
import { estimateFindings } from './estimate.ts';
import { answerLeaks } from './leaks.ts';
import { taughtMetricFindings } from './metricClues.ts';
import { mitigationFindings, mitigationVariantFindings, unnamedTargets } from './mitigations.ts';
import { barredBots, botBarFindings, botScores, broadQueryShortcut } from './shortcuts.ts';
import { symptomlessFaults } from './symptoms.ts';
import { trainsFindings } from './trains.ts';
import type { LintFinding, LintRule } from './types.ts';
import { checkVariant, unusedParams, variantFindings } from './variantChecks.ts';

/** How many variants lint plays when not told: enough to catch a parameter that breaks a play. */
export const DEFAULT_LINT_VARIANTS = 5;

/** A lint diagnostic: a scenario diagnostic with the rule that found it (`validate` for load errors). */
export interface LintDiagnostic extends ScenarioDiagnostic {
  readonly rule: LintRule | 'validate';
}

/** Options of {@link lintScenarioText}. */
export interface LintOptions {
  /** How many variants beyond the file as written to load, check and play (default 5; 0 for none). */
  readonly variants?: number;
  /** The variant linted in full (default 0, the file as written), as `twoam lint --variant N` plays it. */
  readonly variant?: number;
}

/** What lint found, and the bots' scores on the file as written (absent when it does not load). */
export interface LintReport {
  readonly diagnostics: readonly LintDiagnostic[];
  readonly bots?: Partial<Record<BotName, number>>;
}

/**
 * Lints a scenario file: it must load, and then its faults must show, its clues be findable, its answer
 * stay out of the briefing, its key clues span three tools, its bots meet their bars, its correct mitigation clear the
 * symptoms while a wrong one visibly does not, and every variant checked stay solvable. Pure: simulates the worlds it needs (one per variant, one more per fault).
 *
 * @example
 * const { diagnostics } = lintScenarioText(text, 'scenarios/cert-expiry.yaml', { variants: 3 });
 */
export function lintScenarioText(text: string, file: string, options: LintOptions = {}): LintReport {
  const variant = options.variant ?? 0;
  const loaded = loadScenario(text, file, { variant });
  if (!loaded.scenario) return { diagnostics: loaded.diagnostics.map((d) => ({ ...d, rule: 'validate' })) };
  const scenario = loaded.scenario;
  const { parsed } = parseScenarioYaml(text, file);
  // A variant is played with its number as the seed, as the game does; the file as written with its own.
  const world = simulate(scenario, variant === 0 ? {} : { seed: variant });
  const bots = botScores(scenario, world, barredBots(world));
  const seed = variant === 0 ? scenario.seed : variant;
  const response = mitigationFindings(scenario, { seed });
  const findings: LintFinding[] = [
    ...symptomlessFaults(scenario, world),
    ...unreachableClues(scenario, world),
    ...taughtMetricFindings(scenario, world),
    ...broadQueryShortcut(scenario, world),
    ...answerLeaks(scenario, file),
    ...trainsFindings(scenario),
    ...estimateFindings(scenario),
    ...tooFewTools(scenario),
    ...chainMeaningFindings(scenario),
    ...botBarFindings(bots, '', { scenario, world }),
    ...unusedParams(scenario, text),
    ...response.findings,
    ...unnamedTargets(scenario),
  ];
  const diagnostics: LintDiagnostic[] = findings.map((f) => place(parsed, file, f));
  diagnostics.push(
    ...variantFindings(text, file, scenario, options.variants ?? DEFAULT_LINT_VARIANTS, (f) =>
      place(parsed, file, f),
    ),
  );
  // Variants are checked against the file as written: when linting one variant, the others are not replayed.
  if (variant === 0 && response.played.length > 0)
    diagnostics.push(
      ...mitigationVariantFindings(
        text,
        file,
        scenario.variants ? (options.variants ?? DEFAULT_LINT_VARIANTS) : 0,
        response.differing,
      ).map((f) => place(parsed, file, f)),
    );
  diagnostics.sort((a, b) => a.line - b.line || a.col - b.col || a.message.localeCompare(b.message));
  return { diagnostics, bots };
}

/**
 * Check (e) for one variant alone, positioned in the file: what `lintScenarioText` reports for it among
 * `variants`. Lets a test suite play variants one at a time.
 */
export function lintVariant(text: string, file: string, variant: number): LintDiagnostic[] {
  const { parsed } = parseScenarioYaml(text, file);
  const { label, diagnostics } = checkVariant(text, file, variant, (f) => place(parsed, file, f));
  return diagnostics.map((d) => ({ ...d, message: `in ${label}: ${d.message}` }));
}

function place(parsed: ParsedYaml | undefined, file: string, f: LintFinding): LintDiagnostic {
  const { line, col } = parsed ? locate(parsed, f.path) : { line: 1, col: 1 };
  return {
    file,
    line,
    col,
    path: formatPath(f.path),
    severity: f.severity,
    message: f.message,
    rule: f.rule,
  };
}

/** Formats a lint diagnostic as `file:line:col: severity: message [rule]`. */
export function formatLintDiagnostic(d: LintDiagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message} [${d.rule}]`;
}
