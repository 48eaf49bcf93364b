import type { Labels } from '../../engine/world/labels.ts';

/**
 * How a chart tells series apart, as Grafana does: failures in red, successes in green, client errors in
 * orange, everything else from a palette without those hues; and series that lie on top of each other
 * still told apart by their dashes.
 */

/** What a series' labels say of its outcome. */
export type SeriesTone = 'bad' | 'warn' | 'good' | 'neutral';

/** Labels whose value tells an outcome (HTTP status, gRPC code, a log level, a job's result). */
const OUTCOME_LABELS = [
  'status',
  'status_code',
  'code',
  'http_status',
  'http_status_code',
  'status_class',
  'outcome',
  'result',
  'level',
  'detected_level',
  'state',
  'error',
  'success',
];

const BAD =
  /^(5\d\d|5xx|error|errors|err|failed|failure|fail|fatal|critical|crit|timeout|timed_out|unavailable|internal|deadline_exceeded|aborted|rejected|dropped)$/i;
const WARN =
  /^(4\d\d|4xx|warn|warning|retry|retried|degraded|canceled|cancelled|not_found|invalid_argument)$/i;
const GOOD = /^(2\d\d|2xx|3\d\d|3xx|ok|success|succeeded|successful|completed|done|passed|info)$/i;

/** The outcome a series' labels name, by the first outcome label it has. */
export function seriesTone(labels: Labels): SeriesTone {
  for (const name of OUTCOME_LABELS) {
    const value = labels[name];
    if (value === undefined) continue;
    // `error="true"` and `success="false"` speak of failure by a flag.
    if (name === 'error') return value === 'true' ? 'bad' : value === 'false' ? 'good' : 'neutral';
    if (name === 'success') return value === 'true' ? 'good' : value === 'false' ? 'bad' : 'neutral';
    if (BAD.test(value)) return 'bad';
    if (WARN.test(value)) return 'warn';
    if (GOOD.test(value)) return 'good';
  }
  return 'neutral';
}

/** Shades of each tone, on the dark panel; neutral leaves out red, orange and green. */
const SHADES: Readonly<Record<SeriesTone, readonly string[]>> = {
  bad: ['#ff6b6b', '#e8590c', '#ffa8a8', '#c92a2a'],
  warn: ['#ffa94d', '#ffd43b', '#f08c00', '#fab005'],
  good: ['#4fd18b', '#94d82d', '#2f9e44', '#8ce99a'],
  neutral: ['#8ab4ff', '#ce93d8', '#80deea', '#b197fc', '#74c0fc', '#e599f7', '#66d9e8', '#91a7ff'],
};

/** Line dashes, in canvas `setLineDash` form; the first is solid. */
const DASHES: readonly (readonly number[])[] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4]];

/** How one series is drawn. */
export interface SeriesStyle {
  readonly color: string;
  readonly dash: readonly number[];
  readonly tone: SeriesTone;
}

/**
 * Colours and dashes for series in order: each tone's series take its shades in turn, and every series
 * takes the next dash, so two series with the same values (drawn on top of each other) still show both.
 */
export function seriesStyles(labels: readonly Labels[]): SeriesStyle[] {
  const used: Record<SeriesTone, number> = { bad: 0, warn: 0, good: 0, neutral: 0 };
  return labels.map((l, i) => {
    const tone = seriesTone(l);
    const shades = SHADES[tone];
    const color = shades[used[tone]++ % shades.length]!;
    return { color, dash: DASHES[i % DASHES.length]!, tone };
  });
}

/**
 * The width a y axis needs for its labels, in CSS pixels: the longest label at `charPx` a character, the
 * tick and a gap. Measured from the labels drawn, so a large value or a long unit is never cut.
 */
export function axisWidth(labels: readonly (string | null | undefined)[], charPx = 7.5): number {
  const longest = Math.max(0, ...labels.map((l) => (l ? l.length : 0)));
  return Math.max(40, Math.ceil(longest * charPx) + 18);
}

/** The last point of a series that has a value, with its time: what a "Last" column shows. */
export function lastPoint(
  samples: readonly { readonly t: number; readonly v: number }[] | undefined,
): { readonly t: number; readonly v: number } | undefined {
  if (!samples) return undefined;
  for (let i = samples.length - 1; i >= 0; i--) if (Number.isFinite(samples[i]!.v)) return samples[i];
  return undefined;
}
