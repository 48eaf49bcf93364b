import type { Fault, TimelineEvent } from './schema.ts';

/** What a fault's start is read from: the timeline and the other faults (a herd starts when one ends). */
export interface FaultTimes {
  readonly timeline: readonly Pick<TimelineEvent, 'id' | 'at'>[];
  readonly faults: readonly Pick<Fault, 'id' | 'until'>[];
}

/**
 * When a fault starts, as written: its `from`, else its trigger's time, else (a thundering herd) the end
 * of the fault that released it. Undefined when none is known: a herd whose releasing fault is absent or
 * never ends never starts.
 *
 * @example
 * faultStartText(s, { id: 'herd', releasedBy: 'blip' }) // the `until` of fault "blip"
 */
export function faultStartText(
  s: FaultTimes,
  fault: Pick<Fault, 'from' | 'trigger' | 'releasedBy'>,
): string | undefined {
  if (fault.from !== undefined) return fault.from;
  if (fault.trigger !== undefined) return s.timeline.find((e) => e.id === fault.trigger)?.at;
  if (fault.releasedBy !== undefined) return s.faults.find((f) => f.id === fault.releasedBy)?.until;
  return undefined;
}
