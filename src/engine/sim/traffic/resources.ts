import { resized } from '../../world/typedArrays.ts';
import type { Effect } from '../faults/effects.ts';
import { strengthAt } from '../faults/effects.ts';
import { hostSignalsBeforeTick, setupHostSignals, stuckOn } from '../faults/hostSignals.ts';
import { herdsBeforeTick } from '../faults/thunderingHerd.ts';
import type { EdgeModel, InstModel } from '../model/model.ts';
import { shardOf } from '../model/shards.ts';
import type { Run } from '../run.ts';
import { TICK_MS } from '../run.ts';
import {
  declaredBeforeTick,
  declaredInstanceStarted,
  setupDeclaredMetrics,
} from '../telemetry/declaredMetrics.ts';
import { eventLine, gcLine, startupLine } from '../telemetry/runtimeLines.ts';
import { setupShardMetrics } from '../telemetry/shards.ts';
import { instanceTelemetry } from '../telemetry/telemetry.ts';

/** Pool, queue and cache series of each edge, keyed by edge index. */
interface EdgeSlots {
  readonly pool: Map<number, { used: number; idle: number; pending: number; max: number }>;
  readonly queue: { ready: number; lag: number } | undefined;
}

const edgeSlots = new WeakMap<Run, EdgeSlots[]>();
/**
 * A queue keeps a message a day at most (its retention), so a backlog's lag stops there: a consumer far
 * slower than its producers would otherwise deliver messages, and write their lines, months later.
 */
const MAX_LAG_MS = 24 * 3_600_000;

/** Declares every metric family the simulation writes. */
export function setupMetrics(run: Run): void {
  const m = run.metrics;
  const d = (name: string, type: 'counter' | 'gauge' | 'histogram' | 'summary', help: string) =>
    m.describe(name, { type, help });
  d('http_server_requests', 'counter', 'HTTP requests served, by route, method and status.');
  d('http_server_request_duration_seconds', 'histogram', 'Duration of HTTP server requests.');
  d('db_client_operation_duration_seconds', 'histogram', 'Duration of database, cache and queue operations.');
  d('http_client_request_duration_seconds', 'histogram', 'Duration of HTTP requests to other services.');
  d('http_client_requests', 'counter', 'HTTP requests made to other services, by peer and status.');
  d('db_client_operations', 'counter', 'Database, cache and queue operations, by peer and outcome.');
  d('db_server_operations', 'counter', 'Statements executed by the database server.');
  d('process_cpu_seconds', 'counter', 'Total user and system CPU time spent in seconds.');
  d('container_cpu_cfs_throttled_seconds', 'counter', 'Total time the container was throttled.');
  d('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.');
  d('container_memory_working_set_bytes', 'gauge', 'Current working set of the container in bytes.');
  d('container_spec_memory_limit_bytes', 'gauge', 'Memory limit of the container in bytes.');
  d('kube_pod_container_status_restarts', 'counter', 'Number of container restarts.');
  for (const gc of ['nodejs_gc_duration_seconds', 'go_gc_duration_seconds', 'jvm_gc_pause_seconds'])
    d(gc, 'summary', 'Time spent in garbage collection pauses.');
  d('process_open_fds', 'gauge', 'Number of open file descriptors.');
  d('process_max_fds', 'gauge', 'Maximum number of open file descriptors.');
  d('node_filesystem_avail_bytes', 'gauge', 'Filesystem space available to non-root users in bytes.');
  d('node_filesystem_size_bytes', 'gauge', 'Filesystem size in bytes.');
  d('up', 'gauge', '1 if the target was scraped successfully.');
  d('app_build_info', 'gauge', 'Always 1: the version of the code the instance runs, in its version label.');
  d('node_netstat_Tcp_RetransSegs', 'counter', 'TCP segments retransmitted.');
  d('db_client_connections_usage', 'gauge', 'Connections in the pool, by state (used or idle).');
  d('db_client_connections_max', 'gauge', 'Maximum connections the pool allows.');
  d('db_client_connections_pending_requests', 'gauge', 'Requests waiting for a pooled connection.');
  d('queue_messages_ready', 'gauge', 'Messages waiting in the queue.');
  d('queue_consumer_lag_seconds', 'gauge', 'Age of the oldest message waiting for the consumer.');
  setupDeclaredMetrics(run);
  const slots: EdgeSlots[] = run.sys.edges.map((e) => ({
    pool: new Map(),
    queue:
      e.from.spec.kind === 'queue'
        ? {
            ready: m.series({ __name__: 'queue_messages_ready', queue: e.from.id, consumer: e.to.id }),
            lag: m.series({ __name__: 'queue_consumer_lag_seconds', queue: e.from.id, consumer: e.to.id }),
          }
        : undefined,
  }));
  edgeSlots.set(run, slots);
  setupHostSignals(run);
  setupShardMetrics(run);
}

