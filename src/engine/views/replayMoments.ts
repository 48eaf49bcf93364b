import { FAULT_KIND_LABELS } from '../scenario/faultKinds.ts';
import { faultStartText } from '../scenario/faultStart.ts';
import type { Scenario } from '../scenario/schema.ts';
import { parseTimestamp } from '../scenario/units.ts';
import type { MitigationEffect, Outcome } from '../sim/response/outcomes.ts';
import { OUTCOME_LABELS } from '../sim/response/outcomes.ts';
import { actionPalette } from '../sim/response/palette.ts';
import type { Replay, ServiceHealth } from './replay.ts';

/** What a moment of the replay is: the hidden fault, a symptom on a service, the page, or an action. */
export type MomentKind = 'fault' | 'symptom' | 'recovery' | 'page' | 'action';

/** One moment the debrief's timeline marks and its text alternative lists. */
export interface ReplayMoment {
  readonly atMs: number;
  readonly kind: MomentKind;
  readonly text: string;
  readonly service?: string;
  /** For an action: what it did, as the response was judged. */
  readonly outcome?: Outcome;
}

/**
 * When the incident's first fault began: its `from`, else its trigger's time, else the window's start
 * (a fault with neither was already there when the window opens). Only read once the truth is revealed.
 */
export function faultStartMs(scenario: Scenario): number {
  const windowStart = parseTimestamp(scenario.window.start) ?? 0;
  const starts = scenario.faults.map((f) => {
    return parseTimestamp(faultStartText(scenario, f) ?? '') ?? windowStart;
  });
  return Math.max(windowStart, Math.min(...starts));
}

const isBad = (h: ServiceHealth | undefined) => h === 'failing' || h === 'erroring' || h === 'slow';

/**
 * The symptoms as the replay shows them: when each service first went bad, and when it came back for good
 * (a service hovering about a threshold would otherwise come and go every minute).
 */
function symptomMoments(replay: Replay): ReplayMoment[] {
  const moments: ReplayMoment[] = [];
  const ids = Object.keys(replay.frames[0]?.services ?? {});
  for (const service of ids) {
    const health = replay.frames.map((f) => f.services[service]);
    const first = health.findIndex((h) => isBad(h?.health));
    if (first < 0) continue;
    const now = health[first]!;
    const share = `${Math.max(1, Math.round(now.errorRatio * 100))}% of its requests`;
    const text =
      now.health === 'slow'
        ? `${service} turns slow (p95 ${Math.round(now.p95Ms ?? 0)} ms)`
        : now.health === 'failing'
          ? `${service} starts failing (${share})`
          : `${service} starts returning errors (${share})`;
    moments.push({ atMs: replay.frames[first]!.atMs, kind: 'symptom', text, service });
    const last = health.findLastIndex((h) => isBad(h?.health));
    const after = replay.frames[last + 1];
    if (after && after.services[service]?.health === 'ok')
      moments.push({ atMs: after.atMs, kind: 'recovery', text: `${service} is healthy again`, service });
  }
  return moments;
}

/**
 * The replay's key moments in time order: the fault's start (the truth, shown after the reveal), each
 * service going bad or healthy as its telemetry showed, the page, and each mitigation the trainee applied
 * with what it did. The debrief marks them on its timeline and lists them as the map's text alternative.
 */
export function replayMoments(
  scenario: Scenario,
  replay: Replay,
  effects: readonly MitigationEffect[],
): ReplayMoment[] {
  const root = scenario.solution.rootCause;
  const fault: ReplayMoment = {
    atMs: faultStartMs(scenario),
    kind: 'fault',
    text: `The fault begins: ${root.component}, ${FAULT_KIND_LABELS[root.fault].toLowerCase()}`,
    service: root.component,
  };
  const pageAt = parseTimestamp(scenario.briefing.page.at);
  const page: ReplayMoment[] =
    pageAt === undefined
      ? []
      : [{ atMs: pageAt, kind: 'page', text: `You are paged: ${scenario.briefing.page.title}` }];
  const labels = new Map(actionPalette(scenario).map((m) => [m.id, m.label]));
  const actions = effects.map(
    (e): ReplayMoment => ({
      atMs: e.atMs,
      kind: 'action',
      text: `You applied ${labels.get(e.mitigation) ?? e.mitigation}: it ${OUTCOME_LABELS[e.outcome]}${e.damage ? `; ${e.damage}` : ''}`,
      outcome: e.outcome,
    }),
  );
  const order: Record<MomentKind, number> = { fault: 0, symptom: 1, recovery: 2, page: 3, action: 4 };
  return [fault, ...symptomMoments(replay), ...page, ...actions].sort(
    (a, b) => a.atMs - b.atMs || order[a.kind] - order[b.kind],
  );
}
