import type { QueryBudget } from '../engine/query/budget.ts';
import type { PrometheusResponse } from '../engine/query/promql/index.ts';
import { instantQuery, parsePromQL, rangeQuery, toPrometheusResponse } from '../engine/query/promql/index.ts';
import { typeOf } from '../engine/query/promql/typeCheck.ts';
import { formatDiagnostic } from '../engine/query/types.ts';
import type { Matcher, MetricStore, Series } from '../engine/world/metricStore.ts';
import { readsBackMs, withServedGapWarnings } from './gapWarnings.ts';
import type { ApiAnswer } from './params.ts';
import { ApiError, promDuration, promTime, runApi, STATUS_OF } from './params.ts';
import type { QuerySource } from './querySource.ts';
import { nowOf, untilOf } from './querySource.ts';
import { shiftPrometheusBody, toWorldMs } from './timeShift.ts';

/** Prometheus' limit on points per series in a range query. */
const MAX_POINTS = 11_000;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function success(data: unknown): ApiAnswer {
  return { status: 200, body: { status: 'success', data } };
}

function answerOf(source: QuerySource, response: PrometheusResponse): ApiAnswer {
  const status = response.status === 'success' ? 200 : STATUS_OF[response.errorType];
  return { status, body: shiftPrometheusBody(source, response) };
}

function metricsOf(source: QuerySource): MetricStore {
  if (!source.metrics) throw new ApiError('unavailable', "this scenario's world has no metrics yet");
  return source.metrics;
}

function required(name: string, value: number | undefined, what: string): number {
  if (value !== undefined) return value;
  throw new ApiError('bad_data', `invalid parameter "${name}": cannot parse "" to a valid ${what}`);
}

/** `match[]` selectors as Prometheus' `ParseMetricSelector` reads them: plain series selectors only. */
function selectors(params: URLSearchParams): Matcher[][] {
  return params.getAll('match[]').map((text) => {
    const parsed = parsePromQL(text);
    if (!parsed.ast) {
      const d = parsed.diagnostics[0]!;
      throw new ApiError('bad_data', `invalid parameter "match[]": ${formatDiagnostic(d)}`);
    }
    if (parsed.ast.kind !== 'vectorSelector' || parsed.ast.offsetMs !== 0 || parsed.ast.at !== undefined)
      throw new ApiError('bad_data', `invalid parameter "match[]": "${text}" is not a series selector`);
    return [...parsed.ast.matchers];
  });
}

