import { rangeQuery } from '../query/promql/index.ts';
import type { MetricStore } from '../world/metricStore.ts';
import type { World } from '../world/world.ts';
import type { EdgeTraffic } from './mapTelemetry.ts';

/** How a service looked at a moment, from its own counters and latency: never from the faults. */
export type ServiceHealth = 'idle' | 'ok' | 'slow' | 'erroring' | 'failing';

/** One service at a moment of the replay: its request rate, the share that failed and its p95 latency. */
export interface ServiceFrame {
  readonly rate: number;
  readonly errorRatio: number;
  /** The 95th percentile of its requests' duration in milliseconds, when it served any. */
  readonly p95Ms: number | undefined;
  readonly health: ServiceHealth;
}

/** The map at one moment of the replay. */
export interface ReplayFrame {
  readonly atMs: number;
  /** Traffic on every call of the system, keyed `from>to` (the undocumented ones too: the truth is out). */
  readonly edges: Readonly<Record<string, EdgeTraffic>>;
  readonly services: Readonly<Record<string, ServiceFrame>>;
}

/** The incident played back, a frame a step, from the telemetry the world wrote. */
export interface Replay {
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number;
  readonly frames: readonly ReplayFrame[];
}

/** At most this many frames: two minutes of incident per frame for a long window, one minute for a short. */
export const MAX_FRAMES = 120;
const MIN_STEP_MS = 60_000;
/** The ops map's thresholds: a call failing 5% of the time is red there, and a service here too. */
export const FAILING_RATIO = 0.05;
/** A call failing 1% of the time is amber on the ops map, and a service here is erroring. */
export const ERRORING_RATIO = 0.01;
/** A service is slow when its p95 is this many times its quietest p95 of the window, and… */
export const SLOW_FACTOR = 2;
/** …at least this many milliseconds more, so a 2 ms cache going to 5 ms is not called slow. */
export const SLOW_MARGIN_MS = 100;

const CALLS =
  'sum by (service, peer) (rate({__name__=~"http_client_requests_total|db_client_operations_total"}[1m]))';
const CALLS_FAILED =
  'sum by (service, peer) (rate({__name__=~"http_client_requests_total|db_client_operations_total", status!~"[23].."}[1m]))';
const SERVED =
  'sum by (service) (rate({__name__=~"http_server_requests_total|db_server_operations_total"}[1m]))';
const SERVED_FAILED =
  'sum by (service) (rate({__name__=~"http_server_requests_total|db_server_operations_total", status!~"[23].."}[1m]))';
// Databases are not instrumented: their latency is what their callers measured.
const SERVER_P95 =
  'histogram_quantile(0.95, sum by (service, le) (rate(http_server_request_duration_seconds_bucket[1m])))';
const CALLED_P95 =
  'histogram_quantile(0.95, sum by (peer, le) (rate({__name__=~"http_client_request_duration_seconds_bucket|db_client_operation_duration_seconds_bucket"}[1m])))';

/** Each series of a range query as `key → (time → value)`, the key built from its labels. */
function series(
  metrics: MetricStore,
  query: string,
  fromMs: number,
  toMs: number,
  stepMs: number,
  key: (labels: Readonly<Record<string, string>>) => string,
): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  const result = rangeQuery(metrics, query, fromMs, toMs, stepMs);
  if (!result.ok || result.value.resultType !== 'matrix') return out;
  for (const s of result.value.result) {
    const values = new Map<number, number>();
    for (const p of s.samples) if (Number.isFinite(p.v)) values.set(p.t, p.v);
    out.set(key(s.labels), values);
  }
  return out;
}

/**
 * The incident played back from `fromMs` to `toMs` (clipped to the world's window): at each step the
 * traffic and failures on every call, and each service's rate, failures and p95 latency with the health
 * the debrief map colours it by. Read from the telemetry only, as an on-call engineer's map would have
 * shown it then, so the fault shows where and when its symptoms did and spreads as they spread.
 *
 * @example
 * const replay = replayOf(world, world.startMs, nowMs);
 * replay.frames[0].services.cart.health; // 'ok'
 */
