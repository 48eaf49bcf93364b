import type { Action } from '../investigation/actions.ts';
import { matchesClue } from '../investigation/clues.ts';
import { evidenceService } from '../investigation/evidence.ts';
import { queryNamesService } from '../investigation/hints.ts';
import type { InvestigationState } from '../investigation/notebook.ts';
import type { Clue, Scenario } from '../scenario/schema.ts';
import type { Ledger } from './ledger.ts';
import { ledger, tenth } from './ledger.ts';
import { askedQuery } from './method.ts';

// The parts of a score that weigh the answer and the evidence pinned for it: the diagnosis, the evidence
// and the efficiency. Each is an account whose every lost point has its sentence.

/** What the diagnosis' answers earn before the evidence behind them weighs them. */
export const DIAGNOSIS_POINTS = { component: 8, fault: 8, trigger: 4 } as const;

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

/** How the last diagnosis compares with the root cause. */
export interface AnswerMatch {
  /** 1 for the root cause's component, a share for an arguable one, else 0; the same for the fault. */
  readonly componentShare: number;
  readonly faultShare: number;
  /** The proximate trigger or the latent decision named (always, when the scenario names none). */
  readonly triggerRight: boolean;
  /** The share of key clues pinned, and how many. */
  readonly recall: number;
  readonly found: number;
  /** How far the pins single the clues out ({@link pinPrecision}); 1 when they were not diluted. */
  readonly precision: number;
  /** How many items were pinned. */
  readonly pinned: number;
}

/** The share of a clue's weight that the pins' precision decides; the rest is earned by pinning it at all. */
export const PRECISION_WEIGHT = 0.6;

/**
 * How far the pins single out what matters: two items per key clue found or red herring refuted are free,
 * and beyond that every pin dilutes (1 when nothing was diluted, towards 0 for a pile of everything).
 */
export function pinPrecision(pinned: number, found: number, refuted: number): number {
  return pinned ? Math.min(1, (2 * (found + refuted)) / pinned) : 0;
}

/**
 * What the key clues are worth when pinned: their recall weighed by the pins' precision,
 * `recall × (0.4 + 0.6 × precision)`. A clue swept up with hundreds of other items backs little.
 */
export function backing(recall: number, precision: number): number {
  return recall * (1 - PRECISION_WEIGHT + PRECISION_WEIGHT * precision);
}

/**
 * The diagnosis part: component (only if the trainee inspected it), kind of fault and trigger, each in
 * full or in part for an arguable answer, the sum weighed by what the pinned key clues are worth
 * ({@link backing}): the share of them pinned, and how far the pins single them out.
 */
export function diagnosisPart(
  scenario: Scenario,
  actions: readonly Action[],
  state: InvestigationState,
  match: AnswerMatch,
): Ledger {
  const max = DIAGNOSIS_POINTS.component + DIAGNOSIS_POINTS.fault + DIAGNOSIS_POINTS.trigger;
  const account = ledger(max);
  const diagnosis = state.submissions[state.submissions.length - 1]?.diagnosis;
  if (!diagnosis) {
    account.lose(max, 'No diagnosis was submitted');
    return account;
  }
  const root = scenario.solution.rootCause;
  const P = DIAGNOSIS_POINTS;
  const share = (x: number) => `${Math.round(x * 100)}%`;
  let earned = 0;
  if (match.componentShare === 0)
    account.lose(P.component, `The component you blamed, ${diagnosis.component}, is not where the fault was`);
  else if (!inspected(state, actions, diagnosis.component))
    account.lose(P.component, `You blamed ${diagnosis.component} without ever looking at it`);
  else {
    earned += P.component * match.componentShare;
    if (match.componentShare < 1)
      account.lose(
        P.component * (1 - match.componentShare),
        `${diagnosis.component} is an arguable reading (the fault was in ${root.component}), worth ${share(match.componentShare)} of it`,
      );
  }
  if (match.faultShare === 0) account.lose(P.fault, `The kind of fault was not ${diagnosis.fault}`);
  else {
    earned += P.fault * match.faultShare;
    if (match.faultShare < 1)
      account.lose(
        P.fault * (1 - match.faultShare),
        `${diagnosis.fault} is an arguable kind for this fault (it was ${root.fault}), worth ${share(match.faultShare)} of it`,
      );
  }
  if (match.triggerRight) earned += P.trigger;
  else
    account.lose(
      P.trigger,
      diagnosis.trigger === undefined
        ? 'You named no trigger'
        : `The trigger you named, ${diagnosis.trigger}, did not set it off`,
    );
  // The answer earns as far as the key clues pinned back it, and a clue backs it only as far as the pins
  // single it out: the right answer beside a pile of everything stands on nothing the trainee chose.
  const clues = scenario.solution.clues.length;
  const backed = backing(match.recall, match.precision);
  if (earned > 0 && backed < 1) {
    const recalled = `${match.found}/${clues}`;
    const diluted =
      match.precision < 1
        ? `, and ${match.pinned} items pinned dilute them (precision ${Math.round(match.precision * 100)}%, weighing ${PRECISION_WEIGHT * 100}% of them)`
        : '';
    account.lose(
      earned * (1 - backed),
      match.found === 0
        ? `No key clue was pinned to back the diagnosis: none of its ${tenth(earned)} points stand`
        : diluted === ''
          ? `${match.found} of ${clues} key clues back the diagnosis: ${tenth(earned)} × ${recalled} = ${tenth(earned * backed)}`
          : `${match.found} of ${clues} key clues back the diagnosis${diluted}: ${tenth(earned)} × ${recalled} × (${1 - PRECISION_WEIGHT} + ${PRECISION_WEIGHT} × ${Math.round(match.precision * 100) / 100}) = ${tenth(earned * backed)}`,
    );
  }
  return account;
}

