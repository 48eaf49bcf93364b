import { parseTimestamp } from '../../engine/scenario/units.ts';

/** A time range a tool offers: minutes back from the incident clock, 0 for the whole incident window. */
export interface RangeChoice {
  readonly minutes: number;
  readonly label: string;
}

/** Grafana's quick ranges, shortest first. */
const QUICK_RANGES: readonly RangeChoice[] = [
  { minutes: 5, label: 'Last 5 minutes' },
  { minutes: 15, label: 'Last 15 minutes' },
  { minutes: 30, label: 'Last 30 minutes' },
  { minutes: 60, label: 'Last 1 hour' },
  { minutes: 180, label: 'Last 3 hours' },
  { minutes: 360, label: 'Last 6 hours' },
  { minutes: 720, label: 'Last 12 hours' },
  { minutes: 1440, label: 'Last 24 hours' },
  { minutes: 2880, label: 'Last 2 days' },
  { minutes: 10_080, label: 'Last 7 days' },
];

/**
 * The ranges a tool offers over a window: the whole incident window, then each quick range from
 * `shortest` minutes that fits in the window. A range longer than the window would show the same as the
 * whole of it, so a window of hours offers no "Last 7 days" and a window of days offers "Last 24 hours".
 *
 * @example rangeChoices({ start: '2026-10-25T01:00:00Z', end: '2026-10-25T02:30:00Z' }, 15).map((r) => r.minutes)
 * // [0, 15, 30, 60]
 */
export function rangeChoices(
  window: { readonly start: string; readonly end: string },
  shortest: number,
): RangeChoice[] {
  const windowMinutes = ((parseTimestamp(window.end) ?? 0) - (parseTimestamp(window.start) ?? 0)) / 60_000;
  return [
    { minutes: 0, label: 'Whole incident window' },
    ...QUICK_RANGES.filter((r) => r.minutes >= shortest && r.minutes <= windowMinutes),
  ];
}

/**
 * The choice a range select shows for `minutes`: itself when offered, else the whole window, which a
 * range longer than the window covers anyway.
 */
export function chosenRange(choices: readonly RangeChoice[], minutes: number): number {
  return choices.some((c) => c.minutes === minutes) ? minutes : 0;
}
