import type { FaultKind } from '../../scenario/faultKinds.ts';
import type { InstModel } from '../model/model.ts';
import { hashString } from '../model/rng.ts';
import type { Run } from '../run.ts';
import { eventLine, k8sEvent } from '../telemetry/runtimeLines.ts';
import { copyDataLoss, dataLossBeforeTick, setupDataLoss } from './dataLoss.ts';
import type { Effect } from './effects.ts';
import { actsOn, strengthAt } from './effects.ts';
import { copyHotKeys, hotKeysBeforeTick, setupHotKeys } from './hotKey.ts';
import { copyReplication, replicationBeforeTick, setupReplication } from './replicationLag.ts';
import { copySplitBrain, setupSplitBrain, splitBrainBeforeTick } from './splitBrain.ts';

/**
 * What the fault kinds that act on one host, one lock or one quota leave between requests: the gauges a
 * node exporter or a database exporter would scrape, the lines a kernel, a database or a cluster writes,
 * and the error rates that follow from a state built up over ticks. Their series exist only in worlds
 * with such a fault, so every other world stays as it was.
 */

/** Kinds confined to some instances of their service (or, on an edge, of the caller). */
const HOST_KINDS: ReadonlySet<FaultKind> = new Set([
  'clock-skew',
  'noisy-neighbour',
  'port-exhaustion',
  'credential-rotation',
]);

/** The conntrack table of a node: the kernel's default for a node of this size. */
const CONNTRACK_MAX = 262_144;

/** A fault's series for one instance, by name. */
type Slots = Map<string, number>;

interface KindState {
  /** Per fault (by effect index), per instance: its series. */
  readonly slots: Map<number, Map<number, Slots>>;
  /** The clock offset each instance's spans are stamped with (negative: behind). */
  skew: Float64Array;
  /** Conntrack entries per instance, built up tick by tick. */
  readonly conntrack: Map<number, number>;
  /** The calls a provider allows per tick, fixed when the quota first runs out (per fault). */
  readonly quota: Map<number, number>;
  /** Per queue edge: messages held behind a poison message on its partition, and since when. */
  readonly stuck: Map<number, { count: number; sinceMs: number }>;
}

/** A consumer reads a queue's messages in this many ordered partitions; a poison message blocks one. */
const PARTITIONS = 4;

const states = new WeakMap<Run, KindState>();

/** Whether a kind is one this module gives signals to. */
function isHostSignalKind(kind: FaultKind): boolean {
  return (
    HOST_KINDS.has(kind) ||
    kind === 'lock-contention' ||
    kind === 'quota-exhausted' ||
    kind === 'poison-message'
  );
}

/** Declares the metric families of the faults present and readies their state. */
export function setupHostSignals(run: Run): void {
  setupDataLoss(run);
  setupHotKeys(run);
  setupSplitBrain(run);
  setupReplication(run);
  const kinds = new Set(run.effects.filter((e) => isHostSignalKind(e.kind)).map((e) => e.kind));
  if (kinds.size === 0) return;
  const d = (name: string, type: 'counter' | 'gauge', help: string) =>
    run.metrics.describe(name, { type, help });
  if (kinds.has('clock-skew')) {
    d('node_timex_offset_seconds', 'gauge', 'Time offset in between local system and reference clock.');
    d('node_timex_sync_status', 'gauge', 'Is clock synchronized to a reliable server (1 = yes, 0 = no).');
  }
  if (kinds.has('lock-contention')) {
    d('pg_locks_count', 'gauge', 'Number of locks held or awaited, by mode.');
    d('pg_stat_activity_count', 'gauge', 'Number of connections in this state, by what they wait for.');
  }
  if (kinds.has('noisy-neighbour'))
    d('node_pressure_cpu_waiting_seconds', 'counter', 'Total time processes on the node waited for a CPU.');
  if (kinds.has('poison-message')) {
    d('queue_partition_messages_ready', 'gauge', 'Messages waiting in one partition of the queue.');
    d('queue_messages_redelivered', 'counter', 'Messages delivered again after the consumer failed them.');
  }
  if (kinds.has('port-exhaustion')) {
    d(
      'node_nf_conntrack_entries',
      'gauge',
      'Number of currently allocated flow entries for connection tracking.',
    );
    d('node_nf_conntrack_entries_limit', 'gauge', 'Maximum size of connection tracking table.');
    d('node_sockstat_TCP_tw', 'gauge', 'Number of TCP sockets in state TIME_WAIT.');
  }
  states.set(run, {
    slots: new Map(),
    skew: new Float64Array(run.sys.instances.length),
    conntrack: new Map(),
    quota: new Map(),
    stuck: new Map(),
  });
}