/** Registers a new instance: its series, its log stream and, unless it was running before, its startup lines. */
export function instanceStarted(run: Run, inst: InstModel, t: number): void {
  run.telemetry[inst.idx] = instanceTelemetry(run, inst);
  declaredInstanceStarted(run, inst, t);
  const labels: Record<string, string> = { env: 'prod', service: inst.svc.id, instance: inst.name };
  if (inst.region) labels.region = inst.region;
  if (shardOf(inst) >= 0) labels.shard = String(shardOf(inst));
  run.streams[inst.idx] = run.streamFor(inst.svc, labels);
  if (inst.idx >= run.slow.length) run.slow = resized(run.slow, Math.max(inst.idx + 1, run.slow.length * 2));
  run.slow[inst.idx] = 1;
  if (!Number.isNaN(t)) run.sink.push(run.streams[inst.idx]!, t, startupLine(run, inst, t));
}

/** How long a cache restarted empty takes to hold what it held before: its hit ratio climbs back over it. */
const CACHE_WARM_MS = 15 * 60_000;

/**
 * How much of its usual hits a cache gives at `t`: a cache keeps what it holds in memory, so one a responder
 * restarted comes back empty and every lookup misses at first, then fills again as the misses are answered.
 * Every other service (and a cache never restarted) is at 1.
 */
function warmth(run: Run, svcIdx: number, t: number): number {
  const since = t - run.resetAt[svcIdx]!;
  if (since >= CACHE_WARM_MS || run.sys.services[svcIdx]!.spec.kind !== 'cache') return 1;
  return Math.max(0, since / CACHE_WARM_MS);
}

