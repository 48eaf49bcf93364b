import type { Scenario } from '../scenario/schema.ts';
import type { SolutionClue } from '../scenario/solutionSchema.ts';
import type { Action, QueryAction, Tool } from './actions.ts';
import { clueService, clueTool, matchesClue } from './clues.ts';
import type { InvestigationState } from './notebook.ts';
import { replay } from './notebook.ts';

/**
 * Where a hint stands for this trainee: already `taken`; its clue `found` (pinned); the place it points to
 * `looked` at (its tool and service queried) without the clue being pinned; or `fresh`, pointing somewhere
 * the trainee has not been.
 */
export type HintStanding = 'taken' | 'found' | 'looked' | 'fresh';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/**
 * Whether a query names a service: scoped to it, or a `service="…"` (or `=~"a|b"`) matcher selecting it.
 * What "the trainee looked at this component" means for hints and for the diagnosis credit.
 */
export function queryNamesService(q: QueryAction, service: string): boolean {
  if (q.scope?.service === service) return true;
  const named = new RegExp(`service\\s*=~?\\s*"([^"]*[|^(])?${escapeRegExp(service)}([|$)][^"]*)?"`);
  return named.test(q.query);
}

/**
 * Whether the trainee has already been where a clue is: a query in the clue's tool that could have shown
 * it. Changes, tickets and alerts are exact (the item itself was shown); logs and spans need the clue's
 * service queried; metrics the metric's name; code the file.
 */
export function lookedForClue(scenario: Scenario, actions: readonly Action[], clue: SolutionClue): boolean {
  const tool: Tool = clueTool(clue);
  const queries = actions.filter((a): a is QueryAction => a.type === 'query' && a.tool === tool);
  if (clue.change !== undefined) return queries.some((q) => q.shownIds.includes(`change:${clue.change}`));
  if (clue.ticket !== undefined) return queries.some((q) => q.shownIds.includes(`ticket:${clue.ticket}`));
  if (clue.alert !== undefined)
    return queries.some((q) => q.shownIds.some((r) => r.startsWith(`alert:${clue.alert}@`)));
  if (clue.metric) {
    const name = clue.metric.name;
    return queries.some((q) => q.query.includes(name));
  }
  if (clue.code) {
    const file = clue.code.file;
    return queries.some((q) => q.query.includes(file) || q.shownIds.some((r) => r.includes(`:${file}#`)));
  }
  const service = clueService(scenario, clue);
  return service !== undefined && queries.some((q) => queryNamesService(q, service));
}

/** Each of the scenario's hints, in the author's order, with where it stands for this trainee. */
export function hintStandings(
  scenario: Scenario,
  actions: readonly Action[],
  state: InvestigationState = replay(actions),
): HintStanding[] {
  const pinned = state.pinned.map((p) => p.evidence);
  return scenario.hints.map((hint, index) => {
    if (state.hints.includes(index)) return 'taken';
    const clue =
      hint.clue === undefined ? undefined : scenario.solution.clues.find((c) => c.id === hint.clue);
    if (!clue) return 'fresh';
    if (pinned.some((e) => matchesClue(e, clue))) return 'found';
    return lookedForClue(scenario, actions, clue) ? 'looked' : 'fresh';
  });
}

/**
 * The hint to offer next, as an index into `scenario.hints`, or undefined when none is left worth its cost.
 * Hints stay progressive (the author's order) but are chosen from what the trainee has not looked at yet:
 * one whose clue is pinned is never offered, and one pointing where the trainee has already queried waits
 * until every fresh hint is taken, since they looked there and may only need to look closer.
 *
 * @example nextHint(scenario, actions) // 1 once web's logs were queried and the 502 line pinned
 */
export function nextHint(
  scenario: Scenario,
  actions: readonly Action[],
  state: InvestigationState = replay(actions),
): number | undefined {
  const standings = hintStandings(scenario, actions, state);
  const fresh = standings.indexOf('fresh');
  if (fresh >= 0) return fresh;
  const looked = standings.indexOf('looked');
  return looked >= 0 ? looked : undefined;
}
