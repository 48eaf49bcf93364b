import type { Action } from '../investigation/actions.ts';
import { matchesClue } from '../investigation/clues.ts';
import type { Evidence } from '../investigation/evidence.ts';
import { evidenceService } from '../investigation/evidence.ts';
import { appliedMitigations } from '../investigation/responseSteps.ts';
import { neededWith, rightMitigations } from '../scenario/responseSchema.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { MitigationEffect } from '../sim/response/outcomes.ts';
import { OUTCOME_LABELS } from '../sim/response/outcomes.ts';
import type { Mitigation } from '../sim/response/palette.ts';
import { actionPalette } from '../sim/response/palette.ts';
import type { Ledger } from './ledger.ts';
import { ledger } from './ledger.ts';

/** Points the response part is out of, beside the investigation's 100. */
export const RESPONSE_MAX = 10;
/** What a mitigation that made things worse costs. */
export const WORSE_COST = 5;
/** What a wrong mitigation chosen with nothing pinned about what it acts on costs, within the part. */
const UNBACKED_COST = 2;
/** What the right mitigation earns in time, on evidence, and for nothing made worse. */
const RESPONSE_POINTS = { right: 4, backed: 4, safe: 2 } as const;

/** The response part of a score, and what it takes off the total. */
export interface ResponseScore {
  readonly score: number;
  readonly notes: readonly string[];
  /** The part's account: every point lost has its sentence. */
  readonly account: Ledger;
  readonly penalties: readonly { readonly label: string; readonly points: number }[];
}

/** Evidence pinned before elapsed time `at`, in pin order. */
function pinnedBefore(actions: readonly Action[], at: number): Evidence[] {
  const pinned = new Map<string, Evidence>();
  for (const a of actions) {
    if (a.at > at) break;
    if (a.type === 'pin') pinned.set(a.evidence.ref, a.evidence);
    else if (a.type === 'unpin') pinned.delete(a.ref);
  }
  return [...pinned.values()];
}

/** The service or change a mitigation acts on, as pinned evidence would name it. */
function targets(scenario: Scenario, m: Mitigation): { services: string[]; event?: string } {
  const ev = m.event ? scenario.timeline.find((e) => e.id === m.event) : undefined;
  const services = [m.service, ev?.service].filter((s): s is string => s !== undefined);
  if (m.kind === 'failover' || m.kind === 'rate-limit')
    services.push(...scenario.system.services.map((s) => s.id));
  return { services, ...(m.event ? { event: m.event } : {}) };
}

/** Whether anything pinned before the action is about what it acts on: its change, or its service. */
function grounded(scenario: Scenario, m: Mitigation, pins: readonly Evidence[]): boolean {
  const t = targets(scenario, m);
  return pins.some(
    (e) => (e.kind === 'change' && e.eventId === t.event) || t.services.includes(evidenceService(e) ?? ''),
  );
}

/**
 * Whether what was pinned before the action shows it fits: an item bearing on what it acts on, and a second
 * key clue beside it (a change alone says it happened, not that it broke anything).
 */
function backed(scenario: Scenario, m: Mitigation, pins: readonly Evidence[]): boolean {
  const t = targets(scenario, m);
  const keyClue = (e: Evidence) => scenario.solution.clues.some((c) => matchesClue(e, c));
  if (pins.filter(keyClue).length < 2) return false;
  return pins.some(
    (e) =>
      (e.kind === 'change' && e.eventId === t.event) ||
      (keyClue(e) && t.services.includes(evidenceService(e) ?? '')) ||
      (m.kind === 'failover' || m.kind === 'rate-limit' ? keyClue(e) : false),
  );
}

/**
 * Scores the response to the incident: the right mitigation, soon, on the strength of evidence, and no
 * action that made things worse. `effects` (what the simulation showed each action did) adds the cost of
 * a mitigation that made things worse; without it the part still scores choice, time and evidence.
 */