/**
 * Brings a copy of a run (see `Run.fork`) to the state of these kinds `from` has reached: the hosts each
 * fault chose, the conntrack tables, the quotas and the messages held behind a poison message.
 */
export function copyHostSignals(from: Run, to: Run): void {
  copyDataLoss(from, to);
  copySplitBrain(from, to);
  copyReplication(from, to);
  for (const e of from.effects) to.effects[e.idx]!.hosts = e.hosts ? new Set(e.hosts) : undefined;
  copyHotKeys(from, to);
  const a = states.get(from);
  const b = states.get(to);
  if (!a || !b) return;
  b.skew = a.skew.slice();
  for (const [k, v] of a.conntrack) b.conntrack.set(k, v);
  for (const [k, v] of a.quota) b.quota.set(k, v);
  for (const [k, v] of a.stuck) b.stuck.set(k, { ...v });
}

/** The clock offset of each instance's spans, or undefined when no host's clock is off. */
export function skewOf(run: Run): Float64Array | undefined {
  return states.get(run)?.skew;
}

/** The messages a poison message holds back on a queue edge, and the age of the oldest, in ms. */
export function stuckOn(run: Run, edgeIdx: number, t: number): { count: number; ageMs: number } {
  const s = states.get(run)?.stuck.get(edgeIdx);
  return s ? { count: s.count, ageMs: s.count > 0 ? t - s.sinceMs : 0 } : { count: 0, ageMs: 0 };
}

/** The node a pod runs on, as the cluster names it. */
export function nodeOf(inst: InstModel): string {
  return `ip-10-0-${16 + ((inst.idx * 7) % 32)}-${40 + ((inst.idx * 53) % 200)}.ec2.internal`;
}

/** A jitter in [-1, 1) that depends only on the tick and the instance. */
function jitter(tick: number, idx: number): number {
  return hashString(`${tick}:${idx}`) / 2147483648 - 1;
}

/**
 * The instances a fault is confined to, chosen when it first acts: one instance of its service for a
 * host's clock, a shared node or a node's conntrack table (in its region, when it has one); for a rotated
 * secret, the callers that were running then and so still hold the old one — a share that grows with
 * severity. A fault that names its instances acts on those. Instances started later (a restart, a deploy)
 * are not among them.
 */
function chooseHosts(run: Run, e: Effect): Set<number> {
  const candidates = e.svc.active.filter((i) => actsOn(e, run.sys.instances[i]!));
  // A fault that names its instances (or their version) acts on those, all of them.
  if (candidates.length === 0 || e.slots !== undefined || e.version !== undefined) return new Set(candidates);
  const first = hashString(e.fault.id) % candidates.length;
  const count =
    e.kind === 'credential-rotation'
      ? Math.max(1, Math.round(candidates.length * (0.3 + 0.7 * e.severity)))
      : 1;
  const out = new Set<number>();
  for (let k = 0; k < count; k++) out.add(candidates[(first + k) % candidates.length]!);
  return out;
}

/**
 * Runs at the start of a tick, once the faults in force are known and before the requests: picks the
 * hosts of faults that start now, sets error rates that follow from state (a conntrack table filling, a
 * quota used up), slows a noisy neighbour's victim and writes every gauge and line of these kinds.
 */
