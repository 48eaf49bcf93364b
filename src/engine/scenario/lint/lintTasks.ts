import { parseScenarioYaml } from '../parse.ts';
import type { Scenario } from '../schema.ts';
import type { LintOptions } from './lintScenario.ts';
import type { MitigationVariantCheck } from './mitigations.ts';
import { mitigationVariantCheck } from './mitigations.ts';
import { placeFinding } from './place.ts';
import type { VariantCheck } from './variantChecks.ts';
import { checkVariant } from './variantChecks.ts';

/** How many variants lint plays when not told: enough to catch a parameter that breaks a play. */
export const DEFAULT_LINT_VARIANTS = 5;

/**
 * A part of a lint that needs nothing of the rest but the text: one variant's check (e), or its
 * mitigations replayed. Each simulates a world of its own, so a caller with threads to spare can share
 * them out; the results are the same whoever runs them.
 */
export interface LintTask {
  readonly kind: 'variant' | 'mitigations';
  readonly seed: number;
}

/** What a {@link LintTask} found; plain data, so it can cross between threads. */
export type LintTaskResult =
  | { readonly kind: 'variant'; readonly seed: number; readonly check: VariantCheck }
  | { readonly kind: 'mitigations'; readonly seed: number; readonly check?: MitigationVariantCheck };

/**
 * Whether the variants replay the mitigations, and the wrong one that differed in the file as written:
 * known once the file as written has been played (see `lintWritten`).
 */
export interface MitigationReplay {
  readonly play: boolean;
  readonly differing?: string;
}

/**
 * The variant checks a lint makes beyond the variant linted in full: every variant's check (e), the
 * slowest first (each simulates a whole world), then their mitigations replayed when the file as
 * written is linted. None for a scenario without variants: it only gets a warning.
 */
export function lintTasks(scenario: Scenario, options: LintOptions = {}): LintTask[] {
  const count = options.variants ?? DEFAULT_LINT_VARIANTS;
  if (!scenario.variants || count <= 0) return [];
  const seeds = Array.from({ length: count }, (_, i) => i + 1);
  return [
    ...seeds.map((seed) => ({ kind: 'variant' as const, seed })),
    ...((options.variant ?? 0) === 0 ? seeds.map((seed) => ({ kind: 'mitigations' as const, seed })) : []),
  ];
}

/**
 * Runs one {@link LintTask} on the scenario's text. A mitigations task needs `replay`; when the file as
 * written played none, it finds nothing.
 */
export function runLintTask(
  text: string,
  file: string,
  task: LintTask,
  replay: MitigationReplay,
): LintTaskResult {
  if (task.kind === 'variant') {
    const { parsed } = parseScenarioYaml(text, file);
    const check = checkVariant(text, file, task.seed, (f) => placeFinding(parsed, file, f));
    return { kind: 'variant', seed: task.seed, check };
  }
  if (!replay.play) return { kind: 'mitigations', seed: task.seed };
  const check = mitigationVariantCheck(text, file, task.seed, replay.differing);
  return { kind: 'mitigations', seed: task.seed, ...(check ? { check } : {}) };
}