/**
 * The evidence part: `max × recall × (0.4 + 0.6 × precision)`, where precision counts two pins free per
 * clue found or red herring refuted.
 */
export function evidencePart(
  scenario: Scenario,
  state: InvestigationState,
  found: readonly Clue[],
  herringsPinned: readonly Clue[],
  max = 20,
): Ledger {
  const sol = scenario.solution;
  const account = ledger(max);
  const pinned = state.pinned.map((p) => p.evidence);
  const refuting = new Set(
    state.hypotheses.flatMap((h) => h.marks.filter((m) => m.stance === 'refutes').map((m) => m.ref)),
  );
  const refuted = sol.redHerrings.filter((r) => pinned.some((p) => refuting.has(p.ref) && matchesClue(p, r)));
  const relevant = pinned.filter(
    (e) =>
      sol.clues.some((cl) => matchesClue(e, cl)) ||
      (refuting.has(e.ref) && sol.redHerrings.some((r) => matchesClue(e, r))),
  ).length;
  account.note(`${found.length} of ${sol.clues.length} key clues pinned.`);
  account.note(`${relevant} of ${pinned.length} pinned items bear on the cause.`);
  const recall = sol.clues.length ? found.length / sol.clues.length : 1;
  for (const clue of sol.clues)
    if (!found.includes(clue))
      account.lose(
        max / sol.clues.length,
        `No pinned item shows that ${clue.description.trim().replace(/\.$/, '')}`,
      );
  // Two items per clue (or refuted red herring) are pinned without penalty; beyond that, pins dilute.
  const precision = pinPrecision(pinned.length, found.length, refuted.length);
  if (recall > 0 && precision < 1)
    account.lose(
      max * (recall - backing(recall, precision)),
      `${pinned.length} items pinned for ${found.length + refuted.length} clue(s) found and red herring(s) refuted, two each free: precision ${Math.round(precision * 100)}% weighs ${PRECISION_WEIGHT * 100}% of what the clues earn`,
    );
  // A red herring pinned and never refuted dilutes the precision above; the method part charges it once more
  // as a misleading signal left unrefuted, and no part charges the same mistake a third time.
  const chased = herringsPinned.filter((r) => !refuted.includes(r)).length;
  if (chased > 0) account.note(`${chased} red herring(s) pinned and never refuted.`);
  return account;
}

/** What the efficiency part measures against: the reference path's queries and an expert's minutes. */
export interface EfficiencyBasis {
  readonly refQueries: number;
  readonly refMinutes: number;
  /** Whether the diagnosis stands (its component and kind of fault right or arguable). */
  readonly accepted: boolean;
  readonly diagnosed: boolean;
  readonly recall: number;
}

/**
 * The efficiency part: queries asked against the reference path (up to twice as many free, falling to 0
 * at six times) and time against an expert's (over three times costs 2), earned only for a diagnosis that
 * stands, where questions were asked, and as far as key clues were found.
 */
export function efficiencyPart(
  state: InvestigationState,
  actions: readonly Action[],
  basis: EfficiencyBasis,
  max = 5,
): Ledger {
  const account = ledger(max);
  const { refQueries, refMinutes } = basis;
  const extra = Math.max(0, state.queries - 2 * refQueries);
  let f = max * Math.max(0, 1 - extra / (4 * refQueries));
  if (extra > 0)
    account.lose(
      max - f,
      `${state.queries} queries; the reference path takes ${refQueries}, and beyond twice that each costs`,
    );
  const last = state.submissions[state.submissions.length - 1];
  const minutes = (last?.at ?? 0) / 60_000;
  if (minutes > 3 * refMinutes && f > 0) {
    account.lose(Math.min(2, f), `${Math.round(minutes)} minutes; an expert takes about ${refMinutes}`);
    f = Math.max(0, f - 2);
  }
  // Speed is worth something only on the way to the right answer, and only where questions were asked.
  const asked = actions.filter(askedQuery).length;
  if (!basis.diagnosed) account.lose(f, 'No diagnosis was submitted, so there is no efficiency to count');
  else if (!basis.accepted) account.lose(f, 'Efficiency counts only for a right diagnosis');
  else if (asked === 0)
    account.lose(f, 'No question was asked of the tools, so there is no efficiency to count');
  else if (basis.recall < 1)
    account.lose(
      f * (1 - basis.recall),
      `Efficiency counts as far as key clues were found: ${tenth(f)} × ${Math.round(basis.recall * 100) / 100}`,
    );
  return account;
}