export function hostSignalsBeforeTick(run: Run, t0: number, t1: number): void {
  dataLossBeforeTick(run, t0, t1);
  hotKeysBeforeTick(run, t0, t1);
  splitBrainBeforeTick(run, t0, t1);
  replicationBeforeTick(run, t0, t1);
  const state = states.get(run);
  if (!state) return;
  if (state.skew.length < run.sys.instances.length) {
    const grown = new Float64Array(run.sys.instances.length * 2);
    grown.set(state.skew);
    state.skew = grown;
  }
  for (const e of run.effects) {
    if (!isHostSignalKind(e.kind)) continue;
    const inForce = e.fromMs < t1 && e.untilMs > t0;
    if (inForce && HOST_KINDS.has(e.kind) && e.hosts === undefined) e.hosts = chooseHosts(run, e);
    const on = (inst: InstModel) => inForce && (e.hosts === undefined || e.hosts.has(inst.idx));
    // A fault that ramps up acts as a milder one until its ramp is over (a clock that drifts further).
    const strength = strengthAt(e, t1);
    const sev = e.severity * strength;
    switch (e.kind) {
      case 'clock-skew':
        clockSkew(run, state, e, strength, on, t0);
        break;
      case 'lock-contention':
        lockContention(run, state, e, sev, inForce, t0, t1);
        break;
      case 'noisy-neighbour':
        noisyNeighbour(run, state, e, sev, on, t1 - t0);
        break;
      case 'port-exhaustion':
        portExhaustion(run, state, e, on, t0, t1);
        break;
      case 'quota-exhausted':
        quotaExhausted(state, e, inForce);
        break;
      case 'poison-message':
        poisonMessage(run, state, e, inForce, t0);
        break;
      default:
        break;
    }
  }
}

/** The series of fault `e` for one instance, created the first time it is asked for. */
function slotsOf(state: KindState, e: Effect, inst: InstModel): Slots {
  let byInst = state.slots.get(e.idx);
  if (!byInst) {
    byInst = new Map();
    state.slots.set(e.idx, byInst);
  }
  let slots = byInst.get(inst.idx);
  if (!slots) {
    slots = new Map();
    byInst.set(inst.idx, slots);
  }
  return slots;
}

function series(run: Run, slots: Slots, key: string, labels: Record<string, string>, initial = 0): number {
  let s = slots.get(key);
  if (s === undefined) {
    s = run.metrics.series(labels, initial);
    slots.set(key, s);
  }
  return s;
}

/** The labels of an instance's series, plus the node it runs on. */
function instLabels(run: Run, inst: InstModel, name: string, extra: Record<string, string> = {}) {
  return { __name__: name, ...run.telemetry[inst.idx]!.labels, node: nodeOf(inst), ...extra };
}

/** A host whose clock is behind: its offset gauge says how far, and its spans are stamped that early. */
function clockSkew(
  run: Run,
  state: KindState,
  e: Effect,
  strength: number,
  on: (i: InstModel) => boolean,
  t0: number,
): void {
  const offsetMs = -(20_000 + 280_000 * e.severity) * strength;
  for (const i of e.svc.active) {
    const inst = run.sys.instances[i]!;
    const slots = slotsOf(state, e, inst);
    const offset = series(run, slots, 'offset', instLabels(run, inst, 'node_timex_offset_seconds'));
    const sync = series(run, slots, 'sync', instLabels(run, inst, 'node_timex_sync_status'), 1);
    const skewed = on(inst);
    state.skew[i] = skewed ? offsetMs : 0;
    run.metrics.set(
      offset,
      skewed ? offsetMs / 1000 + jitter(run.tick, i) * 0.05 : jitter(run.tick, i) * 0.0008,
    );
    run.metrics.set(sync, skewed ? 0 : 1);
    if (skewed && run.tick % 8 === 0)
      run.sink.push(
        run.eventStreams[e.svc.idx]!,
        t0 + 3,
        k8sEvent(
          run,
          t0 + 3,
          'Warning',
          'NTPProblem',
          `node/${nodeOf(inst)}`,
          `chronyd: no selectable sources; clock offset ${(offsetMs / 1000).toFixed(3)}s`,
        ),
      );
  }
}

/** The table a statement works on: the last word of `UPDATE orders`, `SELECT items`. */
function tableOf(route: string): string {
  return /(\w+)\s*$/.exec(route)?.[1] ?? 'data';
}

