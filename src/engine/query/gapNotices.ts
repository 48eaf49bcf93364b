import { formatDuration } from '../scenario/units.ts';
import type { TelemetryGaps, TimeSpan } from '../world/telemetryGaps.ts';
import type { Diagnostic, QueryResult } from './types.ts';

/** The tools whose data a failing dependency can leave incomplete. */
export type GappedTool = 'logs' | 'metrics' | 'traces';

/** A time of day as an on-call person reads it on a dashboard: `02:10`, or `02:24:45` off the minute. */
function clock(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(17, 19) === '00' ? iso.slice(11, 16) : iso.slice(11, 19);
}

/** A date and time, for a limit that may lie days back: `Nov 6 09:00`. */
function dateTime(ms: number): string {
  const d = new Date(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    d.getUTCMonth()
  ];
  return `${month} ${d.getUTCDate()} ${clock(ms)}`;
}

function overlapping(spans: readonly TimeSpan[], startMs: number, endMs: number): TimeSpan[] {
  return spans.filter((s) => s.fromMs < endMs && s.toMs > startMs);
}

/**
 * What a tool's answer over `[startMs, endMs)` is missing because its store keeps less than the window
 * (retention) or a component it depends on was failing,
 * in the words a person on call would read under a panel: when no data was stored, which lines are still
 * arriving. It says when, never why: finding the component is the player's work.
 *
 * @example gapNotices(world.gaps, 'metrics', startMs, endMs) // ['no data from 02:10 to 02:25 UTC: no scrape was stored then']
 */
export function gapNotices(
  gaps: TelemetryGaps | undefined,
  tool: GappedTool,
  startMs: number,
  endMs: number,
): string[] {
  if (!gaps) return [];
  // Over a range of days, 02:10 could be any of its nights: the times carry their date.
  const at = endMs - startMs >= 86_400_000 ? dateTime : clock;
  const keptFrom =
    tool === 'logs' ? gaps.logsKeptFromMs : tool === 'traces' ? gaps.tracesKeptFromMs : undefined;
  if (tool === 'metrics' && gaps.metricsFineFromMs !== undefined && startMs < gaps.metricsFineFromMs)
    return [
      `samples before ${dateTime(gaps.metricsFineFromMs)} UTC are a minute apart: rate() and friends need a range of 2m or more there`,
      ...outageNotices(gaps, tool, startMs, endMs, at),
    ];
  const kept =
    keptFrom !== undefined && startMs < keptFrom
      ? [
          `no ${tool === 'logs' ? 'log lines' : 'traces'} before ${dateTime(keptFrom)} UTC: the ${tool === 'logs' ? 'log' : 'trace'} store keeps nothing older`,
        ]
      : [];
  return [...kept, ...outageNotices(gaps, tool, startMs, endMs, at)];
}

function outageNotices(
  gaps: TelemetryGaps,
  tool: GappedTool,
  startMs: number,
  endMs: number,
  time: (ms: number) => string,
): string[] {
  if (tool === 'metrics')
    return overlapping(gaps.metrics, startMs, endMs).map(
      (s) => `no data from ${time(s.fromMs)} to ${time(s.toMs)} UTC: no scrape was stored then`,
    );
  if (tool === 'traces')
    return overlapping(gaps.traces, startMs, endMs).map(
      (s) => `no traces were received from ${time(s.fromMs)} to ${time(s.toMs)} UTC`,
    );
  const notices: string[] = [];
  const pending = gaps.logsPendingFromMs;
  for (const s of overlapping(gaps.logs, startMs, endMs)) {
    // The span still being delivered is told once, as results that may be incomplete.
    if (pending !== undefined && s.toMs >= pending) continue;
    notices.push(
      `log lines from ${time(s.fromMs)} to ${time(s.toMs)} UTC arrived up to ${formatDuration(gaps.logsLateMs)} late`,
    );
  }
  if (pending !== undefined && pending < endMs)
    notices.push(`results may be incomplete: log lines from ${time(pending)} UTC on are still arriving`);
  return notices;
}

/** A query's answer with {@link gapNotices} added to its warnings, as Prometheus and Loki return them. */
export function withGapWarnings<R extends QueryResult>(
  result: R,
  gaps: TelemetryGaps | undefined,
  tool: GappedTool,
  startMs: number,
  endMs: number,
): R {
  if (!result.ok) return result;
  const notices = gapNotices(gaps, tool, startMs, endMs);
  if (notices.length === 0) return result;
  const warnings: Diagnostic[] = notices.map((message) => ({
    from: 0,
    to: 0,
    line: 1,
    col: 1,
    severity: 'warning',
    message,
  }));
  // Spread keeps what a result carries beyond QueryResult (LogQL's stats), so the cast holds.
  return { ...result, warnings: [...result.warnings, ...warnings] } as R;
}
