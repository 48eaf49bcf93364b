import type { PaletteSource } from '../sim/response/palette.ts';
import { actionPalette, closestActions } from '../sim/response/palette.ts';
import type { Action } from './actions.ts';
import type { ChainSource } from './chainNodes.ts';
import { unknownNode } from './chainNodes.ts';
import { conditionVocabulary } from './conditionVocabulary.ts';
import type { InvestigationState } from './notebook.ts';
import { applyAction, EMPTY_INVESTIGATION } from './notebook.ts';

/** Something an action names that does not exist, at the action's index and field. */
export interface NotebookRefProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * What an action log names that the scenario or the notebook does not have, in order: a link's node that
 * is no service, edge, change, condition of the system, item pinned then or hypothesis written then, and
 * a hypothesis' component or trigger that is no service or change, and a mitigation that is no action of
 * the system's palette. A loaded or imported log with any is
 * refused whole, so nothing is scored against nodes that do not exist. Reads what a player sees only.
 *
 * @example notebookRefProblems(scenario, log.actions)[0]?.message // 'link "l3": from: no service "cache"'
 */
export function notebookRefProblems(
  source: ChainSource & PaletteSource,
  actions: readonly Action[],
): NotebookRefProblem[] {
  const conditions = conditionVocabulary(source);
  const palette = actionPalette(source).map((a) => a.id);
  const problems: NotebookRefProblem[] = [];
  let state: InvestigationState = EMPTY_INVESTIGATION;
  actions.forEach((action, index) => {
    if (action.type === 'link')
      for (const end of ['from', 'to'] as const) {
        const problem = unknownNode(action[end], source, state, conditions);
        if (problem)
          problems.push({ path: [index, end], message: `link "${action.id}": ${end}: ${problem}` });
      }
    if (action.type === 'hypothesis') {
      const { component, trigger } = action;
      if (component !== undefined && !source.system.services.some((s) => s.id === component))
        problems.push({
          path: [index, 'component'],
          message: `hypothesis "${action.id}": no service "${component}"`,
        });
      if (trigger !== undefined && !source.timeline.some((e) => e.id === trigger))
        problems.push({
          path: [index, 'trigger'],
          message: `hypothesis "${action.id}": no change "${trigger}"`,
        });
    }
    if (action.type === 'mitigate' && !palette.includes(action.mitigation))
      problems.push({
        path: [index, 'mitigation'],
        message: `mitigate: no action "${action.mitigation}" on this system${closestActions(palette, action.mitigation)}`,
      });
    state = applyAction(state, action);
  });
  return problems;
}