/**
 * Sessions queue for a row lock on one table: the database counts the waiting sessions and the locks, and
 * logs the waits (PostgreSQL's `log_lock_waits`) naming the table; no more CPU is spent.
 */
function lockContention(
  run: Run,
  state: KindState,
  e: Effect,
  sev: number,
  inForce: boolean,
  t0: number,
  t1: number,
): void {
  const table = tableOf(
    e.route ?? e.svc.endpoints.find((ep) => ep.write)?.route ?? e.svc.endpoints[0]?.route ?? '',
  );
  for (const i of e.svc.active) {
    const inst = run.sys.instances[i]!;
    const slots = slotsOf(state, e, inst);
    const locks = series(
      run,
      slots,
      'locks',
      instLabels(run, inst, 'pg_locks_count', { mode: 'exclusivelock' }),
    );
    const waiting = series(
      run,
      slots,
      'waiting',
      instLabels(run, inst, 'pg_stat_activity_count', { state: 'active', wait_event_type: 'Lock' }),
    );
    const j = jitter(run.tick, i);
    const queued = inForce ? Math.round((3 + 25 * sev) * (0.8 + 0.3 * j)) : j > 0.8 ? 1 : 0;
    run.metrics.set(locks, 4 + Math.round(2 + 2 * j) + queued);
    run.metrics.set(waiting, queued);
    if (!inForce || inst.svc.format !== 'postgres') continue;
    const lines = 1 + Math.round(2 * sev);
    for (let k = 0; k < lines; k++) {
      const t = t0 + ((k + 0.5) / lines) * (t1 - t0);
      const pid = 4000 + ((run.tick * 17 + k * 131) % 5000);
      const holder = 3000 + ((run.tick * 7) % 900);
      const tx = 880_000 + run.tick * 40 + k;
      run.sink.push(
        run.streams[i]!,
        t,
        [
          eventLine(
            run,
            inst,
            t,
            'info',
            `process ${pid} still waiting for ShareLock on transaction ${tx} after 1000.${100 + k} ms`,
          ),
          `DETAIL:  Process holding the lock: ${holder}. Wait queue: ${pid}.`,
          `CONTEXT:  while updating tuple (${run.tick % 97},${k + 1}) in relation "${table}"`,
        ].join('\n'),
      );
    }
  }
}

/**
 * Another tenant's work on a shared node: the victim's pod waits for a CPU it is not using (pressure
 * rises on the node, not in the pod's own CPU), so its requests take longer.
 */
function noisyNeighbour(
  run: Run,
  state: KindState,
  e: Effect,
  sev: number,
  on: (i: InstModel) => boolean,
  spanMs: number,
): void {
  for (const i of e.svc.active) {
    const inst = run.sys.instances[i]!;
    const slots = slotsOf(state, e, inst);
    const waited = series(
      run,
      slots,
      'psi',
      instLabels(run, inst, 'node_pressure_cpu_waiting_seconds_total'),
    );
    const victim = on(inst);
    const share = victim ? 0.4 + 0.5 * sev : 0.01 + 0.01 * Math.abs(jitter(run.tick, i));
    run.metrics.add(waited, share * (spanMs / 1000));
    if (victim) run.slow[i] = run.slow[i]! * (1.5 + 6 * sev * (0.85 + 0.3 * jitter(run.tick, i)));
  }
}

/**
 * A node's conntrack table fills with connections in TIME_WAIT (short calls opened and closed faster than
 * they expire); once full, new outgoing connections from that node fail at once.
 */
