import type { Action, Diagnosis } from '../investigation/actions.ts';
import { matchesClue } from '../investigation/clues.ts';
import type { Evidence } from '../investigation/evidence.ts';
import type { InvestigationState } from '../investigation/notebook.ts';
import { replay } from '../investigation/notebook.ts';
import { rightMitigations } from '../scenario/responseSchema.ts';
import type { Clue, Scenario } from '../scenario/schema.ts';
import type { MitigationEffect } from '../sim/response/outcomes.ts';
import { diagnosisPart, efficiencyPart, evidencePart, pinPrecision } from './answerParts.ts';
import type { ExtraLink, LinkCredit } from './chainCredit.ts';
import { assessChain } from './chainCredit.ts';
import { chainNotes } from './chainNotes.ts';
import type { Ledger, PointsLost } from './ledger.ts';
import { ledger, tenth } from './ledger.ts';
import { METHOD_MAX, methodPart } from './method.ts';
import { RESPONSE_MAX, responsePart } from './responsePart.ts';

export { DIAGNOSIS_POINTS, inspected } from './answerParts.ts';

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
  /** Every point the part lost, each with its sentence (among `notes`): they add up to `max − score`. */
  readonly losses: readonly PointsLost[];
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
  /**
   * Whether the diagnosis stands: its component and kind of fault each the root cause's or one the
   * scenario accepts as arguable (`rootCause.alternatives`, for part of the credit).
   */
  readonly accepted: boolean;
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

/** What an arguable answer (a component or kind the scenario lists in `alternatives`) earns of the right one. */
export const ALTERNATIVE_SHARE = 0.5;

/** What each submission after the first costs. */
export const RESUBMISSION_COST = 10;

const round = tenth;

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

  const alternatives = root.alternatives ?? { components: [], faults: [] };
  const correct = {
    component: diagnosis?.component === root.component,
    fault: diagnosis?.fault === root.fault,
    trigger:
      root.trigger === undefined
        ? diagnosis !== undefined
        : diagnosis?.trigger !== undefined && [root.trigger, root.latent].includes(diagnosis.trigger),
  };
  const componentShare = correct.component
    ? 1
    : diagnosis && alternatives.components.includes(diagnosis.component)
      ? ALTERNATIVE_SHARE
      : 0;
  const faultShare = correct.fault
    ? 1
    : diagnosis && alternatives.faults.includes(diagnosis.fault)
      ? ALTERNATIVE_SHARE
      : 0;
  const accepted = componentShare > 0 && faultShare > 0;

  const d = diagnosisPart(scenario, actions, state, {
    componentShare,
    faultShare,
    triggerRight: correct.trigger,
    recall,
    found: cluesFound.length,
    precision: pinPrecision(pinned.length, cluesFound.length, ruledOut.length),
    pinned: pinned.length,
  });

  // Causal chain, as submitted with the last diagnosis: an F-score against the reference chain.
  const assessment = assessChain(scenario, last?.chain ?? state.chain, pinnedByRef, state);
  const links = assessment.links;
  let c: Ledger;
  if (links.length > 0) c = chainNotes(scenario, assessment, state, PART_MAX.chain);
  else {
    c = ledger(PART_MAX.chain);
    c.note('This scenario has no reference chain; the evidence recall stands in for it.');
    c.lose(
      PART_MAX.chain * (1 - recall),
      `${cluesFound.length} of ${sol.clues.length} key clues pinned stand in for the chain`,
    );
  }

  const e = evidencePart(scenario, state, cluesFound, redHerringsPinned, PART_MAX.evidence);

  const method = methodPart(scenario, actions, state, links, assessment.reached, assessment.grounded);

  const refQueries = Math.max(3, sol.path.length || sol.clues.length + 2);
  const refMinutes = Math.max(10, 3 * refQueries);
  const f = efficiencyPart(
    state,
    actions,
    {
      refQueries,
      refMinutes,
      accepted,
      diagnosed: !!diagnosis,
      recall,
    },
    PART_MAX.efficiency,
  );

  const penalties: { label: string; points: number }[] = [];
  const hintCost = state.hints.reduce((sum, i) => sum + (scenario.hints[i]?.cost ?? 0), 0);
  if (hintCost > 0) penalties.push({ label: `${state.hints.length} hint(s) taken`, points: hintCost });
  if (state.submissions.length > 1)
    penalties.push({
      label: `${state.submissions.length - 1} resubmission(s)`,
      points: RESUBMISSION_COST * (state.submissions.length - 1),
    });

  const part = (id: PartId, label: string, account: Ledger): ScorePart => ({
    id,
    label,
    score: account.score(),
    max: id === 'response' ? RESPONSE_MAX : PART_MAX[id],
    notes: account.notes,
    losses: account.losses,
  });
  const parts: ScorePart[] = [
    part('diagnosis', 'Diagnosis', d),
    part('chain', 'Causal chain', c),
    part('evidence', 'Evidence', e),
    method,
    part('efficiency', 'Efficiency', f),
  ];
  let outOf = 100 - RESPONSE_MAX;
  if (rightMitigations(scenario).length > 0 && options.response !== false) {
    const r = responsePart(scenario, actions, refMinutes, effects);
    parts.push(part('response', 'Response', r.account));
    penalties.push(...r.penalties);
    outOf += RESPONSE_MAX;
  }
  const raw = round(parts.reduce((sum, p) => sum + p.score, 0) - penalties.reduce((s, p) => s + p.points, 0));
  const total = Math.max(0, Math.min(100, Math.round((raw * 100) / outOf)));
  const right = accepted;
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
    accepted,
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