/** Fault windows, edge settings, pools, queues and GC pauses for the coming tick. */
export function beforeTick(run: Run, t0: number, t1: number): void {
  for (const effects of run.svcEffects) effects.length = 0;
  for (const effects of run.edgeEffects) effects.length = 0;
  const specEdges = run.scenario.system.edges;
  for (const edge of run.sys.edges) {
    edge.retries = specEdges[edge.idx]!.retries;
    edge.hitRatio = specEdges[edge.idx]!.hitRatio * warmth(run, edge.to.idx, t1);
  }
  const holdFactor = new Float64Array(run.sys.edges.length).fill(1);
  const leaked = new Float64Array(run.sys.edges.length);
  const slowConsumers = new Float64Array(run.sys.services.length).fill(1);
  for (const e of run.effects) {
    if (e.fromMs >= t1 || (e.untilMs <= t0 && !e.lasting)) continue;
    // A node out of ports fails its own outgoing calls; other client-side faults fail the calls made to it.
    const edges = e.edge
      ? [e.edge]
      : e.kind === 'port-exhaustion'
        ? run.sys.edges.filter((x) => x.from === e.svc)
        : e.failsAt === 'client' && e.kind !== 'memory-leak'
          ? run.sys.edges.filter((x) => x.to === e.svc)
          : [];
    for (const edge of edges) run.edgeEffects[edge.idx]!.push(e);
    if (edges.length === 0) run.svcEffects[e.svc.idx]!.push(e);
    // A fault that ramps up acts as a milder one until its ramp is over.
    const sev = e.severity * strengthAt(e, t1);
    if (e.kind === 'retry-storm' && e.edge)
      e.edge.retries = Math.max(e.edge.retries, 3 + Math.round(5 * sev));
    if (e.kind === 'cache-stampede' && e.edge) e.edge.hitRatio *= 1 - 0.95 * sev;
    if (e.kind === 'connection-pool-exhaustion' && e.edge) {
      // Each connection held longer (slower queries, work done while holding it) and, when severe, leaked.
      // A restart of either side (by a responder) closes every connection: the leak starts over from then.
      const since = Math.max(e.fromMs, run.resetAt[e.edge.from.idx]!, run.resetAt[e.edge.to.idx]!);
      const minutes = Math.max(0, t1 - since) / 60_000;
      // Up to severity 0.5 connections are only held longer; above it some are never given back.
      const leakRate = Math.max(0, sev - 0.5) * 0.4;
      leaked[e.edge.idx] = Math.min(e.edge.pool, e.edge.pool * leakRate * minutes);
      holdFactor[e.edge.idx] = 1 + 2 * sev;
    }
    // Each message takes longer (a slow downstream, a poison message retried): severity 1 is 51 times slower.
    if (e.kind === 'queue-backlog') slowConsumers[e.svc.idx] = 1 / (1 + 50 * sev);
    if (e.kind === 'disk-full' || e.kind === 'fd-exhaustion')
      e.errorRate = resourceErrorRate(run, e.kind, onWhich(run, e), e.severity);
    if (e.kind === 'gc-pauses') schedulePauses(run, onWhich(run, e), sev, t0, t1);
  }
  hostSignalsBeforeTick(run, t0, t1);
  if (run.herd) herdsBeforeTick(run, run.herd, t0, t1);
  declaredBeforeTick(run, t0, t1);
  const slots = edgeSlots.get(run)!;
  for (const edge of run.sys.edges) {
    if (edge.pool > 0) updatePool(run, edge, holdFactor[edge.idx]!, leaked[edge.idx]!, slots[edge.idx]!);
    const q = slots[edge.idx]!.queue;
    if (q) {
      const consumers = edge.to.active.length;
      const ep = edge.to.endpoints[0];
      const capacity =
        consumers * (TICK_MS / Math.max(5, ep?.latencyMs ?? 20)) * 2 * slowConsumers[edge.to.idx]!;
      edge.depth = Math.max(0, edge.depth + edge.published - capacity);
      edge.lagMs = Math.min(MAX_LAG_MS, capacity > 0 ? (edge.depth / capacity) * TICK_MS : TICK_MS * 40);
      edge.published = 0;
      // Messages held behind a poison message wait on their partition however fast the rest flows.
      const stuck = stuckOn(run, edge.idx, t0);
      const waiting = Math.round(edge.depth + stuck.count);
      const oldestMs = Math.max(edge.lagMs, stuck.ageMs);
      run.metrics.set(q.ready, waiting);
      run.metrics.set(q.lag, oldestMs / 1000);
      if (oldestMs > 30_000 && run.tick % 4 === 0) {
        const inst = run.sys.instances[edge.to.active[0]!]!;
        run.sink.push(
          run.streams[inst.idx]!,
          t0 + 1,
          eventLine(
            run,
            inst,
            t0 + 1,
            'warn',
            `consumer lag on ${edge.from.id}: ${waiting} messages waiting, oldest ${Math.round(oldestMs / 1000)}s`,
          ),
        );
      }
    }
    edge.calls = 0;
    edge.reached = 0;
    edge.heldMs = 0;
  }
}

/**
 * The serving instances of an effect's service it acts on: all of them unless it names some or a version.
 * (A region does not narrow these: the pauses and the full disks are counted over the whole service.)
 */
