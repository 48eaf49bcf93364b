import { rangeQuery } from '../query/promql/index.ts';
import type { AlertEvent } from '../sim/telemetry/alerts.ts';
import { evaluateAlerts } from '../sim/telemetry/alerts.ts';
import type { World } from '../world/world.ts';
import type { Call } from './discovery.ts';
import { callKey } from './discovery.ts';

/** Calls along one edge at a moment: requests per second and the share that failed. */
export interface EdgeTraffic {
  readonly from: string;
  readonly to: string;
  readonly rate: number;
  readonly errorRatio: number;
  /**
   * Where each region's calls went, for a callee a failover can re-point (its callers count calls by the
   * region that served them): the busiest first; absent for other calls.
   */
  readonly routes?: readonly RegionRoute[];
}

/** Calls from the callers in one region served by the callee's instances in another (or the same) region. */
export interface RegionRoute {
  readonly from: string;
  readonly to: string;
  readonly rate: number;
}

/**
 * What the ops map draws at a moment: traffic on each call it shows, keyed `from>to` (the documented ones
 * and those the trainee discovered, never a call still hidden), the undocumented calls discovered so far,
 * and the alerts firing on each service.
 */
export interface MapTelemetry {
  readonly atMs: number;
  readonly edges: Readonly<Record<string, EdgeTraffic>>;
  /** Calls missing from the team's diagram that the trainee's own traces or logs have shown. */
  readonly discovered: readonly Call[];
  /** Alert names firing per service (alerts without a service label are listed under ""). */
  readonly alerts: Readonly<Record<string, readonly string[]>>;
  /**
   * The builds of each service whose instances run more than one (a rollout under way, a server the
   * deploy missed), from `app_build_info`, the most instances first.
   */
  readonly builds: Readonly<Record<string, readonly Build[]>>;
}

/** One version a service runs and on how many of its instances. */
export interface Build {
  readonly version: string;
  readonly instances: number;
}

// Status is the HTTP code, or the error type for a call that got no answer: anything but 2xx/3xx failed.
const CALLS =
  'sum by (service, peer) (rate({__name__=~"http_client_requests_total|db_client_operations_total"}[1m]))';
const FAILED =
  'sum by (service, peer) (rate({__name__=~"http_client_requests_total|db_client_operations_total", status!~"[23].."}[1m]))';

// Only calls a failover can re-point carry the region that served them.
const ROUTED =
  'sum by (service, peer, region, peer_region) (rate({__name__=~"http_client_requests_total|db_client_operations_total", peer_region!=""}[1m]))';

const BUILDS = 'count by (service, version) (app_build_info)';

/** Alerts per world, evaluated once: evaluation is causal, so the state at a moment is the same either way. */
const alertCache = new WeakMap<World, AlertEvent[]>();

/** Every alert instance of a world's rules over its whole window (cached per world). */
export function alertsOf(world: World): AlertEvent[] {
  let alerts = alertCache.get(world);
  if (!alerts) {
    alerts = evaluateAlerts(world.scenario.alerts, world.metrics, world.startMs, world.endMs).alerts;
    alertCache.set(world, alerts);
  }
  return alerts;
}

