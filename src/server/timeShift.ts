import type { QuerySource } from './querySource.ts';

const MINUTE_MS = 60_000;

/**
 * How far to move a world's clock so its window ends at `nowMs` (the wall clock, which the caller
 * reads): whole minutes, so samples keep their 15-second alignment and a dashboard's steps land on them.
 * The window then ends less than a minute before `nowMs`.
 */
export function shiftToNow(windowEndMs: number, nowMs: number): number {
  return Math.floor((nowMs - windowEndMs) / MINUTE_MS) * MINUTE_MS;
}

/** A time a client asked for, on the world's own clock; undefined stays undefined. */
export function toWorldMs(source: QuerySource, servedMs: number | undefined): number | undefined {
  return servedMs === undefined ? undefined : servedMs - (source.offsetMs ?? 0);
}

/** A Prometheus-style sample `[seconds, value]` moved by `offsetMs`. */
function shiftSample(sample: [number, unknown], offsetMs: number): [number, unknown] {
  return [(Math.round(sample[0] * 1000) + offsetMs) / 1000, sample[1]];
}

interface ResultData {
  resultType: string;
  result: unknown;
}

/** A query API answer with its timestamps moved onto the served clock (errors pass unchanged). */
function shiftData(body: unknown, offsetMs: number, shiftStreams: (values: [string, string][]) => unknown) {
  const data = (body as { data?: ResultData }).data;
  if (offsetMs === 0 || !data || typeof data.resultType !== 'string') return body;
  let result: unknown;
  switch (data.resultType) {
    case 'vector':
      result = (data.result as { value?: [number, unknown]; histogram?: [number, unknown] }[]).map((e) => ({
        ...e,
        ...(e.value ? { value: shiftSample(e.value, offsetMs) } : {}),
        ...(e.histogram ? { histogram: shiftSample(e.histogram, offsetMs) } : {}),
      }));
      break;
    case 'matrix':
      result = (data.result as { values?: [number, unknown][]; histograms?: [number, unknown][] }[]).map(
        (s) => ({
          ...s,
          ...(s.values ? { values: s.values.map((p) => shiftSample(p, offsetMs)) } : {}),
          ...(s.histograms ? { histograms: s.histograms.map((p) => shiftSample(p, offsetMs)) } : {}),
        }),
      );
      break;
    case 'scalar':
    case 'string':
      result = shiftSample(data.result as [number, unknown], offsetMs);
      break;
    case 'streams':
      result = (data.result as { values: [string, string][] }[]).map((s) => ({
        ...s,
        values: shiftStreams(s.values),
      }));
      break;
    default:
      return body;
  }
  return { ...(body as object), data: { ...data, result } };
}

/** A Prometheus API answer on the served clock: every sample's time moved by the source's offset. */
export function shiftPrometheusBody(source: QuerySource, body: unknown): unknown {
  return shiftData(body, source.offsetMs ?? 0, (values) => values);
}

/** A Loki API answer on the served clock: samples' seconds and log entries' nanoseconds moved. */
export function shiftLokiBody(source: QuerySource, body: unknown): unknown {
  const offsetNs = BigInt(source.offsetMs ?? 0) * 1_000_000n;
  return shiftData(body, source.offsetMs ?? 0, (values) =>
    values.map(([ns, line]) => [(BigInt(ns) + offsetNs).toString(), line]),
  );
}
