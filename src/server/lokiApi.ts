import type { QueryBudget } from '../engine/query/budget.ts';
import {
  DEFAULT_LIMIT,
  evaluateLogQL,
  MAX_LIMIT,
  parseLogQL,
  toLokiJSON,
} from '../engine/query/logql/index.ts';
import type { LogStream } from '../engine/world/logStore.ts';
import { readsBackMs, withServedGapWarnings } from './gapWarnings.ts';
import type { ApiAnswer } from './params.ts';
import { ApiError, lokiDuration, lokiTime, runApi, STATUS_OF } from './params.ts';
import type { QuerySource } from './querySource.ts';
import { nowOf, untilOf } from './querySource.ts';
import { shiftLokiBody, toWorldMs } from './timeShift.ts';

/** Loki's limit on points per series in a metric range query. */
const MAX_POINTS = 11_000;
/** Loki's default range when a request gives no start: the hour before its end. */
const DEFAULT_SINCE_MS = 3_600_000;

function limitOf(params: URLSearchParams): number {
  const text = params.get('limit');
  if (text === null || text === '') return DEFAULT_LIMIT;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new ApiError('bad_data', `invalid limit parameter: "${text}"`);
  if (n <= 0) throw new ApiError('bad_data', 'limit must be a positive value');
  if (n > MAX_LIMIT)
    throw new ApiError(
      'bad_data',
      `max entries limit per query exceeded, limit > max_entries_limit_per_query (${n} > ${MAX_LIMIT})`,
    );
  return n;
}

function directionOf(params: URLSearchParams): 'forward' | 'backward' {
  const text = (params.get('direction') ?? '').toLowerCase();
  if (text === '' || text === 'backward') return 'backward';
  if (text === 'forward') return 'forward';
  throw new ApiError('bad_data', `invalid direction: "${params.get('direction')}"`);
}

function answer(source: QuerySource, result: ReturnType<typeof evaluateLogQL>, execMs: number): ApiAnswer {
  const body = toLokiJSON(result, result.ok ? result.stats : undefined, execMs);
  return {
    status: body.status === 'success' ? 200 : STATUS_OF[body.errorType],
    body: shiftLokiBody(source, body),
  };
}

/** `/loki/api/v1/query`: a metric query evaluated at one time (`time`, nanoseconds; default the window's end). */
function query(source: QuerySource, params: URLSearchParams): ApiAnswer {
  const text = params.get('query') ?? '';
  const time = toWorldMs(source, lokiTime(params, 'time')) ?? nowOf(source);
  const limit = limitOf(params);
  const direction = directionOf(params);
  const ast = parseLogQL(text).ast;
  if (ast?.kind === 'log')
    throw new ApiError(
      'bad_data',
      'log queries are not supported as an instant query type, please change your query to a range query type',
    );
  const began = performance.now();
  const result = evaluateLogQL(source.logs, text, {
    startMs: time,
    endMs: time,
    limit,
    direction,
    instant: true,
  });
  const execMs = performance.now() - began;
  return answer(source, withServedGapWarnings(source, result, 'logs', time - readsBackMs(ast), time), execMs);
}

/** `/loki/api/v1/query_range`: log lines in [start, end), or a metric query at each step. */
function queryRange(source: QuerySource, params: URLSearchParams): ApiAnswer {
  const text = params.get('query') ?? '';
  // Loki's "now" is the server clock; a simulated world's "now" is the end of its window, or the round
  // clock's now in a game day.
  const end = toWorldMs(source, lokiTime(params, 'end')) ?? nowOf(source);
  const since = lokiDuration(params, 'since') ?? DEFAULT_SINCE_MS;
  const start = toWorldMs(source, lokiTime(params, 'start')) ?? end - since;
  const limit = limitOf(params);
  const direction = directionOf(params);
  if (end <= start) throw new ApiError('bad_data', 'end timestamp must not be before or equal to start time');
  const step = lokiDuration(params, 'step');
  if (step !== undefined && !(step > 0))
    throw new ApiError(
      'bad_data',
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  if (step !== undefined && (end - start) / step > MAX_POINTS)
    throw new ApiError(
      'bad_data',
      'exceeded maximum resolution of 11,000 points per timeseries. Try increasing the value of the step parameter',
    );
  // Nothing past now is read: a range that ends later stops there (one that starts later, at its start).
  const until = Math.max(start, Math.min(end, untilOf(source) + 1));
  const began = performance.now();
  const result = evaluateLogQL(source.logs, text, {
    startMs: start,
    endMs: until,
    limit,
    direction,
    ...(step === undefined ? {} : { stepMs: step }),
  });
  const execMs = performance.now() - began;
  return answer(source, withServedGapWarnings(source, result, 'logs', start, until), execMs);
}

/** Streams with at least one entry in [start, end); a request without a range covers the whole window. */
function streamsInRange(source: QuerySource, params: URLSearchParams): LogStream[] {
  const { logs } = source;
  const start = toWorldMs(source, lokiTime(params, 'start')) ?? Number.NEGATIVE_INFINITY;
  const end = Math.min(
    toWorldMs(source, lokiTime(params, 'end')) ?? Number.POSITIVE_INFINITY,
    untilOf(source) + 1,
  );
  return logs.streams.filter((s) => {
    const ids = logs.streamEntries(s.id);
    const first = logs.lowerBound(ids, start);
    return first < ids.length && logs.tsMs(ids[first]!) < end;
  });
}

function labels(source: QuerySource, params: URLSearchParams): ApiAnswer {
  const names = new Set(streamsInRange(source, params).flatMap((s) => Object.keys(s.labels)));
  return { status: 200, body: { status: 'success', data: [...names].sort() } };
}

function labelValues(source: QuerySource, params: URLSearchParams, name: string): ApiAnswer {
  const values = new Set<string>();
  for (const s of streamsInRange(source, params)) {
    const v = s.labels[name];
    if (v !== undefined) values.add(v);
  }
  return { status: 200, body: { status: 'success', data: [...values].sort() } };
}

/**
 * Answers a Loki HTTP API request (`path` relative to the data source's base, e.g.
 * `/loki/api/v1/query_range`), or `undefined` when the path is not part of the API. Under a `budget`, a
 * request that outruns it answers 503 `timeout` (with Loki's `message` beside Prometheus' `error`).
 */
export function lokiApi(
  source: QuerySource,
  path: string,
  params: URLSearchParams,
  budget?: QueryBudget,
): ApiAnswer | undefined {
  const answer = lokiRoute(source, path, params, budget);
  if (!answer || answer.status === 200) return answer;
  const body = answer.body as { error: string };
  // Grafana shows an error body's `message` field, as Loki 3 sends it, and the whole body otherwise.
  return { status: answer.status, body: { ...body, message: body.error } };
}

function lokiRoute(
  source: QuerySource,
  path: string,
  params: URLSearchParams,
  budget: QueryBudget | undefined,
): ApiAnswer | undefined {
  switch (path) {
    case '/loki/api/v1/query':
      return runApi(() => query(source, params), budget);
    case '/loki/api/v1/query_range':
      return runApi(() => queryRange(source, params), budget);
    case '/loki/api/v1/labels':
      return runApi(() => labels(source, params), budget);
  }
  const m = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
  if (m) return runApi(() => labelValues(source, params, m[1]!), budget);
  return undefined;
}
