import type { BotName } from '../../scoring/bots.ts';
import { simulate } from '../../sim/simulate.ts';
import type { ScenarioDiagnostic } from '../diagnostics.ts';
import { loadScenario } from '../load.ts';
import { parseScenarioYaml } from '../parse.ts';
import type { Scenario } from '../schema.ts';
import { chainMeaningFindings } from './chainMeanings.ts';
import { tooFewTools, unreachableClues } from './clues.ts';
import { estimateFindings } from './estimate.ts';
import { answerLeaks } from './leaks.ts';
import type { LintTaskResult, MitigationReplay } from './lintTasks.ts';
import { DEFAULT_LINT_VARIANTS, lintTasks, runLintTask } from './lintTasks.ts';
import { taughtMetricFindings } from './metricClues.ts';
import type { MitigationVariantCheck } from './mitigations.ts';
import { mitigationFindings, mitigationVariantFindings, unnamedTargets } from './mitigations.ts';
import { placeFinding } from './place.ts';
import { barredBots, botBarFindings, botScores, broadQueryShortcut } from './shortcuts.ts';
import { symptomlessFaults } from './symptoms.ts';
import { trainsFindings } from './trains.ts';
import type { LintFinding, LintRule } from './types.ts';
import type { VariantCheck } from './variantChecks.ts';
import { checkVariant, unusedParams, variantFindings } from './variantChecks.ts';

export { DEFAULT_LINT_VARIANTS } from './lintTasks.ts';

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
  const written = lintWritten(text, file, options);
  if (!written.scenario) return written.report;
  const results = lintTasks(written.scenario, options).map((task) =>
    runLintTask(text, file, task, written.replay),
  );
  return finishLint(text, file, options, written, results);
}

/**
 * What lint finds in the variant linted in full (the file as written unless told), before the other
 * variants are checked: the report so far, the scenario when it loads, and what replaying the
 * mitigations in the other variants needs ({@link runLintTask}).
 */
export interface WrittenLint {
  readonly report: LintReport;
  readonly scenario?: Scenario;
  readonly replay: MitigationReplay;
}

/**
 * The first part of {@link lintScenarioText}: every check of the variant linted in full. The variant
 * checks ({@link lintTasks}) are independent of it but for `replay`, so they may run elsewhere meanwhile;
 * `onReplay` hears the replay as soon as it is known, before the rest of the checks.
 */
export function lintWritten(
  text: string,
  file: string,
  options: LintOptions = {},
  onReplay?: (replay: MitigationReplay) => void,
): WrittenLint {
  const variant = options.variant ?? 0;
  const loaded = loadScenario(text, file, { variant });
  if (!loaded.scenario)
    return {
      report: { diagnostics: loaded.diagnostics.map((d) => ({ ...d, rule: 'validate' })) },
      replay: { play: false },
    };
  const scenario = loaded.scenario;
  const { parsed } = parseScenarioYaml(text, file);
  // A variant is played with its number as the seed, as the game does; the file as written with its own.
  const seed = variant === 0 ? scenario.seed : variant;
  // The mitigations first: the variants' replay waits on them, and they need no world of their own.
  const response = mitigationFindings(scenario, { seed });
  // Variants are checked against the file as written: when linting one variant, the others are not replayed.
  const play = variant === 0 && response.played.length > 0;
  const replay = { play, ...(response.differing ? { differing: response.differing } : {}) };
  onReplay?.(replay);
  const world = simulate(scenario, variant === 0 ? {} : { seed: variant });
  const bots = botScores(scenario, world, barredBots(world));
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
  return {
    report: { diagnostics: findings.map((f) => placeFinding(parsed, file, f)), bots },
    scenario,
    replay,
  };
}

/**
 * The last part of {@link lintScenarioText}: the variant checks' results (in the order of
 * {@link lintTasks}) grouped into findings and added to what {@link lintWritten} found, sorted.
 */
export function finishLint(
  text: string,
  file: string,
  options: LintOptions,
  written: WrittenLint,
  results: readonly LintTaskResult[],
): LintReport {
  const { scenario, replay, report } = written;
  if (!scenario) return report;
  const { parsed } = parseScenarioYaml(text, file);
  const count = options.variants ?? DEFAULT_LINT_VARIANTS;
  const checks: VariantCheck[] = [];
  const replayed: (MitigationVariantCheck | undefined)[] = [];
  for (const r of results) {
    if (r.kind === 'variant') checks[r.seed - 1] = r.check;
    else replayed[r.seed - 1] = r.check;
  }
  const diagnostics = [
    ...report.diagnostics,
    ...variantFindings(text, file, scenario, count, (f) => placeFinding(parsed, file, f), checks),
  ];
  if (replay.play)
    diagnostics.push(
      ...mitigationVariantFindings(text, file, scenario.variants ? count : 0, replay.differing, replayed).map(
        (f) => placeFinding(parsed, file, f),
      ),
    );
  diagnostics.sort((a, b) => a.line - b.line || a.col - b.col || a.message.localeCompare(b.message));
  return { diagnostics, ...(report.bots ? { bots: report.bots } : {}) };
}

/**
 * Check (e) for one variant alone, positioned in the file: what `lintScenarioText` reports for it among
 * `variants`. Lets a test suite play variants one at a time.
 */
export function lintVariant(text: string, file: string, variant: number): LintDiagnostic[] {
  const { parsed } = parseScenarioYaml(text, file);
  const { label, diagnostics } = checkVariant(text, file, variant, (f) => placeFinding(parsed, file, f));
  return diagnostics.map((d) => ({ ...d, message: `in ${label}: ${d.message}` }));
}

/** Formats a lint diagnostic as `file:line:col: severity: message [rule]`. */
export function formatLintDiagnostic(d: LintDiagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message} [${d.rule}]`;
}
