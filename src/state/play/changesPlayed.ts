import type { TimelineEvent } from '../../engine/scenario/schema.ts';
import { parseTimestamp } from '../../engine/scenario/units.ts';
import type { PlayContext } from './playContext.ts';

/**
 * The changes made during the play (mitigations applied, a game day's deploy or rollback injects), so the
 * Changes tool can tell when one reaches the incident clock.
 */
export interface ChangesPlayed {
  /** Notes changes the world has already taken (an id already noted is skipped). */
  note(events: readonly TimelineEvent[]): void;
  /** Adds changes to the open world's Changes tool, and notes them. */
  add(events: readonly TimelineEvent[]): Promise<void>;
  /** How many changes (the scenario's timeline and those played) have happened by the clock's now. */
  soFar(): number;
}

export function createChangesPlayed(context: PlayContext): ChangesPlayed {
  const played: TimelineEvent[] = [];
  const note = (events: readonly TimelineEvent[]) => {
    for (const event of events) if (!played.some((p) => p.id === event.id)) played.push(event);
  };
  return {
    note,
    add: async (events) => {
      note(events);
      await context.host.addChanges(events);
    },
    soFar: () => {
      const scenario = context.store.getState().scenario;
      if (!scenario) return 0;
      const now = context.nowMs();
      return [...scenario.timeline, ...played].filter((e) => (parseTimestamp(e.at) ?? 0) <= now).length;
    },
  };
}
