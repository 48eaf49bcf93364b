import type { Action } from '../investigation/actions.ts';
import { clueService, matchesClue } from '../investigation/clues.ts';
import type { Evidence } from '../investigation/evidence.ts';
import type { Hypothesis, InvestigationState } from '../investigation/notebook.ts';
import type { Clue, Scenario } from '../scenario/schema.ts';
import type { LinkCredit } from './chainCredit.ts';
import type { ScorePart } from './score.ts';

/** Whether a hypothesis names a service of the system or a change of the timeline. */
export function namesSomething(scenario: Scenario, h: Hypothesis): boolean {
  return (
    (h.component !== undefined && scenario.system.services.some((s) => s.id === h.component)) ||
    (h.trigger !== undefined && scenario.timeline.some((e) => e.id === h.trigger))
  );
}

/**
 * Whether a hypothesis is about a red herring: it suspects the service the herring was seen in, or names
 * the herring's change (or a change of that service) as the trigger.
 */
export function isAbout(scenario: Scenario, h: Hypothesis, herring: Clue): boolean {
  const service = clueService(scenario, herring);
  const triggerService = scenario.timeline.find((e) => e.id === h.trigger)?.service;
  return (
    (service !== undefined && (h.component === service || triggerService === service)) ||
    (herring.change !== undefined && h.trigger === herring.change)
  );
}

/** Whether one of the refuted hypotheses is about the herring and is marked refuted by an item showing it. */
function refutes(
  scenario: Scenario,
  refuted: readonly Hypothesis[],
  evidence: ReadonlyMap<string, Evidence>,
  herring: Clue,
): boolean {
  return refuted.some(
    (h) =>
      isAbout(scenario, h, herring) &&
      h.marks.some((mk) => {
        const e = mk.stance === 'refutes' ? evidence.get(mk.ref) : undefined;
        return e !== undefined && matchesClue(e, herring);
      }),
  );
}

/** Steps that count as new work between two submissions. */
const WORK = new Set<Action['type']>(['query', 'pin', 'hypothesis', 'hypothesis status', 'mark', 'link']);

/**
 * The method part (12): hypotheses that name a component or a change, recorded (2) and tested against
 * evidence (3), a red herring refuted by a hypothesis about it with evidence against it (2), the paged symptom explained by the chain (3), and no blind resubmissions (2).
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

  // A hypothesis earns only when it names something: a service of the system or a change of the timeline.
  const naming = state.hypotheses.filter((h) => namesSomething(scenario, h));
  if (naming.some((h) => h.marks.length > 0)) m += 2;
  else if (naming.length > 0) notes.push('Your hypotheses have no evidence marked for or against them.');
  else if (state.hypotheses.length > 0)
    notes.push('Your hypotheses name no component or change: a hypothesis that names nothing earns nothing.');
  else notes.push('Write down a hypothesis before you chase it.');

  const tested = naming.filter((h) => h.status !== 'open' && h.marks.length > 0);
  if (tested.length > 0) m += 3;
  else notes.push('Mark evidence for or against a hypothesis, then decide whether it stands.');

  const refutedHypotheses = naming.filter(
    (h) => h.status === 'refuted' && h.marks.some((mk) => mk.stance === 'refutes' && evidence.has(mk.ref)),
  );
  const herringsRefuted = sol.redHerrings.filter((r) => refutes(scenario, refutedHypotheses, evidence, r));
  if (sol.redHerrings.length === 0) m += 2;
  else if (herringsRefuted.length > 0) m += 2;
  else if (refutedHypotheses.length > 0) {
    m += 1;
    notes.push(
      'You refuted a hypothesis with evidence, but none about the misleading signal this incident has: refuting it counts when the hypothesis names its component or change and cites evidence against it.',
    );
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