export function responsePart(
  scenario: Scenario,
  actions: readonly Action[],
  refMinutes: number,
  effects?: readonly MitigationEffect[],
): ResponseScore {
  const applied = appliedMitigations(scenario, actions);
  const rightIds = rightMitigations(scenario);
  const correctIds = new Set(rightIds);
  const account = ledger(RESPONSE_MAX);
  const penalties: { label: string; points: number }[] = [];
  const done = (): ResponseScore => ({ score: account.score(), notes: account.notes, account, penalties });
  const byId = new Map(actionPalette(scenario, { verdicts: scenario.mitigations }).map((m) => [m.id, m]));
  const label = (id: string) => byId.get(id)?.label ?? id;
  if (applied.length === 0) {
    account.lose(
      RESPONSE_MAX,
      `No mitigation was applied: users went on failing while you investigated (${rightIds.map(label).join(' or ')} would have ended it)`,
    );
    return done();
  }
  const right = applied.find((a) => correctIds.has(a.mitigation));
  if (right) {
    const minutes = right.at / 60_000;
    // Full credit up to the time an expert takes; it falls to 40% by four times that.
    const timely =
      minutes <= refMinutes ? 1 : Math.max(0.4, 1 - (0.6 * (minutes - refMinutes)) / (3 * refMinutes));
    const what = `${label(right.mitigation)}: the right mitigation, ${Math.round(minutes)} min into the incident`;
    if (timely < 1)
      account.lose(
        RESPONSE_POINTS.right * (1 - timely),
        `${what}; an expert mitigates within about ${refMinutes} min, so ${Math.round(timely * 100)}% of its ${RESPONSE_POINTS.right}`,
      );
    else account.note(`${what}.`);
    const missing = neededWith(scenario, right.mitigation).filter(
      (id) => !applied.some((a) => a.mitigation === id && a.at <= right.at),
    );
    if (missing.length > 0)
      account.lose(
        RESPONSE_POINTS.right,
        `Incomplete: ${label(right.mitigation)} ends the incident only after ${missing.map(label).join(' and ')}, which was not taken before it`,
      );
    if (!backed(scenario, byId.get(right.mitigation)!, pinnedBefore(actions, right.at)))
      account.lose(
        RESPONSE_POINTS.backed,
        'Fewer than two key clues, one about what it acts on, were pinned before it: right, but not yet shown to be',
      );
  } else {
    // Part of the fix without the rest (the deletions stopped, nothing restored) still leaves users hurt.
    const part = rightIds.find((id) =>
      neededWith(scenario, id).some((n) => applied.some((a) => a.mitigation === n)),
    );
    account.lose(
      RESPONSE_POINTS.right + RESPONSE_POINTS.backed,
      part
        ? `Incomplete: ${neededWith(scenario, part)
            .filter((n) => applied.some((a) => a.mitigation === n))
            .map(label)
            .join(' and ')} was needed, but only ${label(part)} after it ends the incident`
        : `None of your mitigations ends the incident; ${rightIds.map(label).join(' or ')} would have`,
    );
  }
  // The author's word on what each choice did in this incident.
  for (const a of applied) {
    const note = scenario.mitigations[a.mitigation]?.note;
    if (note) account.note(`${label(a.mitigation)}: ${note}`);
  }
  const worse = (effects ?? []).filter((e) => e.outcome === 'worse');
  if (worse.length > 0)
    account.lose(
      RESPONSE_POINTS.safe,
      `${worse.map((e) => label(e.mitigation)).join(', ')} made things worse, so nothing is earned for doing no harm`,
    );
  for (const e of worse)
    penalties.push({
      label: `${label(e.mitigation)} ${OUTCOME_LABELS.worse}`,
      points: WORSE_COST,
    });
  for (const a of applied) {
    const m = byId.get(a.mitigation)!;
    if (correctIds.has(a.mitigation)) continue;
    if (!grounded(scenario, m, pinnedBefore(actions, a.at)))
      account.lose(UNBACKED_COST, `${m.label}: chosen with nothing pinned about what it acts on`);
  }
  return done();
}
