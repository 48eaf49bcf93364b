import type { ChannelMessage } from '../scenario/channelSchema.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { ChannelItem } from './channel.ts';

// A manager who asks for an update at fixed intervals while the incident goes on and the channel has heard
// nothing from the responder lately. Every scenario gets them, written by nobody: the texts are generic and
// name nothing of the system, so they can never point at (or away from) an answer. Whether the incident
// goes on is the caller's to say, from the telemetry (errors users see, an alert still firing).

/** How long after the page, and after each other, the manager asks again. */
export const NUDGE_EVERY_MS = 15 * 60_000;

/** How many times the manager asks at most: past that, nagging is noise. */
export const MAX_NUDGES = 8;

/** Who asks when the scenario's channel has no manager of its own. */
export const DEFAULT_MANAGER = 'Incident commander';

/** What the manager says, in turn. Nothing here may name a service, a change or a cause. */
export const NUDGE_TEXTS: readonly string[] = [
  'Any update? Support is asking what to tell customers.',
  'Checking in again: what do we know so far, and what is the next step?',
  'Still looking bad from where I sit. Can you post where things stand, even if it is "still investigating"?',
  'Leadership is asking for an ETA. Anything I can pass on?',
];

/** What the nudges are worked out from. */
export interface NudgeInput {
  readonly scenario: Pick<Scenario, 'channel'>;
  /** When the trainee was paged. */
  readonly pageMs: number;
  /** The incident clock's now: no nudge after it. */
  readonly nowMs: number;
  /** When the trainee posted status updates, on the incident clock. */
  readonly statusAtMs: readonly number[];
  /** Whether the incident was still going on at a moment (from the telemetry, never from the answer). */
  readonly ongoingAt: (atMs: number) => boolean;
}

/** The speaker of the nudges: the scenario's own manager if its channel has one. */
export function managerOf(scenario: Pick<Scenario, 'channel'>): string {
  return scenario.channel.find((m) => m.role === 'manager')?.from ?? DEFAULT_MANAGER;
}

/**
 * The manager's nudges up to `nowMs`: one at each interval after the page while the incident goes on,
 * unless the trainee posted a status update during that interval. Ids are `nudge-<n>`, from 1.
 *
 * @example
 * managerNudges({ scenario, pageMs, nowMs, statusAtMs: [], ongoingAt: () => true }).length; // 2 at page + 30 min
 */
export function managerNudges(input: NudgeInput): ChannelItem[] {
  const { scenario, pageMs, nowMs, statusAtMs, ongoingAt } = input;
  const from = managerOf(scenario);
  const ids = new Set(scenario.channel.map((m) => m.id));
  const items: ChannelItem[] = [];
  for (let k = 1; k <= MAX_NUDGES; k++) {
    const atMs = pageMs + k * NUDGE_EVERY_MS;
    if (atMs > nowMs) break;
    const heard = statusAtMs.some((t) => t > atMs - NUDGE_EVERY_MS && t <= atMs);
    if (heard || !ongoingAt(atMs)) continue;
    let id = `nudge-${items.length + 1}`;
    while (ids.has(id)) id = `${id}-1`;
    const message: ChannelMessage = {
      id,
      from,
      role: 'manager',
      text: NUDGE_TEXTS[items.length % NUDGE_TEXTS.length]!,
      at: new Date(atMs).toISOString(),
    };
    items.push({ kind: 'message', atMs, message });
  }
  return items;
}