/** Series matching any `match[]` selector (all series without one) that have a sample in [start, end]. */
function matchingSeries(
  source: QuerySource,
  store: MetricStore,
  params: URLSearchParams,
  sets: Matcher[][],
): Series[] {
  const start = toWorldMs(source, promTime(params, 'start')) ?? Number.NEGATIVE_INFINITY;
  const end = Math.min(
    toWorldMs(source, promTime(params, 'end')) ?? Number.POSITIVE_INFINITY,
    untilOf(source),
  );
  const chosen = sets.length === 0 ? store.series : [...new Set(sets.flatMap((m) => store.select(m)))];
  return chosen
    .filter((s) => s.ts.some((t) => t >= start && t <= end))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function query(source: QuerySource, params: URLSearchParams): ApiAnswer {
  const store = metricsOf(source);
  // Prometheus evaluates at the server's clock by default; a simulated world's "now" is the window's end,
  // or the round clock's now in a game day. A later time is answered as a real Prometheus answers about
  // the future: from the samples there are, which stop at now.
  const time = toWorldMs(source, promTime(params, 'time')) ?? nowOf(source);
  const text = params.get('query') ?? '';
  const result = instantQuery(store, text, time);
  const from = time - readsBackMs(parsePromQL(text).ast);
  return answerOf(source, toPrometheusResponse(withServedGapWarnings(source, result, 'metrics', from, time)));
}

function queryRange(source: QuerySource, params: URLSearchParams): ApiAnswer {
  const store = metricsOf(source);
  const start = required('start', toWorldMs(source, promTime(params, 'start')), 'timestamp');
  const end = required('end', toWorldMs(source, promTime(params, 'end')), 'timestamp');
  if (end < start) throw new ApiError('bad_data', 'end timestamp must not be before start time');
  const step = required('step', promDuration(params, 'step'), 'duration');
  if (!(step > 0))
    throw new ApiError(
      'bad_data',
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  if ((end - start) / step > MAX_POINTS)
    throw new ApiError(
      'bad_data',
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    );
  const text = params.get('query') ?? '';
  // No step is evaluated past now: a range that ends later stops there (one that starts later, at its start).
  const until = Math.max(start, Math.min(end, untilOf(source)));
  const parsed = parsePromQL(text);
  if (parsed.ast) {
    const type = typeOf(parsed.ast);
    if (type !== 'scalar' && type !== 'vector')
      throw new ApiError(
        'bad_data',
        `invalid expression type "${type === 'matrix' ? 'range vector' : type}" for range query, must be Scalar or instant Vector`,
      );
  }
  const result = rangeQuery(store, text, start, until, step);
  return answerOf(
    source,
    toPrometheusResponse(withServedGapWarnings(source, result, 'metrics', start, until)),
  );
}

function labels(source: QuerySource, params: URLSearchParams): ApiAnswer {
  const store = metricsOf(source);
  const series = matchingSeries(source, store, params, selectors(params));
  return success([...new Set(series.flatMap((s) => Object.keys(s.labels)))].sort());
}

function labelValues(source: QuerySource, params: URLSearchParams, name: string): ApiAnswer {
  if (!LABEL_NAME.test(name)) throw new ApiError('bad_data', `invalid label name: "${name}"`);
  const store = metricsOf(source);
  const series = matchingSeries(source, store, params, selectors(params));
  const values = new Set<string>();
  for (const s of series) if (s.labels[name] !== undefined) values.add(s.labels[name]);
  return success([...values].sort());
}

function series(source: QuerySource, params: URLSearchParams): ApiAnswer {
  const sets = selectors(params);
  if (sets.length === 0) throw new ApiError('bad_data', 'no match[] parameter provided');
  const store = metricsOf(source);
  return success(matchingSeries(source, store, params, sets).map((s) => sortedLabels(s.labels)));
}

function sortedLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k]!;
  return out;
}

function metadata(source: QuerySource, params: URLSearchParams): ApiAnswer {
  const store = metricsOf(source);
  const only = params.get('metric');
  const limitText = params.get('limit');
  const limit = limitText === null || limitText === '' ? -1 : Number(limitText);
  if (!Number.isInteger(limit)) throw new ApiError('bad_data', 'limit must be a number');
  const out: Record<string, { type: string; help: string; unit: string }[]> = {};
  for (const name of [...store.metadata.keys()].sort()) {
    if (only !== null && only !== '' && name !== only) continue;
    if (limit >= 0 && Object.keys(out).length >= limit) break;
    const m = store.metadata.get(name)!;
    out[name] = [{ type: m.type, help: m.help, unit: m.unit ?? '' }];
  }
  return success(out);
}

/**
 * Answers a Prometheus HTTP API request (`path` relative to the data source's base, e.g.
 * `/api/v1/query`), or `undefined` when the path is not part of the API. Under a `budget`, a request
 * that outruns it answers 503 `timeout`.
 */
export function prometheusApi(
  source: QuerySource,
  path: string,
  params: URLSearchParams,
  budget?: QueryBudget,
): ApiAnswer | undefined {
  switch (path) {
    case '/api/v1/query':
      return runApi(() => query(source, params), budget);
    case '/api/v1/query_range':
      return runApi(() => queryRange(source, params), budget);
    case '/api/v1/labels':
      return runApi(() => labels(source, params), budget);
    case '/api/v1/series':
      return runApi(() => series(source, params), budget);
    case '/api/v1/metadata':
      return runApi(() => metadata(source, params));
  }
  const m = /^\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
  if (m) return runApi(() => labelValues(source, params, m[1]!), budget);
  return undefined;
}
