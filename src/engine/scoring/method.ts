import type { Action } from '../investigation/actions.ts';
import { matchesClue } from '../investigation/clues.ts';
import type { InvestigationState } from '../investigation/notebook.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { LinkCredit } from './chainCredit.ts';
import type { ScorePart } from './score.ts';

/** Steps that count as new work between two submissions. */
const WORK = new Set<Action['type']>(['query', 'pin', 'hypothesis', 'hypothesis status', 'mark', 'link']);

/**
 * The method part (12): hypotheses recorded (2) and tested against evidence (3), red herrings refuted with
 * evidence (2), the paged symptom explained by the chain (3), and no blind resubmissions (2).
 */
export function methodPart(
  scenario: Scenario,
  actions: readonly Action[],
  state: InvestigationState,
  links: readonly LinkCredit[],
): ScorePart {
  const notes: string[] = [];
  let m = 0;
  const sol = scenario.solution;
  const evidence = new Map(state.pinned.map((p) => [p.evidence.ref, p.evidence]));

  if (state.hypotheses.some((h) => h.marks.length > 0)) m += 2;
  else if (state.hypotheses.length > 0)
    notes.push('Your hypotheses have no evidence marked for or against them.');
  else notes.push('Write down a hypothesis before you chase it.');

  const tested = state.hypotheses.filter((h) => h.status !== 'open' && h.marks.length > 0);
  if (tested.length > 0) m += 3;
  else notes.push('Mark evidence for or against a hypothesis, then decide whether it stands.');

  const refutations = state.hypotheses
    .filter((h) => h.status === 'refuted')
    .flatMap((h) => h.marks.filter((mk) => mk.stance === 'refutes'))
    .map((mk) => evidence.get(mk.ref))
    .filter((e) => e !== undefined);
  if (sol.redHerrings.length === 0) m += 2;
  else if (refutations.some((e) => sol.redHerrings.some((r) => matchesClue(e, r)))) m += 2;
  else if (refutations.length > 0) {
    m += 1;
    notes.push('You refuted a hypothesis with evidence, but not the misleading signal this incident has.');
  } else notes.push('A misleading signal went unrefuted: show with evidence why it is not the cause.');

  const symptoms = new Set(sol.nodes.filter((n) => n.kind === 'symptom').map((n) => n.id));
  const finalNode = sol.chain[sol.chain.length - 1]?.to;
  if (finalNode !== undefined) symptoms.add(finalNode);
  const explained = links.some((l) => l.matchedBy && symptoms.has(l.to));
  if (explained || (symptoms.size === 0 && state.chain.length > 0)) m += 3;
  else notes.push('Your chain does not reach the symptom the page reported.');

  let lastSubmission = -1;
  let blind = 0;
  actions.forEach((a, i) => {
    if (a.type !== 'diagnose') return;
    const between = actions.slice(lastSubmission + 1, i);
    if (!between.some((b) => WORK.has(b.type))) blind++;
    lastSubmission = i;
  });
  const backed = sol.clues.some((c) => state.pinned.some((p) => matchesClue(p.evidence, c)));
  if (state.submissions.length > 0 && blind === 0 && backed) m += 2;
  else if (state.submissions.length > 0 && !backed) notes.push('The diagnosis rests on no key clue.');
  else if (blind > 0) notes.push(`${blind} submission(s) made without new work since the one before.`);

  return { id: 'method', label: 'Method', score: m, max: 12, notes };
}