/** The one service an alert rule's expression selects (`service="web"`), or "" when it names none or several. */
function serviceOfRule(world: World, alert: string): string {
  const expr = world.scenario.alerts.find((r) => r.alert === alert)?.expr ?? '';
  const named = new Set([...expr.matchAll(/\bservice\s*=\s*"([^"]+)"/g)].map((m) => m[1]!));
  return named.size === 1 ? [...named][0]! : '';
}

function instant(
  world: World,
  query: string,
  atMs: number,
  keyOf = (labels: Readonly<Record<string, string>>) => `${labels.service}>${labels.peer}`,
): Map<string, number> {
  const out = new Map<string, number>();
  const result = rangeQuery(world.metrics, query, atMs, atMs, 15_000);
  if (!result.ok || result.value.resultType !== 'matrix') return out;
  for (const s of result.value.result) {
    const v = s.samples[s.samples.length - 1]?.v;
    if (v !== undefined && Number.isFinite(v)) out.set(keyOf(s.labels), v);
  }
  return out;
}

/** Services running more than one build at a moment, as a service map's version badge shows them. */
function mixedBuilds(world: World, atMs: number): Record<string, Build[]> {
  const byService: Record<string, Build[]> = {};
  const counts = instant(world, BUILDS, atMs, (l) => `${l.service}\n${l.version}`);
  for (const [key, instances] of counts) {
    const [service, version] = key.split('\n') as [string, string];
    const builds = byService[service] ?? [];
    builds.push({ version, instances });
    byService[service] = builds;
  }
  const out: Record<string, Build[]> = {};
  for (const [service, builds] of Object.entries(byService))
    if (builds.length > 1)
      out[service] = builds.sort((a, b) => b.instances - a.instances || a.version.localeCompare(b.version));
  return out;
}

/** Where each region's re-pointable calls went at a moment, per call `from>to`, the busiest first. */
function regionRoutes(world: World, atMs: number): Map<string, RegionRoute[]> {
  const out = new Map<string, RegionRoute[]>();
  const rates = instant(
    world,
    ROUTED,
    atMs,
    (l) => `${l.service}>${l.peer}\n${l.region ?? ''}\n${l.peer_region}`,
  );
  for (const [key, rate] of rates) {
    if (rate <= 0) continue;
    const [call, from, to] = key.split('\n') as [string, string, string];
    const list = out.get(call) ?? [];
    list.push({ from, to, rate });
    out.set(call, list);
  }
  for (const list of out.values())
    list.sort((a, b) => b.rate - a.rate || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return out;
}

/**
 * The ops map at a moment, from the telemetry only (client-side call counters and the alert rules), never
 * from the faults: what an on-call engineer's service map would show at that time. `discovered` are the
 * undocumented calls the trainee has found; the others the team's diagram leaves out are not answered.
 */
export function mapTelemetry(world: World, atMs: number, discovered: readonly Call[] = []): MapTelemetry {
  const at = Math.max(world.startMs, Math.min(atMs, world.endMs));
  const calls = instant(world, CALLS, at);
  const failed = instant(world, FAILED, at);
  const routed = regionRoutes(world, at);
  // A component nobody can see into counts none of its calls: the map answers nothing for them, rather
  // than "no traffic" (the calls into it are its callers' and have their telemetry).
  const unseen = new Set(world.scenario.system.services.filter((s) => s.observed === false).map((s) => s.id));
  const shown = [...world.scenario.system.edges.filter((e) => !e.undocumented), ...discovered].filter(
    (e) => !unseen.has(e.from),
  );
  const edges: Record<string, EdgeTraffic> = {};
  for (const e of shown) {
    const key = callKey(e);
    const rate = calls.get(key) ?? 0;
    const bad = failed.get(key) ?? 0;
    const routes = routed.get(key);
    edges[key] = {
      from: e.from,
      to: e.to,
      rate,
      errorRatio: rate > 0 ? bad / rate : 0,
      ...(routes ? { routes } : {}),
    };
  }
  const alerts: Record<string, string[]> = {};
  for (const a of alertsOf(world)) {
    if (a.firingAtMs === undefined || a.firingAtMs > at) continue;
    if (a.resolvedAtMs !== undefined && a.resolvedAtMs <= at) continue;
    const service = a.labels.service ?? serviceOfRule(world, a.alert);
    const list = alerts[service] ?? [];
    if (!list.includes(a.alert)) list.push(a.alert);
    alerts[service] = list;
  }
  return {
    atMs: at,
    edges,
    discovered: discovered.map((c) => ({ from: c.from, to: c.to })),
    alerts,
    builds: mixedBuilds(world, at),
  };
}

/**
 * What the map writes beside a call whose callers reach another region's instances (a failover re-pointed
 * them): `west → east`, one pair per crossing, the busiest first; "" when every call stays in its region.
 */
export function crossRegionLabel(traffic: EdgeTraffic | undefined): string {
  const crossing = (traffic?.routes ?? []).filter((r) => r.from !== '' && r.from !== r.to);
  return crossing.map((r) => `${r.from} → ${r.to || '?'}`).join(', ');
}
