import type { ChannelMessage, ChannelTrigger } from '../scenario/channelSchema.ts';
import { faultStartText } from '../scenario/faultStart.ts';
import { rightMitigations } from '../scenario/responseSchema.ts';
import type { Fault, Scenario } from '../scenario/schema.ts';
import { parseDuration, parseTimestamp } from '../scenario/units.ts';
import type { AlertEvent } from '../sim/telemetry/alerts.ts';
import type { Action } from './actions.ts';
import type { ClockSource } from './responseSteps.ts';
import { actionClock } from './responseSteps.ts';

// The incident channel as the trainee sees it at a moment of the game clock: the scenario's messages whose
// time (or trigger) has come, and the trainee's own status updates, in the order they appeared. Pure, so the
// page, the debrief and the tests compute the same channel from the same inputs.

/** An alert rule going to firing: the first time, or again after it resolved. */
export interface AlertFiring {
  readonly alert: string;
  readonly atMs: number;
}

/** One entry of the channel: a scripted message, or a status update the trainee posted. */
export type ChannelItem =
  | { readonly kind: 'message'; readonly atMs: number; readonly message: ChannelMessage }
  | { readonly kind: 'status'; readonly atMs: number; readonly text: string; readonly index: number };

/** What the channel is computed from; every time is in milliseconds since the epoch except action `at`. */
export interface ChannelInput {
  /** The system and its timeline place actions after a mitigation later on the clock, by what each took. */
  readonly scenario: Pick<Scenario, 'channel'> & ClockSource;
  /** When the trainee was paged: action times (`at`, elapsed since the page) count from here. */
  readonly pageMs: number;
  /** The incident clock's now: nothing later has appeared yet. */
  readonly nowMs: number;
  readonly actions: readonly Action[];
  /** Alert firings seen so far, in any order; later ones are ignored. */
  readonly firings: readonly AlertFiring[];
}

/**
 * The alerts' firings up to `endMs`, in time order: each rule's first firing and every later re-firing,
 * one per rule and moment (several series of one rule firing together count once).
 *
 * @example
 * alertFirings(evaluateAlerts(rules, metrics, startMs, endMs).alerts, nowMs);
 */
