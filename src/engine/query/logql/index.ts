import type { LogStore } from '../../world/logStore.ts';
import { isBudgetExpired } from '../budget.ts';
import type { Diagnostic, QueryResult } from '../types.ts';
import { errorAt } from '../types.ts';
import type { LogExpr, MetricExpr, QueryAst } from './ast.ts';
import type { LogQueryOptions } from './logQuery.ts';
import { evaluateLogExpr } from './logQuery.ts';
import { markEvaluationError } from './lokiJson.ts';
import {
  checkPipelineErrors,
  evaluateMetric,
  stepTimes,
  toInstantValue,
  toRangeValue,
} from './metricQuery.ts';
import { parseLogQL } from './parse.ts';
import type { LogQLStats } from './stats.ts';
import { emptyStats } from './stats.ts';
import { QueryEvalError } from './stepValues.ts';

export type { QueryAst } from './ast.ts';
export type { LogQueryOptions } from './logQuery.ts';
export { DEFAULT_LIMIT, MAX_LIMIT } from './logQuery.ts';
export type { LokiResponse, LokiStream } from './lokiJson.ts';
export { lokiErrorMessage, nanosecondString, toLokiJSON } from './lokiJson.ts';
export type { ParsedLogQL } from './parse.ts';
export { MAX_QUERY_LENGTH, parseLogQL } from './parse.ts';
export type { LogQLStats } from './stats.ts';

/** A query's answer plus the counters gathered while running it (for Loki's `stats`). */
export type LogQLResult = QueryResult & { readonly stats?: LogQLStats };

/** Options for {@link evaluateLogQL}: a time range, and for metric queries an optional step. */
export interface EvaluateOptions extends LogQueryOptions {
  /** Step of a metric range query; defaults as Loki does to `max((end - start) / 250, 1s)`. */
  readonly stepMs?: number;
  /** Evaluate a metric query at this one time instead of over the range (an instant query). */
  readonly instant?: boolean;
}

function fail(text: string, message: string): LogQLResult {
  return { ok: false, errors: [markEvaluationError(errorAt(text, 0, text.length, message))] };
}

/** Parses `text` and checks it is the wanted kind of query; returns the AST or the diagnostics. */
function parseAs(text: string, want: 'log' | 'metric'): QueryAst | readonly Diagnostic[] {
  const p = parseLogQL(text);
  if (!p.ast) return p.diagnostics;
  if (want === 'log' && p.ast.kind !== 'log')
    return [
      errorAt(text, 0, text.length, 'this is a metric query: run it as a metric query, not a log query'),
    ];
  if (want === 'metric' && p.ast.kind === 'log')
    return [
      errorAt(
        text,
        0,
        text.length,
        'this is a log query: wrap it in a range aggregation such as count_over_time({…}[5m]) to get numbers',
      ),
    ];
  return p.ast;
}

