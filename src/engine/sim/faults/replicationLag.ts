import type { InstModel, SvcModel } from '../model/model.ts';
import type { Run } from '../run.ts';
import type { Effect } from './effects.ts';
import { actsOn, strengthAt } from './effects.ts';

/**
 * Read replicas and how far behind their primary they are. Every instance of a database declared with
 * `replicaOf` exports its lag as postgres_exporter does (`pg_replication_lag_seconds`, near zero while it
 * keeps up) and says it is a replica (`pg_replication_is_replica`, 0 on its primary). A `replication-lag`
 * fault makes the replicas it acts on replay the primary's writes slower than they come: the lag climbs
 * for as long as the fault lasts, and a read served there finds an older version of a row in proportion.
 * Worlds without replicas get none of these series.
 */

/** How much of the primary's write stream a lagging replica fails to keep up with, per second. */
const GROWTH_BASE = 0.2;
const GROWTH_SEVERITY = 0.7;
/** Seconds of lag a replica makes up per second once the writes slow down: replay runs ahead of real time. */
const CATCH_UP = 10;
/** The lag at which half of the most a read can miss is missed: rows change less often than they are read. */
const HALF_LAG_S = 60;
/** The share of reads a replica far behind answers with an old row, unless the fault says otherwise. */
const STALE_CAP = 0.5;

interface ReplicaState {
  /** The replicas and the primaries they copy. */
  readonly replicas: readonly SvcModel[];
  readonly primaries: readonly SvcModel[];
  /** Seconds behind, per replication-lag effect (by index). */
  readonly lag: Map<number, number>;
  /** Per instance: its lag series (replicas) or its is-replica series. */
  readonly series: Map<number, { lag: number; role: number }>;
}

const states = new WeakMap<Run, ReplicaState>();

/** Declares the replica series of a world with read replicas and readies their state. */
export function setupReplication(run: Run): void {
  const replicas = run.sys.services.filter((s) => s.spec.replicaOf !== undefined);
  if (replicas.length === 0) return;
  // A primary that splits in two writes its own replication gauges (see splitBrain.ts): who is a replica
  // there changes with the split, and one writer keeps each series unique.
  const split = new Set(run.effects.filter((e) => e.kind === 'split-brain').map((e) => e.svc));
  const primaries = run.sys.services.filter(
    (s) => !split.has(s) && replicas.some((r) => r.spec.replicaOf === s.id),
  );
  run.metrics.describe('pg_replication_lag_seconds', {
    type: 'gauge',
    help: 'Replication lag behind master in seconds.',
  });
  run.metrics.describe('pg_replication_is_replica', {
    type: 'gauge',
    help: 'Indicates if the server is a replica.',
  });
  states.set(run, { replicas, primaries, lag: new Map(), series: new Map() });
}

/** Brings a copy of a run (see `Run.fork`) to how far behind each lagging replica `from` has reached. */
export function copyReplication(from: Run, to: Run): void {
  const a = states.get(from);
  const b = states.get(to);
  if (!a || !b) return;
  for (const [k, v] of a.lag) b.lag.set(k, v);
}

/** How far behind a replica instance is, in seconds: the most any lagging fault on it has built up. */
export function lagOf(run: Run, inst: InstModel): number {
  const state = states.get(run);
  if (!state) return 0;
  let lag = 0;
  for (const e of run.effects)
    if (e.kind === 'replication-lag' && e.svc === inst.svc && actsOn(e, inst))
      lag = Math.max(lag, state.lag.get(e.idx) ?? 0);
  return lag;
}

/**
 * Runs at the start of a tick: each lagging replica falls further behind while its fault is in force (as
 * fast as its ramp allows) and catches up once it is over; the share of reads it answers with an old row
 * follows the lag; every replica and primary instance writes its gauges.
 */
export function replicationBeforeTick(run: Run, t0: number, t1: number): void {
  const state = states.get(run);
  if (!state) return;
  const seconds = (t1 - t0) / 1000;
  for (const e of run.effects) {
    if (e.kind !== 'replication-lag') continue;
    let lag = state.lag.get(e.idx) ?? 0;
    if (e.fromMs < t1 && e.untilMs > t0) lag += seconds * growthOf(e) * strengthAt(e, t1);
    else lag = Math.max(0, lag - seconds * CATCH_UP);
    state.lag.set(e.idx, lag);
    e.errorRate = staleShare(e, lag);
  }
  for (const svc of state.replicas)
    for (const i of svc.active) {
      const inst = run.sys.instances[i]!;
      const s = seriesOf(run, state, inst, 1);
      run.metrics.set(s.lag, Math.round((lagOf(run, inst) + baseline(run.tick, i)) * 1000) / 1000);
    }
  for (const svc of state.primaries)
    for (const i of svc.active) seriesOf(run, state, run.sys.instances[i]!, 0);
}

/** Seconds of lag gained per second: how much of the write stream the replica cannot replay. */
function growthOf(e: Effect): number {
  return GROWTH_BASE + GROWTH_SEVERITY * e.severity;
}

/** The share of reads that find an older row: rows written within the lag, up to the fault's `errorRate`. */
function staleShare(e: Effect, lag: number): number {
  return (e.fault.errorRate ?? STALE_CAP) * (lag / (lag + HALF_LAG_S));
}

/** The series of an instance, created the first time it is asked for; a primary has no lag series. */
function seriesOf(run: Run, state: ReplicaState, inst: InstModel, replica: 0 | 1) {
  let s = state.series.get(inst.idx);
  if (!s) {
    const labels = run.telemetry[inst.idx]!.labels;
    s = {
      role: run.metrics.series({ __name__: 'pg_replication_is_replica', ...labels }, replica),
      lag: replica ? run.metrics.series({ __name__: 'pg_replication_lag_seconds', ...labels }) : -1,
    };
    state.series.set(inst.idx, s);
  }
  return s;
}

/** The lag of a replica keeping up: a fraction of a second that moves from scrape to scrape. */
function baseline(tick: number, idx: number): number {
  let h = 2166136261;
  const text = `${tick}:${idx}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return 0.05 + ((h >>> 0) / 4294967296) * 0.5;
}
