import type { IncomingMessage } from 'node:http';
import type { QueryBudget } from '../engine/query/budget.ts';
import { underBudget } from '../engine/query/budget.ts';
import { parseDuration, parseTimestamp } from '../engine/scenario/units.ts';

/** The error kinds of the Prometheus HTTP API, which Loki's API shares. */
export type ApiErrorType = 'bad_data' | 'execution' | 'unavailable' | 'not_found' | 'internal' | 'timeout';

/** HTTP status Prometheus answers with for each error kind. */
export const STATUS_OF: Readonly<Record<ApiErrorType, number>> = {
  bad_data: 400,
  execution: 422,
  unavailable: 503,
  not_found: 404,
  internal: 500,
  timeout: 503,
};

/** A request the API refuses, with the wording and error kind Prometheus and Loki use. */
export class ApiError extends Error {
  constructor(
    readonly errorType: ApiErrorType,
    message: string,
  ) {
    super(message);
  }
}

/** Form bodies larger than this are refused: a query API never needs more. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * The parameters of a request: the query string plus, for a POST with a form body, the body's fields,
 * as Go's `r.ParseForm` merges them (Grafana and promtool both POST forms).
 */
export async function readParams(req: IncomingMessage, url: URL): Promise<URLSearchParams> {
  const params = new URLSearchParams(url.search);
  if (req.method !== 'POST') return params;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError('bad_data', 'request body too large');
    chunks.push(chunk);
  }
  if (type !== 'application/x-www-form-urlencoded') return params;
  // Body fields come first, as in Go's ParseForm, so `query` in the body wins over the URL.
  const merged = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  for (const [k, v] of params) merged.append(k, v);
  return merged;
}

const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A Prometheus API time: Unix seconds (with a fraction) or RFC 3339, in milliseconds. `undefined` when
 * the parameter is absent, so each endpoint picks its own default.
 */
export function promTime(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  if (FLOAT.test(text)) return Math.round(Number(text) * 1000);
  const iso = parseTimestamp(text);
  if (iso !== undefined) return iso;
  throw new ApiError('bad_data', `invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`);
}

/** A Prometheus API duration: seconds (with a fraction) or a duration such as `15s`, `1m0s`, in ms. */
export function promDuration(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  const ms = durationMs(text);
  if (ms === undefined)
    throw new ApiError('bad_data', `invalid parameter "${name}": cannot parse "${text}" to a valid duration`);
  return ms;
}

function durationMs(text: string): number | undefined {
  if (FLOAT.test(text)) return Number(text) * 1000;
  return parseDuration(text);
}

/**
 * A Loki time, parsed as Loki's `parseTimestamp` does: a number with a dot is Unix seconds; an integer of
 * at most 10 digits is seconds and a longer one nanoseconds (what Grafana sends); otherwise RFC 3339.
 */
export function lokiTime(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  if (text.includes('.') && FLOAT.test(text)) return Number(text) * 1000;
  if (/^-?\d+$/.test(text)) {
    const digits = text.replace('-', '');
    // Nanoseconds exceed 2^53: divide as a BigInt so the millisecond part stays exact.
    return digits.length <= 10 ? Number(text) * 1000 : Number(BigInt(text) / 1000n) / 1000;
  }
  const iso = parseTimestamp(text);
  if (iso !== undefined) return iso;
  throw new ApiError('bad_data', `invalid ${name} parameter: cannot parse "${text}" to a valid timestamp`);
}

/** A Loki step or interval: seconds or a duration, as Loki's `parseSecondsOrDuration`. */
export function lokiDuration(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  const ms = durationMs(text);
  if (ms === undefined) throw new ApiError('bad_data', `cannot parse "${text}" to a valid duration`);
  return ms;
}

/** An API answer: the HTTP status and the JSON body. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** What Prometheus answers when a query outruns its timeout; Loki's API shares the envelope. */
export const TIMED_OUT = 'query timed out in expression evaluation';

/**
 * Runs an endpoint, turning a refused request into the APIs' error body and status. Under a `budget`, an
 * endpoint that outruns it answers 503 `timeout`, as Prometheus does, and the server goes on serving.
 */
export function runApi(body: () => ApiAnswer, budget?: QueryBudget): ApiAnswer {
  try {
    const answer = underBudget(budget, body);
    if (!answer.ok) throw new ApiError('timeout', TIMED_OUT);
    return answer.value;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return {
      status: STATUS_OF[err.errorType],
      body: { status: 'error', errorType: err.errorType, error: err.message },
    };
  }
}
