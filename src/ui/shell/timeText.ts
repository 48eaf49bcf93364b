import { parseTimestamp } from '../../engine/scenario/units.ts';
import { clockTime } from './format.ts';

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Oct 24`: a UTC date as a time axis names a day. */
export function dayText(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/**
 * Whether a clock time alone names one moment of a window: once the window lasts a day, `02:10` could be
 * any of several nights, and every moment shown in it carries its date.
 */
export function daysMatter(window: { readonly start: string; readonly end: string } | undefined): boolean {
  if (!window) return false;
  return (parseTimestamp(window.end) ?? 0) - (parseTimestamp(window.start) ?? 0) >= DAY_MS;
}

/** `02:04:59`, or `Oct 24 02:04:59` when the days matter. */
export function momentText(ms: number, withDay: boolean): string {
  return withDay ? `${dayText(ms)} ${clockTime(ms)}` : clockTime(ms);
}

/** A label of a time axis: the time of day, and the day under it where one starts. */
export interface AxisLabel {
  readonly time: string;
  readonly day?: string;
}

/**
 * Labels for ticks of a time axis (UTC), as Grafana draws them: `02:00`, with the date under the first
 * tick and under each tick where a new day starts once the ticks span more than one day, and the date
 * alone when they are a day or more apart. Within one day the date would only take room.
 *
 * @example axisLabels([Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25)], 7_200_000)
 * // [{ time: '22:00', day: 'Oct 24' }, { time: '00:00', day: 'Oct 25' }]
 */
export function axisLabels(ticksMs: readonly number[], incrementMs: number): AxisLabel[] {
  if (incrementMs >= DAY_MS) return ticksMs.map((t) => ({ time: dayText(t) }));
  const seconds = incrementMs < 60_000;
  const time = (t: number) => clockTime(t).slice(0, seconds ? 8 : 5);
  const first = ticksMs[0];
  const last = ticksMs[ticksMs.length - 1];
  if (first === undefined || last === undefined || dayText(first) === dayText(last))
    return ticksMs.map((t) => ({ time: time(t) }));
  let previous = '';
  return ticksMs.map((t) => {
    const day = dayText(t);
    const label = day === previous ? { time: time(t) } : { time: time(t), day };
    previous = day;
    return label;
  });
}

/** Tick spacings a time axis reads well at, from a minute to a week. */
const TICK_STEPS_MS = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10_080].map((m) => m * 60_000);

/**
 * Ticks for a time axis over `[startMs, endMs)`: at most `most` of them, on whole UTC minutes, hours or
 * days, so an axis over three days reads midnight, noon, midnight rather than 02:30, 20:30, 14:30.
 */
export function timeTicks(startMs: number, endMs: number, most: number): { ticks: number[]; stepMs: number } {
  const span = Math.max(1, endMs - startMs);
  const stepMs = TICK_STEPS_MS.find((s) => span / s <= most) ?? Math.ceil(span / most / DAY_MS) * DAY_MS;
  const ticks: number[] = [];
  for (let t = Math.ceil(startMs / stepMs) * stepMs; t < endMs; t += stepMs) ticks.push(t);
  return { ticks, stepMs };
}
