/** A span of time, `[fromMs, toMs)`. */
export interface TimeSpan {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Where a world's tools saw less than happened, because a component they depend on was failing (see the
 * scenario's `observability`): scrapes never stored, traces dropped, log lines that came in late. Times in
 * order, each span merged with the next when they touch.
 */
export interface TelemetryGaps {
  /** When no scrape was stored: every series has a gap there. */
  readonly metrics: readonly TimeSpan[];
  /** When traces were dropped. */
  readonly traces: readonly TimeSpan[];
  /** When log lines came in late, by {@link logsLateMs}. */
  readonly logs: readonly TimeSpan[];
  readonly logsLateMs: number;
  /** Log lines from this time on have not all arrived yet; absent once the log pipeline has caught up. */
  readonly logsPendingFromMs?: number;
  /** Samples before this time are a minute apart (downsampled); absent when the whole window has every scrape. */
  readonly metricsFineFromMs?: number;
  /** The log store keeps lines from this time on only (its retention); absent when it keeps the whole window. */
  readonly logsKeptFromMs?: number;
  /** The trace store keeps traces from this time on only; absent when it keeps the whole window. */
  readonly tracesKeptFromMs?: number;
}

/** Gaps of a world whose tools missed nothing while it ran. */
export const NO_GAPS: TelemetryGaps = { metrics: [], traces: [], logs: [], logsLateMs: 0 };

/** Adds `[fromMs, toMs)` to spans kept in time order, joining it to the last one when they touch. */
export function extendSpans(spans: TimeSpan[], fromMs: number, toMs: number): void {
  const last = spans[spans.length - 1];
  if (last && last.toMs >= fromMs)
    spans[spans.length - 1] = { fromMs: last.fromMs, toMs: Math.max(last.toMs, toMs) };
  else spans.push({ fromMs, toMs });
}
