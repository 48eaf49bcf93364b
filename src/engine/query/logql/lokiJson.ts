import type { Labels } from '../../world/labels.ts';
import type { Diagnostic, QueryResult } from '../types.ts';
import type { LogQLStats } from './stats.ts';

/** Diagnostics raised while evaluating (not parsing); Loki prints those without the `parse error at` prefix. */
const EVALUATION_ERRORS = new WeakSet<Diagnostic>();

/** Marks a diagnostic as an evaluation error, so {@link toLokiJSON} words it as Loki does. */
export function markEvaluationError(d: Diagnostic): Diagnostic {
  EVALUATION_ERRORS.add(d);
  return d;
}

/** One stream of a `streams` answer: labels and `[nanoseconds, line]` pairs. */
export interface LokiStream {
  readonly stream: Labels;
  readonly values: [string, string][];
}

/** A Loki HTTP API answer body (`/loki/api/v1/query_range` and `/query`). */
export type LokiResponse =
  | {
      readonly status: 'success';
      readonly data: {
        readonly resultType: 'streams' | 'vector' | 'matrix' | 'scalar' | 'string';
        readonly result: unknown;
        readonly stats: { readonly summary: Readonly<Record<string, number>> };
      };
      /** What the answer may be missing (Loki's `warnings`), only when there is something to say. */
      readonly warnings?: readonly string[];
    }
  | { readonly status: 'error'; readonly errorType: 'bad_data' | 'execution'; readonly error: string };

/** Milliseconds as the decimal nanosecond string Loki uses for log timestamps (exact, beyond 2^53). */
export function nanosecondString(ms: number): string {
  const whole = Math.floor(ms);
  // A double holding epoch milliseconds is exact to about a microsecond, so finer digits are noise.
  const frac = Math.round((ms - whole) * 1e3) * 1e3;
  return (BigInt(whole) * 1_000_000n + BigInt(frac)).toString();
}

/** The same labels with keys in sorted order, as Go's JSON encoder writes a map. */
function sortedLabels(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k]!;
  return out;
}

/** A sample value as Prometheus prints it: `+Inf`, `-Inf`, `NaN`, or the shortest exact decimal. */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

/** The message Loki would print for a diagnostic: `parse error at line 1, col 12: …` for parse errors. */
export function lokiErrorMessage(d: Diagnostic): string {
  return EVALUATION_ERRORS.has(d) ? d.message : `parse error at line ${d.line}, col ${d.col}: ${d.message}`;
}

/**
 * Shapes a result as the body of Loki's HTTP API, so `twoam query --json` can be piped to the same jq
 * scripts people use against Loki. Errors take the Prometheus-style error shape Loki's API shares.
 *
 * @example
 * JSON.stringify(toLokiJSON(logQuery(store, '{app="api"}', { startMs, endMs })))
 * // {"status":"success","data":{"resultType":"streams","result":[{"stream":{"app":"api"},"values":[["1761354000000000000","…"]]}],…}}
 */
export function toLokiJSON(result: QueryResult, stats?: LogQLStats, execTimeMs = 0): LokiResponse {
  if (!result.ok) {
    const first = result.errors[0];
    const parse = first !== undefined && !EVALUATION_ERRORS.has(first);
    return {
      status: 'error',
      errorType: parse ? 'bad_data' : 'execution',
      error: result.errors.map(lokiErrorMessage).join('; '),
    };
  }
  const v = result.value;
  let out: unknown;
  switch (v.resultType) {
    case 'streams':
      out = v.result.map((s) => ({
        stream: sortedLabels(s.labels),
        values: s.entries.map((e) => [nanosecondString(e.tsMs), e.line]),
      }));
      break;
    case 'vector':
      out = v.result.map((e) => ({
        metric: sortedLabels(e.labels),
        value: [e.t / 1000, formatSampleValue(e.v)],
      }));
      break;
    case 'matrix':
      out = v.result.map((s) => ({
        metric: sortedLabels(s.labels),
        values: s.samples.map((p) => [p.t / 1000, formatSampleValue(p.v)]),
      }));
      break;
    case 'scalar':
      out = [v.result.t / 1000, formatSampleValue(v.result.v)];
      break;
    case 'string':
      out = [v.result.t / 1000, v.result.v];
      break;
  }
  const s = stats ?? { linesProcessed: 0, bytesProcessed: 0, entriesReturned: 0, streamsSelected: 0 };
  const seconds = execTimeMs / 1000;
  const summary = {
    bytesProcessedPerSecond: seconds > 0 ? Math.round(s.bytesProcessed / seconds) : 0,
    linesProcessedPerSecond: seconds > 0 ? Math.round(s.linesProcessed / seconds) : 0,
    totalBytesProcessed: s.bytesProcessed,
    totalLinesProcessed: s.linesProcessed,
    totalEntriesReturned: s.entriesReturned,
    execTime: seconds,
    queueTime: 0,
    subqueries: 0,
  };
  const data = { resultType: v.resultType, result: out, stats: { summary } };
  return result.warnings.length > 0
    ? { status: 'success', data, warnings: result.warnings.map((w) => w.message) }
    : { status: 'success', data };
}
