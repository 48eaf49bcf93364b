import type { Labels } from '../../world/labels.ts';
import type { Diagnostic, QueryResult } from '../types.ts';
import { formatSampleValue } from './literals.ts';

/** Diagnostics raised while evaluating (not parsing): the HTTP API calls these `execution` errors. */
export const executionErrors = new WeakSet<Diagnostic>();

/** A `[<unix seconds>, "<value>"]` pair as the Prometheus HTTP API writes samples. */
export type PrometheusSample = [number, string];

/** The body of a Prometheus HTTP API query response. */
export type PrometheusResponse =
  | {
      status: 'success';
      data:
        | { resultType: 'vector'; result: { metric: Labels; value: PrometheusSample }[] }
        | { resultType: 'matrix'; result: { metric: Labels; values: PrometheusSample[] }[] }
        | { resultType: 'scalar' | 'string'; result: PrometheusSample };
      warnings?: string[];
    }
  | { status: 'error'; errorType: 'bad_data' | 'execution'; error: string };

/** Labels with names in sorted order, as Prometheus writes them. */
function sorted(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k]!;
  return out;
}

function sample(t: number, v: number): PrometheusSample {
  return [t / 1000, formatSampleValue(v)];
}

/**
 * Converts a PromQL result into the Prometheus HTTP API's response body, so tools and habits built for
 * `/api/v1/query` carry over: `{"status":"success","data":{"resultType":"vector","result":[…]}}`.
 */
export function toPrometheusResponse(result: QueryResult): PrometheusResponse {
  if (!result.ok) {
    const first = result.errors[0];
    const execution = first !== undefined && executionErrors.has(first);
    return {
      status: 'error',
      errorType: execution ? 'execution' : 'bad_data',
      error: first
        ? execution
          ? first.message
          : `${first.line}:${first.col}: parse error: ${first.message}`
        : 'unknown error',
    };
  }
  const warnings = result.warnings.length > 0 ? { warnings: result.warnings.map((w) => w.message) } : {};
  const v = result.value;
  switch (v.resultType) {
    case 'vector':
      return {
        status: 'success',
        data: {
          resultType: 'vector',
          result: v.result.map((e) => ({ metric: sorted(e.labels), value: sample(e.t, e.v) })),
        },
        ...warnings,
      };
    case 'matrix':
      return {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: v.result.map((s) => ({
            metric: sorted(s.labels),
            values: s.samples.map((p) => sample(p.t, p.v)),
          })),
        },
        ...warnings,
      };
    case 'scalar':
      return {
        status: 'success',
        data: { resultType: 'scalar', result: sample(v.result.t, v.result.v) },
        ...warnings,
      };
    case 'string':
      return {
        status: 'success',
        data: { resultType: 'string', result: [v.result.t / 1000, v.result.v] },
        ...warnings,
      };
    default:
      return { status: 'error', errorType: 'bad_data', error: `unsupported result type "${v.resultType}"` };
  }
}

/** The same response as JSON text, byte for byte as Prometheus would send it (modulo key order of labels). */
export function toPrometheusJSON(result: QueryResult): string {
  return JSON.stringify(toPrometheusResponse(result));
}
