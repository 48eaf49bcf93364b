import type { Action, Diagnosis } from '../investigation/actions.ts';
import { matchesClue } from '../investigation/clues.ts';
import type { Evidence } from '../investigation/evidence.ts';
import { evidenceService } from '../investigation/evidence.ts';
import { queryNamesService } from '../investigation/hints.ts';
import type { InvestigationState } from '../investigation/notebook.ts';
import { replay } from '../investigation/notebook.ts';
import { rightMitigations } from '../scenario/responseSchema.ts';
import type { Clue, Scenario } from '../scenario/schema.ts';
import type { MitigationEffect } from '../sim/response/outcomes.ts';
import type { ExtraLink, LinkCredit } from './chainCredit.ts';
import { assessChain } from './chainCredit.ts';
import { chainNotes } from './chainNotes.ts';
import { askedQuery, METHOD_MAX, methodPart } from './method.ts';
import { RESPONSE_MAX, responsePart } from './responsePart.ts';

/** The parts of a score, in the order the debrief shows them. */
export type PartId = 'diagnosis' | 'chain' | 'evidence' | 'method' | 'efficiency' | 'response';

/** One visible part of a score. */
export interface ScorePart {
  readonly id: PartId;
  readonly label: string;
  readonly score: number;
  readonly max: number;
  /** Why the part scored what it did, in sentences for the debrief. */
  readonly notes: readonly string[];
}

/** How sure the trainee said they were against how right they were (not weighed in the total). */
export interface Calibration {
  readonly confidence: number;
  readonly correct: boolean;
  /** Brier score of the one forecast: (confidence − outcome)², 0 is perfect, 1 the worst. */
  readonly brier: number;
  readonly verdict: string;
}

/**
 * What became of a red herring: left alone, chased (pinned, and never marked as refuting a hypothesis) or
 * ruled out (pinned and marked as refuting one).
 */
export type HerringVerdict = 'left alone' | 'chased' | 'ruled out';

/** A scored investigation. */
export interface ScoreReport {
  readonly total: number;
  readonly max: 100;
  readonly parts: readonly ScorePart[];
  /** What the parts are out of together: 100, or less when the response is not scored (then scaled to 100). */
  readonly outOf: number;
  /** The parts' sum less the penalties, before any scaling to 100. */
  readonly raw: number;
  /** Points taken off the total: hints and resubmissions. */
  readonly penalties: readonly { readonly label: string; readonly points: number }[];
  readonly diagnosis?: Diagnosis;
  readonly correct: { readonly component: boolean; readonly fault: boolean; readonly trigger: boolean };
  readonly calibration?: Calibration;
  readonly cluesFound: readonly Clue[];
  readonly cluesMissed: readonly Clue[];
  readonly redHerringsPinned: readonly Clue[];
  /** Every red herring of the scenario, in its order, with what became of it (as the evidence part judged). */
  readonly redHerrings: readonly { readonly herring: Clue; readonly verdict: HerringVerdict }[];
  readonly links: readonly LinkCredit[];
  /** The trainee's links that stand for no reference link, and whether each cost precision. */
  readonly extraLinks: readonly ExtraLink[];
  readonly state: InvestigationState;
}

/** How a play is scored beyond its actions. */
export interface ScoreOptions {
  /**
   * Whether the play could mitigate (default yes). A game day's players cannot, so their teams are scored
   * on the investigation alone.
   */
  readonly response?: boolean;
}

/** How a game day's teams are scored: their players do not mitigate (each has a world of their own). */
export const GAME_DAY: ScoreOptions = { response: false };

/**
 * Points each part is out of; with the response's {@link RESPONSE_MAX} they add up to 100. Method stands
 * beside the diagnosis: an honest investigation that ends at the wrong answer keeps it.
 */
export const PART_MAX: Readonly<Record<Exclude<PartId, 'response'>, number>> = {
  diagnosis: 20,
  chain: 20,
  evidence: 20,
  method: METHOD_MAX,
  efficiency: 5,
};

/** What the diagnosis' answers earn before the evidence behind them weighs them. */
export const DIAGNOSIS_POINTS = { component: 8, fault: 8, trigger: 4 } as const;
/** The share of a right answer that stands without evidence: none. */
const ANSWER_ALONE = 0;

/** What each submission after the first costs. */
export const RESUBMISSION_COST = 10;

/**
 * Whether the trainee looked at a service: a query scoped to it or naming it, or evidence pinned from it.
 * A change record says what was shipped to it, not how it behaved, so it does not count.
 */
export function inspected(state: InvestigationState, actions: readonly Action[], service: string): boolean {
  return (
    actions.some((a) => a.type === 'query' && queryNamesService(a, service)) ||
    state.pinned.some((p) => p.evidence.kind !== 'change' && evidenceService(p.evidence) === service)
  );
}

/** What a red herring pinned as support, never refuted, costs the evidence part. */
const CHASED_COST = 2;

