import type { GappedTool } from '../engine/query/gapNotices.ts';
import { withGapWarnings } from '../engine/query/gapNotices.ts';
import type { QueryResult } from '../engine/query/types.ts';
import type { TelemetryGaps, TimeSpan } from '../engine/world/telemetryGaps.ts';
import type { QuerySource } from './querySource.ts';

/** How far back a plain selector looks for a sample, as Prometheus' default lookback delta. */
const LOOKBACK_MS = 300_000;

/** The longest `[range]` anywhere in a parsed query (PromQL or LogQL), 0 when it has none. */
function longestRangeMs(node: unknown): number {
  if (node === null || typeof node !== 'object') return 0;
  let longest = 0;
  const own = (node as { rangeMs?: unknown }).rangeMs;
  if (typeof own === 'number') longest = own;
  for (const value of Object.values(node)) longest = Math.max(longest, longestRangeMs(value));
  return longest;
}

/**
 * How far before its time an instant query reads: its longest range (`rate(x[1h])` reads an hour), or
 * the lookback of a plain selector. Offsets and `@` are not followed: a warning about the hour before the
 * query's time is what a person reading its answer needs.
 */
export function readsBackMs(ast: unknown): number {
  return Math.max(LOOKBACK_MS, longestRangeMs(ast));
}

function shifted(spans: readonly TimeSpan[], offsetMs: number): TimeSpan[] {
  return spans.map((s) => ({ fromMs: s.fromMs + offsetMs, toMs: s.toMs + offsetMs }));
}

/** The world's gaps on the served clock, so a warning's times match the ones the client sees. */
function servedGaps(gaps: TelemetryGaps, offsetMs: number): TelemetryGaps {
  if (offsetMs === 0) return gaps;
  const pending = gaps.logsPendingFromMs;
  return {
    metrics: shifted(gaps.metrics, offsetMs),
    traces: shifted(gaps.traces, offsetMs),
    logs: shifted(gaps.logs, offsetMs),
    logsLateMs: gaps.logsLateMs,
    ...(pending === undefined ? {} : { logsPendingFromMs: pending + offsetMs }),
  };
}

/**
 * A query's answer over `[startMs, endMs)` (world clock) with the warnings `twoam query` and the game's
 * tools give when the tool depended on a failing component: Prometheus and Loki both return a top-level
 * `warnings` array, which Grafana shows above the panel.
 */
export function withServedGapWarnings<R extends QueryResult>(
  source: QuerySource,
  result: R,
  tool: GappedTool,
  startMs: number,
  endMs: number,
): R {
  if (!source.gaps) return result;
  const offsetMs = source.offsetMs ?? 0;
  return withGapWarnings(
    result,
    servedGaps(source.gaps, offsetMs),
    tool,
    startMs + offsetMs,
    endMs + offsetMs,
  );
}