export function alertFirings(alerts: readonly AlertEvent[], endMs: number): AlertFiring[] {
  const seen = new Set<string>();
  const out: AlertFiring[] = [];
  for (const a of alerts) {
    if (a.firingAtMs === undefined || a.firingAtMs > endMs) continue;
    const key = `${a.alert}\n${a.firingAtMs}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ alert: a.alert, atMs: a.firingAtMs });
  }
  return out.sort((a, b) => a.atMs - b.atMs || a.alert.localeCompare(b.alert));
}

/**
 * When each message of the channel appears, or undefined for one whose trigger has not happened by
 * `nowMs` (or never can: a reply in a cycle). Indexed like `scenario.channel`.
 */
export function messageTimes(input: ChannelInput): (number | undefined)[] {
  const { scenario, pageMs, nowMs, actions, firings } = input;
  const clock = actionClock(scenario, pageMs, actions);
  const byId = new Map(scenario.channel.map((m, i) => [m.id, i]));
  const times = new Map<number, number | undefined>();
  const visiting = new Set<number>();
  const nth = <T extends Action['type']>(type: T, which: 'any' | number, match?: (a: Action) => boolean) => {
    let count = 0;
    for (const a of actions) {
      if (a.type !== type || (match && !match(a))) continue;
      count++;
      if (which === 'any' || count === which) return clock(a);
    }
    return undefined;
  };
  const triggerTime = (t: ChannelTrigger): number | undefined => {
    if (t.page) return pageMs;
    if (t.alert !== undefined) {
      let first: number | undefined;
      for (const f of firings)
        if (f.alert === t.alert && f.atMs <= nowMs && (first === undefined || f.atMs < first)) first = f.atMs;
      return first;
    }
    if (t.mitigation !== undefined) {
      const id = t.mitigation;
      return nth('mitigate', 'any', (a) => a.type === 'mitigate' && (id === 'any' || a.mitigation === id));
    }
    if (t.event !== undefined) {
      const ev = scenario.timeline.find((e) => e.id === t.event);
      return ev ? parseTimestamp(ev.at) : undefined;
    }
    // Hints are numbered from 1 in the file; the action log counts them from 0.
    if (t.hint !== undefined) {
      const want = t.hint;
      return nth('hint', 'any', (a) => a.type === 'hint' && (want === 'any' || a.index === want - 1));
    }
    if (t.status !== undefined) return nth('status', t.status);
    if (t.message !== undefined) {
      const i = byId.get(t.message);
      return i === undefined ? undefined : timeOf(i);
    }
    return undefined;
  };
  const timeOf = (i: number): number | undefined => {
    if (times.has(i)) return times.get(i);
    if (visiting.has(i)) return undefined;
    visiting.add(i);
    const m = scenario.channel[i]!;
    let at: number | undefined;
    if (m.at !== undefined) at = parseTimestamp(m.at);
    else if (m.after !== undefined) {
      const base = triggerTime(m.after);
      at = base === undefined ? undefined : base + (parseDuration(m.delay ?? '0s') ?? 0);
    }
    visiting.delete(i);
    times.set(i, at);
    return at;
  };
  return scenario.channel.map((_, i) => {
    const at = timeOf(i);
    return at !== undefined && at <= nowMs ? at : undefined;
  });
}

/**
 * The channel at the clock's now: messages that have appeared and the trainee's status updates, oldest
 * first. Entries at the same moment keep the file's order, and a status update follows the messages of
 * its moment (the trainee read them before posting).
 *
 * @example
 * channelAt({ scenario, pageMs, nowMs: session.nowMs(), actions, firings });
 */
export function channelAt(input: ChannelInput): ChannelItem[] {
  const items: ChannelItem[] = [];
  messageTimes(input).forEach((atMs, i) => {
    if (atMs !== undefined) items.push({ kind: 'message', atMs, message: input.scenario.channel[i]! });
  });
  let index = 0;
  const clock = actionClock(input.scenario, input.pageMs, input.actions);
  for (const a of input.actions) {
    if (a.type !== 'status') continue;
    const atMs = clock(a);
    if (atMs <= input.nowMs) items.push({ kind: 'status', atMs, text: a.text, index });
    index++;
  }
  // Array.prototype.sort is stable, so ties keep the order they were pushed in: messages, then updates.
  return items.sort((a, b) => a.atMs - b.atMs);
}

/** What was true when a status update was posted: for the debrief to set beside it. */
export interface TruthAt {
  /** The scenario's faults in force at that moment (started by their trigger or `from`, not yet `until`). */
  readonly faults: readonly Fault[];
  /** Mitigations the trainee had applied by then, and whether each is one the solution counts as a fix. */
  readonly mitigations: readonly { readonly id: string; readonly atMs: number; readonly fixes: boolean }[];
}

/**
 * The faults in force and the mitigations applied at `atMs`, from the scenario's hidden truth and the
 * action log. A fault's own times are used: what a mitigation changed afterwards is shown as the
 * mitigation, so a trainee can see both that errors were still happening and that a fix was under way.
 */
export function truthAt(
  scenario: Pick<Scenario, 'faults' | 'window' | 'mitigations'> & ClockSource,
  pageMs: number,
  actions: readonly Action[],
  atMs: number,
): TruthAt {
  const windowStart = parseTimestamp(scenario.window.start)!;
  const faults = scenario.faults.filter((f) => {
    const from = parseTimestamp(faultStartText(scenario, f) ?? '') ?? windowStart;
    const until = f.until === undefined ? Number.POSITIVE_INFINITY : parseTimestamp(f.until)!;
    return from <= atMs && atMs < until;
  });
  const clock = actionClock(scenario, pageMs, actions);
  const right = new Set(rightMitigations(scenario));
  const mitigations = actions.flatMap((a) =>
    a.type === 'mitigate' && clock(a) <= atMs
      ? [
          {
            id: a.mitigation,
            atMs: clock(a),
            fixes: right.has(a.mitigation),
          },
        ]
      : [],
  );
  return { faults, mitigations };
}