const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Scores an investigation from the scenario and the trainee's actions alone: pure and deterministic.
 * The five parts add up to 90 and the response part (out of {@link RESPONSE_MAX}) to 100; where the
 * response is not scored (no mitigations offered, or a game day) the 90 are scaled to 100, and the report
 * says so (`outOf`, `raw`); `effects`, what the simulation showed each mitigation did, lets it
 * charge for one that made things worse. `scenarios/SCORING.md` explains every part to scenario authors.
 */
export function score(
  scenario: Scenario,
  actions: readonly Action[],
  effects?: readonly MitigationEffect[],
  options: ScoreOptions = {},
): ScoreReport {
  const sol = scenario.solution;
  const root = sol.rootCause;
  const state = replay(actions);
  const last = state.submissions[state.submissions.length - 1];
  const diagnosis = last?.diagnosis;
  const pinned = state.pinned.map((p) => p.evidence);
  const pinnedByRef = new Map<string, Evidence>(pinned.map((e) => [e.ref, e]));
  const cluesFound = sol.clues.filter((c) => pinned.some((e) => matchesClue(e, c)));
  const cluesMissed = sol.clues.filter((c) => !cluesFound.includes(c));
  const redHerringsPinned = sol.redHerrings.filter((c) => pinned.some((e) => matchesClue(e, c)));
  const refuting = new Set(
    state.hypotheses.flatMap((h) => h.marks.filter((m) => m.stance === 'refutes').map((m) => m.ref)),
  );
  const ruledOut = sol.redHerrings.filter((r) =>
    pinned.some((p) => refuting.has(p.ref) && matchesClue(p, r)),
  );
  const chased = redHerringsPinned.filter((r) => !ruledOut.includes(r));
  const recall = sol.clues.length ? cluesFound.length / sol.clues.length : 1;

  const correct = {
    component: diagnosis?.component === root.component,
    fault: diagnosis?.fault === root.fault,
    trigger: root.trigger === undefined ? diagnosis !== undefined : diagnosis?.trigger === root.trigger,
  };

  // Diagnosis: a right answer counts only as far as the investigation backs it.
  const dNotes: string[] = [];
  let d = 0;
  if (!diagnosis) dNotes.push('No diagnosis was submitted.');
  else {
    if (correct.component && inspected(state, actions, root.component)) d += DIAGNOSIS_POINTS.component;
    else if (correct.component)
      dNotes.push(`You blamed ${root.component} without ever looking at it: −${DIAGNOSIS_POINTS.component}.`);
    else
      dNotes.push(
        `The component you blamed, ${diagnosis.component}, is not where the fault was: −${DIAGNOSIS_POINTS.component}.`,
      );
    if (correct.fault) d += DIAGNOSIS_POINTS.fault;
    else dNotes.push(`The kind of fault was not ${diagnosis.fault}: −${DIAGNOSIS_POINTS.fault}.`);
    if (correct.trigger) d += DIAGNOSIS_POINTS.trigger;
    else if (root.trigger)
      dNotes.push(`The trigger you named did not set it off: −${DIAGNOSIS_POINTS.trigger}.`);
    // The answer earns as far as the share of key clues pinned backs it.
    if (d > 0 && recall < 1) {
      const before = d;
      d = round(d * (ANSWER_ALONE + (1 - ANSWER_ALONE) * recall));
      dNotes.push(
        cluesFound.length === 0
          ? `No key clue was pinned to back the diagnosis: none of its ${before} points stand, −${before}.`
          : `${cluesFound.length} of ${sol.clues.length} key clues back the diagnosis: ${before} × ${cluesFound.length}/${sol.clues.length} = ${d}, −${round(before - d)}.`,
      );
    }
  }

  // Causal chain, as submitted with the last diagnosis: an F-score against the reference chain.
  const assessment = assessChain(scenario, last?.chain ?? state.chain, pinnedByRef, state);
  const links = assessment.links;
  const cNotes =
    links.length === 0
      ? ['This scenario has no reference chain; the evidence recall stands in for it.']
      : chainNotes(scenario, assessment, state, PART_MAX.chain);
  const c = round(PART_MAX.chain * (links.length ? assessment.f : recall));

  // Evidence: recall of key clues, weighed by precision so pinning everything does not pay.
  const relevant = pinned.filter(
    (e) =>
      sol.clues.some((cl) => matchesClue(e, cl)) ||
      (refuting.has(e.ref) && sol.redHerrings.some((r) => matchesClue(e, r))),
  ).length;
  // Two items per clue (or refuted red herring) are pinned without penalty; beyond that, pins dilute.
  const precision = pinned.length
    ? Math.min(1, (2 * (cluesFound.length + ruledOut.length)) / pinned.length)
    : 0;
  const eNotes = [
    `${cluesFound.length} of ${sol.clues.length} key clues pinned.`,
    `${relevant} of ${pinned.length} pinned items bear on the cause.`,
  ];
  let e = PART_MAX.evidence * recall * (0.4 + 0.6 * precision);
  if (chased.length > 0) {
    e = Math.max(0, e - CHASED_COST * chased.length);
    eNotes.push(
      `${chased.length} red herring(s) pinned as if they supported the case: −${CHASED_COST * chased.length}.`,
    );
  }
  e = round(e);

  const method = methodPart(scenario, actions, state, links, assessment.reached);

  // Efficiency: queries and time against the reference path; earned only as far as clues were found.
  const fNotes: string[] = [];
  const refQueries = Math.max(3, sol.path.length || sol.clues.length + 2);
  const extra = Math.max(0, state.queries - 2 * refQueries);
  let f = PART_MAX.efficiency * Math.max(0, 1 - extra / (4 * refQueries));
  if (extra > 0) fNotes.push(`${state.queries} queries; the reference path takes ${refQueries}.`);
  const minutes = (last?.at ?? 0) / 60_000;
  const refMinutes = Math.max(10, 3 * refQueries);
  if (minutes > 3 * refMinutes) {
    f = Math.max(0, f - 2);
    fNotes.push(`${Math.round(minutes)} minutes; an expert takes about ${refMinutes}.`);
  }
  // Speed is worth something only on the way to the right answer, and only where questions were asked.
  const asked = actions.filter(askedQuery).length;
  if (diagnosis && !(correct.component && correct.fault))
    fNotes.push(`Efficiency counts only for a right diagnosis: −${round(f)}.`);
  else if (asked === 0)
    fNotes.push(`No question was asked of the tools, so there is no efficiency to count: −${round(f)}.`);
  else if (recall < 1)
    fNotes.push(
      `Efficiency counts as far as key clues were found: ${round(f)} × ${round(recall * 100) / 100} = ${round(f * recall)}.`,
    );
  f = round(diagnosis && correct.component && correct.fault && asked > 0 ? f * recall : 0);

  const penalties: { label: string; points: number }[] = [];
  const hintCost = state.hints.reduce((sum, i) => sum + (scenario.hints[i]?.cost ?? 0), 0);
  if (hintCost > 0) penalties.push({ label: `${state.hints.length} hint(s) taken`, points: hintCost });
  if (state.submissions.length > 1)
    penalties.push({
      label: `${state.submissions.length - 1} resubmission(s)`,
      points: RESUBMISSION_COST * (state.submissions.length - 1),
    });

  const parts: ScorePart[] = [
    { id: 'diagnosis', label: 'Diagnosis', score: d, max: PART_MAX.diagnosis, notes: dNotes },
    { id: 'chain', label: 'Causal chain', score: c, max: PART_MAX.chain, notes: cNotes },
    { id: 'evidence', label: 'Evidence', score: e, max: PART_MAX.evidence, notes: eNotes },
    method,
    { id: 'efficiency', label: 'Efficiency', score: f, max: PART_MAX.efficiency, notes: fNotes },
  ];
  let outOf = 100 - RESPONSE_MAX;
  if (rightMitigations(scenario).length > 0 && options.response !== false) {
    const r = responsePart(scenario, actions, refMinutes, effects);
    parts.push({ id: 'response', label: 'Response', score: r.score, max: RESPONSE_MAX, notes: r.notes });
    penalties.push(...r.penalties);
    outOf += RESPONSE_MAX;
  }
  const raw = round(parts.reduce((sum, p) => sum + p.score, 0) - penalties.reduce((s, p) => s + p.points, 0));
  const total = Math.max(0, Math.min(100, Math.round((raw * 100) / outOf)));
  const right = correct.component && correct.fault;
  const calibration: Calibration | undefined = diagnosis && {
    confidence: diagnosis.confidence,
    correct: right,
    brier: round((diagnosis.confidence / 100 - (right ? 1 : 0)) ** 2 * 100) / 100,
    verdict: calibrationVerdict(diagnosis.confidence, right),
  };
  return {
    total,
    max: 100,
    parts,
    outOf,
    raw,
    penalties,
    ...(diagnosis ? { diagnosis } : {}),
    correct,
    ...(calibration ? { calibration } : {}),
    cluesFound,
    cluesMissed,
    redHerringsPinned,
    redHerrings: sol.redHerrings.map((herring) => ({
      herring,
      verdict: ruledOut.includes(herring) ? 'ruled out' : chased.includes(herring) ? 'chased' : 'left alone',
    })),
    links,
    extraLinks: assessment.extra,
    state,
  };
}

function calibrationVerdict(confidence: number, right: boolean): string {
  if (right && confidence >= 70) return 'Right, and you knew it.';
  if (right) return 'Right, though you were unsure: the evidence you pinned was stronger than you thought.';
  if (confidence >= 70) return 'Wrong, and confident: check what each link of your chain rests on.';
  return 'Wrong, and you sensed it: trust that doubt and test the next hypothesis.';
}