function onWhich(run: Run, e: Effect): readonly number[] {
  if (e.slots === undefined && e.version === undefined) return e.svc.active;
  return e.svc.active.filter((i) => {
    const inst = run.sys.instances[i]!;
    return (
      (e.slots === undefined || e.slots[inst.slot] === true) && (e.version ?? inst.version) === inst.version
    );
  });
}

function resourceErrorRate(run: Run, kind: string, active: readonly number[], severity: number): number {
  let full = 0;
  for (const i of active) {
    const inst = run.sys.instances[i]!;
    const lim = inst.svc.spec.limits;
    if (kind === 'disk-full' ? inst.diskUsed >= lim.diskGb * 1073741824 * 0.999 : inst.fds >= lim.fds) full++;
  }
  return active.length === 0 ? 0 : (full / active.length) * (kind === 'disk-full' ? 1 : 0.4 + 0.5 * severity);
}

function schedulePauses(run: Run, active: readonly number[], severity: number, t0: number, t1: number): void {
  const rng = run.rng.res;
  for (const i of active) {
    const inst = run.sys.instances[i]!;
    if (rng.next() > 0.3 + 0.6 * severity) continue;
    const len = (150 + 1850 * severity) * (0.6 + 0.8 * rng.next());
    inst.pauseStart = t0 + rng.next() * (t1 - t0 - len);
    inst.pauseEnd = inst.pauseStart + len;
    inst.gcSeconds += len / 1000;
    inst.gcCount++;
    run.sink.push(run.streams[i]!, inst.pauseEnd, gcLine(run, inst, inst.pauseEnd, len));
  }
}

/** Little's law per caller instance: connections wanted = calls per second × time each holds one. */
function updatePool(run: Run, edge: EdgeModel, holdFactor: number, leaked: number, slots: EdgeSlots): void {
  const callers = Math.max(1, edge.from.active.length);
  const meanHold = edge.reached > 0 ? edge.heldMs / edge.reached : 0;
  const demand = leaked + ((edge.calls / callers) * meanHold * holdFactor) / TICK_MS;
  edge.inUse = Math.min(edge.pool, demand);
  edge.pending = 0;
  const wanted = demand - leaked;
  const free = edge.pool - leaked;
  edge.poolFail = wanted <= 0 ? 0 : free < 0.5 ? 0.97 : Math.min(0.97, Math.max(0, (wanted - free) / wanted));
  // Waiting requests at a scrape: arrivals per second that find no connection × how long they wait.
  edge.pending = ((edge.calls / callers / (TICK_MS / 1000)) * edge.poolFail * edge.poolTimeoutMs) / 1000;
  edge.poolWaitMs = edge.inUse / edge.pool > 0.8 ? edge.poolTimeoutMs * (edge.inUse / edge.pool - 0.8) : 0;
  const rng = run.rng.res;
  for (const i of edge.from.active) {
    let s = slots.pool.get(i);
    if (!s) {
      const base = { ...run.telemetry[i]!.labels, pool: edge.to.id };
      const m = run.metrics;
      s = {
        used: m.series({ __name__: 'db_client_connections_usage', ...base, state: 'used' }),
        idle: m.series({ __name__: 'db_client_connections_usage', ...base, state: 'idle' }),
        pending: m.series({ __name__: 'db_client_connections_pending_requests', ...base }),
        max: m.series({ __name__: 'db_client_connections_max', ...base }, edge.pool),
      };
      slots.pool.set(i, s);
    }
    const used = Math.min(
      edge.pool,
      Math.round(edge.inUse + rng.next() * Math.min(2, edge.pool - edge.inUse)),
    );
    run.metrics.set(s.used, used);
    run.metrics.set(s.idle, edge.pool - used);
    run.metrics.set(s.pending, Math.ceil(edge.pending));
  }
}

export { afterTick } from './resourceTick.ts';
