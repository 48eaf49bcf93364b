import type { PaletteSource } from '../sim/response/palette.ts';
import type { Action } from './actions.ts';
import type { ChainSource } from './chainNodes.ts';
import { applyAction, EMPTY_INVESTIGATION, refusal } from './notebook.ts';
import { notebookRefProblems } from './notebookRefs.ts';

// A saved, exported or hand-made action log is untrusted: before it is replayed or scored, every step must
// name things this scenario has — nodes of its chain vocabulary, actions of its palette, hints it offers —
// and follow the notebook's rules. A log with a problem is refused whole, so nothing of it is half-applied.

/** One problem of an action log: the step (by index), the field, and what is wrong, in words. */
export interface ActionLogProblem {
  readonly index: number;
  readonly path: string;
  readonly message: string;
}

/** What a log is checked against: the player's view of the scenario (its system, timeline and hints). */
export interface ActionLogContext {
  readonly source: ChainSource & PaletteSource;
  readonly hints: number;
}

/**
 * Every problem of an action log against a scenario, in order; empty when the log can be replayed as it
 * is. Never throws.
 *
 * @example
 * actionLogProblems(context, [{ type: 'link', at: 5, id: 'l1', from: 'service:nope', to: 'service:web', evidence: [] }])
 * // [{ index: 0, path: 'actions[0].from', message: 'no service "nope"' }]
 */
export function actionLogProblems(context: ActionLogContext, actions: readonly Action[]): ActionLogProblem[] {
  const problems: ActionLogProblem[] = [];
  const named = notebookRefProblems(context.source, actions);
  let state = EMPTY_INVESTIGATION;
  actions.forEach((action, index) => {
    const add = (field: string, message: string) =>
      problems.push({ index, path: `actions[${index}]${field ? `.${field}` : ''}`, message });
    const before = problems.length;
    // Links, hypotheses and mitigations name nodes, services, changes and actions: the notebook's own
    // check reads those against the system.
    for (const p of named) if (p.path[0] === index) add(String(p.path[1] ?? ''), p.message);
    if (action.type === 'hint' && action.index >= context.hints) {
      add('index', `no hint ${action.index + 1}: the scenario offers ${context.hints}`);
    }
    const refused = problems.length === before ? refusal(state, action) : undefined;
    if (refused) add('', `${action.type}: ${refused}`);
    if (problems.length === before) state = applyAction(state, action);
  });
  return problems;
}