export function replayOf(world: World, fromMs: number, toMs: number): Replay {
  const from = Math.max(world.startMs, Math.min(fromMs, world.endMs));
  const to = Math.max(from, Math.min(toMs, world.endMs));
  const stepMs = Math.max(MIN_STEP_MS, Math.ceil((to - from) / (MAX_FRAMES - 1) / 15_000) * 15_000);
  const q = (query: string, key: (l: Readonly<Record<string, string>>) => string) =>
    series(world.metrics, query, from, to, stepMs, key);
  const callKey = (l: Readonly<Record<string, string>>) => `${l.service}>${l.peer}`;
  const calls = q(CALLS, callKey);
  const callsFailed = q(CALLS_FAILED, callKey);
  const served = q(SERVED, (l) => l.service ?? '');
  const servedFailed = q(SERVED_FAILED, (l) => l.service ?? '');
  const serverP95 = q(SERVER_P95, (l) => l.service ?? '');
  const calledP95 = q(CALLED_P95, (l) => l.peer ?? '');

  const ids = world.scenario.system.services.map((s) => s.id);
  const p95 = (id: string, t: number): number | undefined => {
    const v = serverP95.get(id)?.get(t) ?? calledP95.get(id)?.get(t);
    return v === undefined ? undefined : v * 1000;
  };
  const times: number[] = [];
  for (let t = from; t <= to; t += stepMs) times.push(t);
  // Slow is measured against the service's quietest moment of the window, from the same telemetry.
  const quietest = new Map<string, number>();
  for (const id of ids) {
    const all = times.map((t) => p95(id, t)).filter((v): v is number => v !== undefined && v > 0);
    if (all.length > 0) quietest.set(id, Math.min(...all));
  }

  const frames = times.map((t): ReplayFrame => {
    const edges: Record<string, EdgeTraffic> = {};
    for (const e of world.scenario.system.edges) {
      const key = `${e.from}>${e.to}`;
      const rate = calls.get(key)?.get(t) ?? 0;
      const bad = callsFailed.get(key)?.get(t) ?? 0;
      edges[key] = { from: e.from, to: e.to, rate, errorRatio: rate > 0 ? bad / rate : 0 };
    }
    const services: Record<string, ServiceFrame> = {};
    for (const id of ids) {
      // A database's own counters may be missing: then what its callers saw stands for it.
      const callers = world.scenario.system.edges
        .filter((e) => e.to === id)
        .map((e) => edges[`${e.from}>${e.to}`]!);
      const ownRate = served.get(id)?.get(t);
      const rate = ownRate ?? callers.reduce((sum, e) => sum + e.rate, 0);
      const bad =
        ownRate !== undefined
          ? (servedFailed.get(id)?.get(t) ?? 0)
          : callers.reduce((sum, e) => sum + e.rate * e.errorRatio, 0);
      const errorRatio = rate > 0 ? bad / rate : 0;
      const latency = p95(id, t);
      services[id] = {
        rate,
        errorRatio,
        p95Ms: latency,
        health: healthOf(rate, errorRatio, latency, quietest.get(id)),
      };
    }
    return { atMs: t, edges, services };
  });
  return { fromMs: from, toMs: to, stepMs, frames };
}

/** A service's health from its rate, failures and latency against its quietest p95 of the window. */
export function healthOf(
  rate: number,
  errorRatio: number,
  p95Ms: number | undefined,
  quietestP95Ms: number | undefined,
): ServiceHealth {
  if (rate <= 0) return 'idle';
  if (errorRatio >= FAILING_RATIO) return 'failing';
  if (
    p95Ms !== undefined &&
    quietestP95Ms !== undefined &&
    p95Ms >= quietestP95Ms * SLOW_FACTOR &&
    p95Ms >= quietestP95Ms + SLOW_MARGIN_MS
  )
    return 'slow';
  return errorRatio >= ERRORING_RATIO ? 'erroring' : 'ok';
}