function guard(store: LogStore, text: string, run: () => LogQLResult): LogQLResult {
  if (!store.isSealed) return fail(text, 'the log store is still being written: seal() it before querying');
  try {
    return run();
  } catch (err) {
    // A budget's stop is the caller's to answer (see underBudget), not a fault of the query.
    if (isBudgetExpired(err)) throw err;
    if (err instanceof QueryEvalError)
      return { ok: false, errors: [markEvaluationError(errorAt(text, err.from, err.to, err.message))] };
    // A promise of the engine: a query error is an answer, never an exception.
    return fail(
      text,
      `the query could not be evaluated: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function runLog(store: LogStore, text: string, ast: LogExpr, opts: LogQueryOptions): LogQLResult {
  if (!(opts.endMs > opts.startMs))
    return fail(text, 'end timestamp must not be before or equal to start time');
  const limit = opts.limit ?? 100;
  if (!(limit > 0)) return fail(text, 'limit must be a positive number');
  const stats = emptyStats();
  const result = evaluateLogExpr(store, ast, { ...opts, limit }, stats);
  return { ok: true, value: { resultType: 'streams', result }, warnings: [], stats };
}

/**
 * Runs a LogQL log query (`{app="api"} |= "timeout" | logfmt`) over `[startMs, endMs)`. Lines are newest
 * first by default, at most `limit` (100) across all streams, and each carries its world entry id.
 *
 * @example
 * logQuery(store, '{service="billing"} |= "renewal scheduled"', { startMs, endMs, limit: 50 })
 */
export function logQuery(store: LogStore, text: string, opts: LogQueryOptions): LogQLResult {
  const ast = parseAs(text, 'log');
  if ('length' in ast) return { ok: false, errors: ast };
  return guard(store, text, () => runLog(store, text, ast as LogExpr, opts));
}

/**
 * Every entry id a log query's line filters and pipeline keep, oldest first, with no limit: the
 * comparison point for `grep -F` over the same stream, and for evidence checks.
 */
export function matchingEntryIds(
  store: LogStore,
  text: string,
): { ids: number[] } | { errors: readonly Diagnostic[] } {
  const r = logQuery(store, text, {
    startMs: Number.NEGATIVE_INFINITY,
    endMs: Number.POSITIVE_INFINITY,
    limit: Number.POSITIVE_INFINITY,
    direction: 'forward',
  });
  if (!r.ok) return { errors: r.errors };
  if (r.value.resultType !== 'streams') return { ids: [] };
  return { ids: r.value.result.flatMap((s) => s.entries.map((e) => e.id)).sort((a, b) => a - b) };
}

function runMetric(
  store: LogStore,
  text: string,
  ast: MetricExpr,
  steps: Float64Array | string,
  instant: boolean,
): LogQLResult {
  if (typeof steps === 'string') return fail(text, steps);
  const stats = emptyStats();
  const value = evaluateMetric(store, ast, steps, stats);
  checkPipelineErrors(value, 0, text.length);
  return {
    ok: true,
    value: instant ? toInstantValue(ast, value, steps[0]!) : toRangeValue(value, steps),
    warnings: [],
    stats,
  };
}

/**
 * Evaluates a metric query at one time, as Loki's `/query` does: each range aggregation sees the lines in
 * `(time - range, time]`. Answers a vector (or a scalar for a plain number).
 */
export function metricQueryInstant(store: LogStore, text: string, timeMs: number): LogQLResult {
  const ast = parseAs(text, 'metric');
  if ('length' in ast) return { ok: false, errors: ast };
  return guard(store, text, () =>
    runMetric(store, text, ast as MetricExpr, stepTimes(timeMs, timeMs, 1), true),
  );
}

/** Evaluates a metric query at `start, start + step, …, end`, as Loki's `/query_range` does; answers a matrix. */
export function metricQueryRange(
  store: LogStore,
  text: string,
  startMs: number,
  endMs: number,
  stepMs: number,
): LogQLResult {
  const ast = parseAs(text, 'metric');
  if ('length' in ast) return { ok: false, errors: ast };
  return guard(store, text, () =>
    runMetric(store, text, ast as MetricExpr, stepTimes(startMs, endMs, stepMs), false),
  );
}

/** Loki's default step for a range: about 250 points, never under a second. */
export function defaultStepMs(startMs: number, endMs: number): number {
  return Math.max(Math.floor((endMs - startMs) / 250 / 1000) * 1000, 1000);
}

/**
 * Runs any LogQL query: log queries answer `streams`, metric queries a matrix over the range (or a vector
 * with `instant: true`, evaluated at `endMs`). The one entry point the CLI and the worker need.
 */
export function evaluateLogQL(store: LogStore, text: string, opts: EvaluateOptions): LogQLResult {
  const p = parseLogQL(text);
  if (!p.ast) return { ok: false, errors: p.diagnostics };
  const ast = p.ast;
  if (ast.kind === 'log') return guard(store, text, () => runLog(store, text, ast, opts));
  if (opts.instant)
    return guard(store, text, () => runMetric(store, text, ast, stepTimes(opts.endMs, opts.endMs, 1), true));
  const step = opts.stepMs ?? defaultStepMs(opts.startMs, opts.endMs);
  return guard(store, text, () =>
    runMetric(store, text, ast, stepTimes(opts.startMs, opts.endMs, step), false),
  );
}
