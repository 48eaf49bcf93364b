import type { BotName } from '../../scoring/bots.ts';
import type { Scenario } from '../schema.ts';

/** The checks lint runs, by the name its findings carry. */
export const LINT_RULES = [
  'symptomless-fault',
  'unreachable-clue',
  'taught-metric',
  'shortcut',
  'answer-leak',
  'variant',
  'too-few-tools',
  'bot-bar',
  'mitigations',
  'chain-meaning',
  'estimate',
] as const;

/** One lint rule's name. */
export type LintRule = (typeof LINT_RULES)[number];

/** A lint finding before it is placed in the file: where in the document (a path), what, how bad. */
export interface LintFinding {
  readonly rule: LintRule;
  readonly severity: 'error' | 'warning';
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * What each bot must reach (`atLeast`) or stay under (`atMost`) on every scenario; see SCORING.md. The
 * last-change bar holds where the latest change before the page is not the trigger, the memorizer's where
 * another variant has a different answer.
 */
export const BOT_BARS = {
  reference: { atLeast: 90 },
  guess: { atMost: 35 },
  shotgun: { atMost: 60 },
  random: { atMost: 10 },
  restarter: { atMost: 35 },
  'padded-guess': { atMost: 30 },
  'chain-spam': { atMost: 45 },
  vocabulary: { atMost: 30 },
  'hint-farmer': { atMost: 60 },
  'last-change': { atMost: 30 },
  memorizer: { atMost: 35 },
  'honest-wrong': { atLeast: 25, atMost: 50 },
} as const satisfies Readonly<Record<BotName, { atLeast?: number; atMost?: number }>>;

/** Seeds the random bot is averaged over: one lucky run says little of a player who reasons at random. */
export const RANDOM_BOT_SEEDS: readonly number[] = Array.from({ length: 20 }, (_, i) => i + 1);

/** A finding for the whole scenario, placed at its `solution` section. */
export function atSolution(
  rule: LintRule,
  severity: LintFinding['severity'],
  message: string,
  path: readonly (string | number)[] = ['solution'],
): LintFinding {
  return { rule, severity, path, message };
}

/** The path of a clue (or red herring) in the solution. */
export function cluePath(scenario: Scenario, clueId: string): (string | number)[] {
  const i = scenario.solution.clues.findIndex((c) => c.id === clueId);
  if (i >= 0) return ['solution', 'clues', i];
  const j = scenario.solution.redHerrings.findIndex((c) => c.id === clueId);
  return j >= 0 ? ['solution', 'redHerrings', j] : ['solution'];
}
