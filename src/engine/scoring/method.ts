import type { Action } from '../investigation/actions.ts';
import { clueService, matchesClue } from '../investigation/clues.ts';
import type { Evidence } from '../investigation/evidence.ts';
import { evidenceService } from '../investigation/evidence.ts';
import type { Hypothesis, InvestigationState } from '../investigation/notebook.ts';
import type { Clue, Scenario } from '../scenario/schema.ts';
import type { LinkCredit } from './chainCredit.ts';
import { ledger } from './ledger.ts';
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

/** Whether an item is about what a hypothesis names: seen in its component, or its change (or that change's service). */
function bearsOn(scenario: Scenario, h: Hypothesis, e: Evidence | undefined): boolean {
  if (!e) return false;
  if (e.kind === 'change' && e.eventId === h.trigger) return true;
  const service = evidenceService(e);
  const triggerService = scenario.timeline.find((t) => t.id === h.trigger)?.service;
  return (
    service !== undefined &&
    (service === h.component ||
      service === triggerService ||
      (e.kind === 'trace' && h.component !== undefined && e.services.includes(h.component)))
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

/**
 * Whether a hypothesis is marked as supported by a pinned item that shows what happened: anything but a
 * change record, which shows only that a change was made.
 */
function showsSupport(h: Hypothesis, evidence: ReadonlyMap<string, Evidence>): boolean {
  return h.marks.some((mk) => {
    const e = mk.stance === 'supports' ? evidence.get(mk.ref) : undefined;
    return e !== undefined && e.kind !== 'change';
  });
}

/** Steps that count as new work between two submissions. */
const WORK = new Set<Action['type']>(['query', 'pin', 'hypothesis', 'hypothesis status', 'mark', 'link']);

/** Points the method part is out of, and what each habit earns of them. */
export const METHOD_POINTS = {
  recorded: 3,
  tested: 5,
  asked: 3,
  herring: 4,
  symptom: 5,
  cited: 2,
  rests: 3,
} as const;
/** The method part's maximum: the sum of its habits. */
export const METHOD_MAX = Object.values(METHOD_POINTS).reduce((a, b) => a + b, 0);

/** Queries it takes to earn the whole of the asking habit. */
const ASKED_FULL = 3;

/**
 * Whether a query is one the trainee asked of a tool in its language: written in the logs, metrics, traces
 * or code, with words of its own (not a broad match of everything); browsing and scrolling are not asking.
 */
export function askedQuery(a: Action): boolean {
  if (a.type !== 'query' || a.rows !== undefined || a.browse === true) return false;
  if (a.tool === 'inbox' || a.tool === 'changes') return false;
  const q = a.query.trim();
  return q !== '' && !/^\{\s*service\s*=~\s*"\.[*+]"\s*\}$/.test(q);
}

/**
 * The method part, out of {@link METHOD_MAX}: the habits of an investigation, whether or not it ended at
 * the right answer. Hypotheses that name a component or a change, recorded with evidence about it marked
 * (3) and decided on their marks (5); questions asked of the tools (3); a red herring refuted by a
 * hypothesis about it with evidence against it (4); a chain that reaches the paged symptom (5) with every
 * link citing pinned evidence (2); and a diagnosis that rests on a hypothesis the evidence supported,
 * with no blind resubmission (3).
 */
export function methodPart(
  scenario: Scenario,
  actions: readonly Action[],
  state: InvestigationState,
  links: readonly LinkCredit[],
  reached: ReadonlySet<string> = new Set(links.filter((l) => l.matchedBy).map((l) => l.to)),
  grounded?: ReadonlySet<string>,
): ScorePart {
  const P = METHOD_POINTS;
  const account = ledger(METHOD_MAX);
  const sol = scenario.solution;
  const evidence = new Map(state.pinned.map((p) => [p.evidence.ref, p.evidence]));

  // A hypothesis earns only when it names something: a service of the system or a change of the timeline.
  const naming = state.hypotheses.filter((h) => namesSomething(scenario, h));
  const marked = naming.filter((h) => h.marks.some((mk) => bearsOn(scenario, h, evidence.get(mk.ref))));
  if (marked.length === 0 && naming.length > 0)
    account.lose(
      P.recorded,
      'No hypothesis has evidence marked about what it names (its component or its change)',
    );
  else if (marked.length === 0 && state.hypotheses.length > 0)
    account.lose(
      P.recorded,
      'Your hypotheses name no component or change, and a hypothesis that names nothing earns nothing',
    );
  else if (marked.length === 0)
    account.lose(P.recorded, 'No hypothesis was written down before it was chased');

  // A change record shows a change was made, not what it did: a hypothesis judged supported on change
  // records alone was decided on nothing it could have failed.
  const tested = marked.filter(
    (h) => h.status === 'refuted' || (h.status === 'supported' && showsSupport(h, evidence)),
  );
  if (tested.length === 0)
    account.lose(
      P.tested,
      marked.some((h) => h.status === 'supported')
        ? 'Your hypothesis was judged supported on a change record alone, which shows the change was made, not what it did: no hypothesis was tested on evidence of what happened'
        : 'No hypothesis was judged supported or refuted on its evidence',
    );

  const asked = actions.filter(askedQuery).length;
  const askedPoints = P.asked * Math.min(1, asked / ASKED_FULL);
  if (askedPoints < P.asked)
    account.lose(
      P.asked - askedPoints,
      `${asked} question(s) asked of the logs, metrics, traces or code; ${ASKED_FULL} earn the habit in full`,
    );

  const refutedHypotheses = naming.filter(
    (h) => h.status === 'refuted' && h.marks.some((mk) => mk.stance === 'refutes' && evidence.has(mk.ref)),
  );
  const herringsRefuted = sol.redHerrings.filter((r) => refutes(scenario, refutedHypotheses, evidence, r));
  // Judging a hypothesis about the herring on evidence is the habit, even when the judgement was wrong:
  // the diagnosis scores the conclusion.
  const judgedHerring = tested.some((h) => sol.redHerrings.some((r) => isAbout(scenario, h, r)));
  if (sol.redHerrings.length > 0 && herringsRefuted.length === 0) {
    if (judgedHerring)
      account.lose(
        P.herring / 2,
        'You tested a hypothesis about the misleading signal on evidence, but judged it supported: refuting it takes an item that shows why it is not the cause',
      );
    else if (refutedHypotheses.length > 0)
      account.lose(
        P.herring / 2,
        'You refuted a hypothesis with evidence, but none about the misleading signal this incident has: refuting it counts when the hypothesis names its component or change and cites evidence against it',
      );
    else
      account.lose(
        P.herring,
        'A misleading signal went unrefuted: show with evidence why it is not the cause',
      );
  }

  const symptoms = new Set(sol.nodes.filter((n) => n.kind === 'symptom').map((n) => n.id));
  const finalNode = sol.chain[sol.chain.length - 1]?.to;
  if (finalNode !== undefined) symptoms.add(finalNode);
  const explained = [...symptoms].some((s) => reached.has(s));
  if (!(explained || (symptoms.size === 0 && state.chain.length > 0)))
    account.lose(
      P.symptom,
      state.chain.length === 0
        ? 'No chain reaches the symptom the page reported'
        : 'Your chain does not reach the symptom the page reported, named exactly and cited with an item that shows it',
    );

  const bare = state.chain.filter((l) => !(grounded?.has(l.id) ?? l.evidence.some((r) => evidence.has(r))));
  if (state.chain.length === 0) account.lose(P.cited, 'No causal chain was built');
  else if (bare.length > 0)
    account.lose(
      P.cited,
      `${bare.length} link(s) of your chain cite no pinned evidence about what they link (an item showing one of its ends, or the link itself)`,
    );

  let lastSubmission = -1;
  let blind = 0;
  actions.forEach((a, i) => {
    if (a.type !== 'diagnose') return;
    const between = actions.slice(lastSubmission + 1, i);
    if (!between.some((b) => WORK.has(b.type))) blind++;
    lastSubmission = i;
  });
  const diagnosis = state.submissions[state.submissions.length - 1]?.diagnosis;
  const about = marked.filter((h) => h.status === 'supported' && h.component === diagnosis?.component);
  const rests = about.some((h) => showsSupport(h, evidence));
  if (!diagnosis) account.lose(P.rests, 'No diagnosis was submitted to rest on a hypothesis');
  else if (!rests)
    account.lose(
      P.rests,
      about.some((h) => h.marks.some((mk) => mk.stance === 'supports' && evidence.has(mk.ref)))
        ? `The diagnosis rests on a hypothesis about ${diagnosis.component} supported only by a change record, which shows the change was made, not what it did`
        : `The diagnosis rests on no hypothesis about ${diagnosis.component} that evidence supported`,
    );
  else if (blind > 0)
    account.lose(P.rests, `${blind} submission(s) made without new work since the one before`);

  return {
    id: 'method',
    label: 'Method',
    score: account.score(),
    max: METHOD_MAX,
    notes: account.notes,
    losses: account.losses,
  };
}