function portExhaustion(
  run: Run,
  state: KindState,
  e: Effect,
  on: (i: InstModel) => boolean,
  t0: number,
  t1: number,
): void {
  let full = false;
  const rampMs = (1 - e.severity) * 1_200_000 + 180_000;
  for (const i of e.svc.active) {
    const inst = run.sys.instances[i]!;
    const slots = slotsOf(state, e, inst);
    const entries = series(run, slots, 'entries', instLabels(run, inst, 'node_nf_conntrack_entries'));
    series(run, slots, 'limit', instLabels(run, inst, 'node_nf_conntrack_entries_limit'), CONNTRACK_MAX);
    const tw = series(run, slots, 'tw', instLabels(run, inst, 'node_sockstat_TCP_tw'));
    const base = 1800 + Math.round(400 * jitter(run.tick, i));
    let n = state.conntrack.get(i) ?? base;
    if (on(inst)) n = Math.min(CONNTRACK_MAX, n + ((CONNTRACK_MAX - base) * (t1 - t0)) / rampMs);
    else n = n + (base - n) * 0.5;
    state.conntrack.set(i, n);
    run.metrics.set(entries, Math.round(n));
    run.metrics.set(tw, Math.round(n * 0.9));
    if (n < CONNTRACK_MAX * 0.99) continue;
    full = true;
    if (run.tick % 4 === 0)
      run.sink.push(
        run.eventStreams[e.svc.idx]!,
        t0 + 7,
        k8sEvent(
          run,
          t0 + 7,
          'Warning',
          'ConntrackFull',
          `node/${nodeOf(inst)}`,
          `Conntrack table usage over 90%: ${CONNTRACK_MAX} of ${CONNTRACK_MAX} (kernel: nf_conntrack: table full, dropping packet)`,
        ),
      );
  }
  e.errorRate = full ? 0.3 + 0.6 * e.severity : 0;
}

/**
 * A provider's quota: from the fault's start the provider answers only as many calls a tick as it allows
 * (a share of what was being asked when it ran out) and 429 to the rest, so successful calls flat-line.
 */
function quotaExhausted(state: KindState, e: Effect, inForce: boolean): void {
  const edge = e.edge;
  if (!edge || !inForce) {
    e.errorRate = 0;
    return;
  }
  // The edge's calls of the tick just run: the tick loop counts them and resets them after this.
  const asked = edge.calls;
  let quota = state.quota.get(e.idx);
  if (quota === undefined) {
    quota = Math.max(1, asked * (0.75 - 0.5 * e.severity));
    state.quota.set(e.idx, quota);
  }
  e.errorRate = asked > quota ? 1 - quota / asked : 0;
}

/**
 * A message the consumer fails on goes back to the head of its partition and is delivered again, forever:
 * the messages behind it on that partition wait (the others flow), so the partition's backlog and the
 * oldest message's age grow, and the queue counts every redelivery.
 */
function poisonMessage(run: Run, state: KindState, e: Effect, inForce: boolean, t0: number): void {
  const blocked = hashString(e.fault.id) % PARTITIONS;
  for (const edge of run.sys.edges) {
    if (edge.to !== e.svc || edge.from.spec.kind !== 'queue') continue;
    let stuck = state.stuck.get(edge.idx);
    if (!stuck) {
      stuck = { count: 0, sinceMs: Math.max(e.fromMs, t0) };
      state.stuck.set(edge.idx, stuck);
    }
    // The tick loop has not yet taken the messages published during the tick just run.
    if (inForce) {
      if (stuck.count === 0) stuck.sinceMs = Math.max(e.fromMs, t0);
      stuck.count += edge.published / PARTITIONS;
    } else stuck.count = 0;
    const base = { queue: edge.from.id, consumer: edge.to.id };
    const slots = slotsOf(state, e, run.sys.instances[edge.to.active[0] ?? 0]!);
    for (let p = 0; p < PARTITIONS; p++) {
      const ready = series(run, slots, `p${edge.idx}:${p}`, {
        __name__: 'queue_partition_messages_ready',
        ...base,
        partition: String(p),
      });
      const flowing = Math.max(0, Math.round((edge.depth / PARTITIONS) * (1 + 0.2 * jitter(run.tick, p))));
      run.metrics.set(ready, p === blocked ? flowing + Math.round(stuck.count) : flowing);
    }
    const redelivered = series(run, slots, `r${edge.idx}`, {
      __name__: 'queue_messages_redelivered_total',
      ...base,
    });
    // A delivery a second or so: fetch, fail, requeue.
    if (inForce)
      run.metrics.add(redelivered, Math.round(12 + 6 * e.severity + 2 * jitter(run.tick, edge.idx)));
  }
}
