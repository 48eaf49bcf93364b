import type { Action } from '../investigation/actions.ts';
import { matchesClue } from '../investigation/clues.ts';
import type { Evidence } from '../investigation/evidence.ts';
import { evidenceService } from '../investigation/evidence.ts';
import { appliedMitigations } from '../investigation/responseSteps.ts';
import { rightMitigations } from '../scenario/responseSchema.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { MitigationEffect } from '../sim/response/outcomes.ts';
import { OUTCOME_LABELS } from '../sim/response/outcomes.ts';
import type { Mitigation } from '../sim/response/palette.ts';
import { actionPalette } from '../sim/response/palette.ts';

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
  const notes: string[] = [];
  const penalties: { label: string; points: number }[] = [];
  if (applied.length === 0) {
    notes.push('No mitigation was applied: users went on failing while you investigated.');
    return { score: 0, notes, penalties };
  }
  let score = 0;
  const right = applied.find((a) => correctIds.has(a.mitigation));
  const byId = new Map(actionPalette(scenario, { verdicts: scenario.mitigations }).map((m) => [m.id, m]));
  const label = (id: string) => byId.get(id)?.label ?? id;
  if (right) {
    const minutes = right.at / 60_000;
    // Full credit up to the time an expert takes; it falls to 40% by four times that.
    const timely =
      minutes <= refMinutes ? 1 : Math.max(0.4, 1 - (0.6 * (minutes - refMinutes)) / (3 * refMinutes));
    score += RESPONSE_POINTS.right * timely;
    notes.push(
      `${label(right.mitigation)}: the right mitigation, ${Math.round(minutes)} min into the incident${
        timely < 1 ? `; an expert mitigates within about ${refMinutes} min` : ''
      }.`,
    );
    if (backed(scenario, byId.get(right.mitigation)!, pinnedBefore(actions, right.at)))
      score += RESPONSE_POINTS.backed;
    else
      notes.push(
        `Fewer than two key clues, one about what it acts on, were pinned before it: right, but not yet shown to be (−${RESPONSE_POINTS.backed}).`,
      );
  } else
    notes.push(`None of your mitigations ends the incident; ${rightIds.map(label).join(' or ')} would have.`);
  // The author's word on what each choice did in this incident.
  for (const a of applied) {
    const note = scenario.mitigations[a.mitigation]?.note;
    if (note) notes.push(`${label(a.mitigation)}: ${note}`);
  }
  let unbacked = 0;
  for (const a of applied) {
    const m = byId.get(a.mitigation)!;
    if (correctIds.has(a.mitigation)) continue;
    if (!grounded(scenario, m, pinnedBefore(actions, a.at))) {
      unbacked++;
      notes.push(`${m.label}: chosen with nothing pinned about what it acts on (−${UNBACKED_COST}).`);
    }
  }
  const worse = (effects ?? []).filter((e) => e.outcome === 'worse');
  if (effects && worse.length === 0) score += RESPONSE_POINTS.safe;
  for (const e of worse)
    penalties.push({
      label: `${label(e.mitigation)} ${OUTCOME_LABELS.worse}`,
      points: WORSE_COST,
    });
  if (!effects) score += RESPONSE_POINTS.safe;
  score = Math.max(0, score - UNBACKED_COST * unbacked);
  return { score: Math.round(score * 10) / 10, notes, penalties };
}
