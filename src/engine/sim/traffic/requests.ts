import { rowLost } from '../faults/dataLoss.ts';
import type { Effect } from '../faults/effects.ts';
import { actsOn, strengthAt } from '../faults/effects.ts';
import { hotKeyOp, shardTarget } from '../faults/hotKey.ts';
import type { CallModel, EpModel, InstModel, SvcModel } from '../model/model.ts';
import { LogNormalTable } from '../model/rng.ts';
import type { Run, SegmentModel } from '../run.ts';
import { CROSS_REGION_RTT_MS, routedRegion } from './callRoutes.ts';
import {
  CLIENT,
  CONSUMER,
  ERR_EFFECT,
  ERR_NONE,
  ERR_POOL,
  ERR_REFUSED,
  ERR_RESET,
  ERR_TIMEOUT,
  ERR_UPSTREAM,
  PRODUCER,
  SERVER,
} from './spans.ts';

/** Milliseconds after an instance dies during which connections to it are reset rather than refused. */
const RESET_WINDOW_MS = 2500;
/** Work at an endpoint takes a log-normal time around its latency: right-skewed, like real latencies. */
const LATENCY = new LogNormalTable(0.35);
const NO_CALLS: readonly CallModel[] = [];

/** Whether an effect applies to a request at time `t` on instance `inst` from segment `seg`. */
function matches(
  e: Effect,
  t: number,
  inst: InstModel,
  ep: EpModel | undefined,
  seg: SegmentModel | undefined,
): boolean {
  if (t < e.fromMs || (t >= e.untilMs && !e.lasting)) return false;
  if (e.route !== undefined && ep !== undefined && e.route !== ep.route) return false;
  if (e.segment !== undefined && e.segment !== seg?.id) return false;
  if (!actsOn(e, inst)) return false;
  if (e.hosts !== undefined && !e.hosts.has(inst.idx)) return false;
  return true;
}

/** Whether an instance takes requests at `t`: never killed, back up, or inside the reset window after a kill. */
function takesAt(inst: InstModel, t: number): boolean {
  return t < inst.killedAt || inst.downUntil <= t || t - inst.killedAt < RESET_WINDOW_MS;
}

/**
 * Picks a serving instance, keeping the request in its region: one draw, uniform over the active instances
 * of that region (over all of them when the request or the service has no region), then the first instance
 * in the same region that is up when the drawn one is down. Undefined when none is up.
 */
export function pickInstance(run: Run, svc: SvcModel, t: number, region: string): InstModel | undefined {
  const all = run.sys.instances;
  const active = svc.active;
  const rng = run.rng.traffic;
  let local = 0;
  if (region !== '' && svc.spec.regions.length > 0)
    for (const i of active) if (all[i]!.region === region) local++;
  let inst: InstModel;
  if (local === 0 || local === active.length) inst = all[active[rng.int(active.length)]!]!;
  else {
    // The n-th instance of the region, counted in order: a scan, so every one of them is as likely.
    let n = rng.int(local);
    inst = all[active[0]!]!;
    for (const i of active) {
      const cand = all[i]!;
      if (cand.region === region && n-- === 0) {
        inst = cand;
        break;
      }
    }
  }
  if (takesAt(inst, t)) return inst;
  // A region's users never spill to another region on their own: only a failover sends them there.
  for (const i of active) {
    const cand = all[i]!;
    const up = t < cand.killedAt || cand.downUntil <= t;
    if (up && (local === 0 || cand.region === region)) return cand;
  }
  return undefined;
}

/**
 * Serves one request at an endpoint: own work, downstream calls in order (with timeouts, retries and pool
 * waits), and the faults that match. Writes a server span (and client spans below it) into the run's span
 * buffer and returns the server span's index.
 */
export function serve(
  run: Run,
  ep: EpModel,
  inst: InstModel,
  t0: number,
  parent: number,
  kind: number,
  seg: SegmentModel | undefined,
): number {
  const sp = run.spans;
  const svc = ep.svc;
  const s = sp.open(kind, svc.idx, inst.idx, ep.idx, parent, t0);
  const rng = run.rng.latency;
  let own = LATENCY.draw(rng, ep.latencyMs) * run.slow[inst.idx]!;
  inst.busyMs += ep.cpuMs;
  inst.served++;
  let failing: Effect | undefined;
  const effects = run.svcEffects[svc.idx]!;
  for (let i = 0; i < effects.length; i++) {
    const e = effects[i]!;
    if (!matches(e, t0, inst, ep, seg)) continue;
    // A replica behind its primary answers every read, some with a row older than the last write.
    if (e.kind === 'replication-lag') {
      if (!ep.write && e.errorRate > 0 && run.rng.outcomes.next() < e.errorRate) sp.effect[s] = e.idx;
      continue;
    }
    const strength = strengthAt(e, t0);
    if (e.kind === 'hot-key') {
      own += hotKeyOp(run, e, inst, s, strength);
      continue;
    }
    // A lock is waited for as long as its holder keeps it: from nothing to twice the mean.
    own += (e.kind === 'lock-contention' ? e.addMs * 2 * run.rng.outcomes.next() : e.addMs) * strength;
    if (e.counter) {
      sp.count[s] = e.counter.factor;
      sp.countBy[s] = e.idx;
    }
    if ((e.kind === 'disk-full' || e.kind === 'split-brain') && !ep.write) continue;
    // A row that is gone is gone for every lookup of it: which ones are is the job's, not chance's.
    if (
      e.kind === 'data-loss'
        ? rowLost(run, e, seg, t0)
        : e.errorRate > 0 && run.rng.outcomes.next() < e.errorRate * strength
    )
      failing = e;
    else if (e.annotates && sp.effect[s]! < 0) sp.effect[s] = e.idx;
  }
  // A key that is gone is answered at once: the lookup finds nothing and nothing after it runs.
  const lost = failing !== undefined && failing.kind === 'data-loss';
  if (lost) own *= 0.25;
  if (inst.pauseStart <= t0 && t0 < inst.pauseEnd) own += inst.pauseEnd - t0;
  // A request to a service a herd floods waits its turn in the queue before any work is done.
  const wait = run.herd === undefined ? 0 : run.herd.waitMs(svc.idx, t0);
  let t = t0 + wait + own * 0.4;
  let missed = false;
  // A queue's consumers are run by the producer's call, after the queue's lag.
  const calls = svc.spec.kind === 'queue' ? NO_CALLS : ep.calls;
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i]!;
    const store = c.callee.svc.spec.kind === 'database';
    // A key that is gone is in no cache either: only the database is asked, and finds nothing.
    if (lost && !store) {
      missed = true;
      continue;
    }
    if (c.onMiss && !missed) continue;
    const c0 = sp.n;
    // The last attempt decides the outcome of the call; the caller goes on when it ends.
    const last = call(run, c, inst, s, seg, t);
    t = sp.start[last]! + sp.dur[last]!;
    if (sp.effect[last]! >= 0 && sp.err[last] === ERR_NONE) readStale(run, s, last);
    if (c.callee.svc.spec.kind === 'cache') missed = sp.miss[c0] === 1;
    // A proxy passes a client error (4xx) through; anything else it answers itself.
    if (svc.proxy && sp.status[last]! >= 400 && sp.status[last]! < 500) sp.status[s] = sp.status[last]!;
    if (sp.err[last] !== 0 && !c.async) {
      sp.err[s] = ERR_UPSTREAM;
      sp.effect[s] = last;
      sp.status[s] = svc.proxy
        ? sp.err[last] === ERR_TIMEOUT
          ? 504
          : 502
        : sp.err[last] === ERR_POOL || sp.status[last] === 503
          ? 503
          : 500;
      failing = undefined;
      break;
    }
    if (lost && store) break;
  }
  if (failing) {
    sp.err[s] = ERR_EFFECT;
    sp.effect[s] = failing.idx;
    sp.status[s] = failing.status;
  }
  t += own * 0.6;
  sp.dur[s] = t - t0;
  svc.accepted++;
  svc.heldMs += t - t0;
  return s;
}

/**
 * The reader of a row a replica answered from behind its primary: it logs the miss (the fault's message on
 * its own line) and answers what it read, an old version, or 404 when the row was not there yet.
 */
function readStale(run: Run, s: number, clientSpan: number): void {
  const sp = run.spans;
  const e = run.effects[sp.effect[clientSpan]!]!;
  // Other faults mark a call they slowed (a hot key): only a read from behind is answered as read.
  if (e.kind !== 'replication-lag') return;
  if (sp.effect[s]! < 0) sp.effect[s] = e.idx;
  if (e.status !== 200) sp.status[s] = e.status;
}

/**
 * Makes one call with its retries, starting at `t`, and returns the client span of its last attempt: the
 * caller goes on when that attempt ends (its start plus its duration).
 */
function call(
  run: Run,
  c: CallModel,
  inst: InstModel,
  parent: number,
  seg: SegmentModel | undefined,
  t: number,
): number {
  const sp = run.spans;
  const edge = c.edge;
  const callee = c.callee;
  const effects = run.edgeEffects[edge.idx]!;
  const out = run.rng.outcomes;
  const attempts = c.async ? 1 : edge.retries + 1;
  for (let a = 0; a < attempts; a++) {
    const k = sp.open(c.async ? PRODUCER : CLIENT, inst.svc.idx, inst.idx, callee.idx, parent, t);
    sp.peer[k] = edge.to.idx;
    sp.attempt[k] = a;
    edge.calls++;
    let d = 0.3 + run.rng.latency.next() * 0.7;
    let failed = 0;
    let overload: Effect | undefined;
    if (edge.pool > 0) {
      if (edge.poolFail > 0 && out.next() < edge.poolFail) {
        sp.err[k] = ERR_POOL;
        sp.status[k] = 0;
        sp.dur[k] = edge.poolTimeoutMs;
        t += edge.poolTimeoutMs;
        if (a + 1 < attempts) {
          t += 50 << a;
          continue;
        }
        return k;
      }
      d += edge.poolWaitMs * out.next();
    }
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i]!;
      if (!matches(e, t, inst, callee, seg)) continue;
      const strength = strengthAt(e, t);
      d += e.addMs * strength;
      // A fault on the edge that fails nothing (a slow dependency) leaves its message on the caller's line.
      if (e.annotates && sp.effect[parent]! < 0 && sp.err[parent] === ERR_NONE) sp.effect[parent] = e.idx;
      if (e.kind === 'packet-loss' && out.next() < (0.05 + 0.3 * e.severity) * strength)
        d += out.next() < 0.3 ? 3000 : 1000;
      if (e.errorRate > 0 && out.next() < e.errorRate * strength) {
        if (e.failsAt === 'server') overload = e;
        else if (e.failsAt === 'client') {
          failed = e.idx + 1;
          break;
        }
      }
    }
    if (failed > 0) {
      const e = run.effects[failed - 1]!;
      sp.err[k] = ERR_EFFECT;
      sp.effect[k] = e.idx;
      sp.status[k] = 0;
      const fast =
        e.kind === 'dns-failure'
          ? 2 + out.next() * 8
          : e.kind === 'dependency-unreachable'
            ? Math.min(edge.timeoutMs, 3000)
            : 4 + out.next() * 20;
      sp.dur[k] = d + fast;
    } else {
      let target: InstModel | undefined;
      if (run.routed[edge.to.idx] === 1) {
        // A failover may have sent this region's calls elsewhere: they then cross regions, and pay for it.
        target = pickInstance(run, edge.to, t, routedRegion(run, callee, inst.region));
        if (target && target.region !== inst.region && target.region !== '' && inst.region !== '')
          d += CROSS_REGION_RTT_MS;
      } else target = pickInstance(run, edge.to, t, inst.region);
      if (edge.to.spec.shards !== undefined) target = shardTarget(run, callee, seg, t, target);
      // Every worker of the callee busy: the connection waits in its backlog, which overflows.
      if (target !== undefined && edge.to.refuseShare > 0 && out.next() < edge.to.refuseShare) {
        edge.to.refused++;
        target = undefined;
      }
      if (target === undefined) {
        sp.err[k] = ERR_REFUSED;
        sp.status[k] = 0;
        sp.dur[k] = d + 1;
      } else if (target.killedAt <= t && t < target.downUntil) {
        sp.err[k] = ERR_RESET;
        sp.status[k] = 0;
        sp.dur[k] = d + out.next() * 200;
      } else {
        const srv = serve(run, callee, target, t + d / 2, k, SERVER, seg);
        if (overload && sp.status[srv]! < 500) {
          sp.status[srv] = overload.status;
          sp.err[srv] = ERR_EFFECT;
          sp.effect[srv] = overload.idx;
        }
        if (c.async) {
          sp.dur[k] = d;
          runConsumers(run, callee, sp.start[srv]! + sp.dur[srv]!, srv, seg);
        } else {
          sp.dur[k] = d + sp.dur[srv]!;
          sp.status[k] = sp.status[srv]!;
          // A read the replica answered from behind its primary (an upstream failure keeps a span there).
          if (
            sp.effect[srv]! >= 0 &&
            sp.err[srv] === ERR_NONE &&
            run.effects[sp.effect[srv]!]!.kind === 'replication-lag'
          )
            sp.effect[k] = sp.effect[srv]!;
          // A refusal the callee answers (a rejected key, a spent quota) fails the call as a 5xx does,
          // unless the caller is a proxy, which hands the status to its client as it is.
          if (
            sp.status[srv]! >= 500 ||
            (overload !== undefined && sp.err[srv] === ERR_EFFECT && !inst.svc.proxy)
          )
            sp.err[k] = ERR_UPSTREAM;
          if (edge.to.spec.kind === 'cache' && out.next() >= edge.hitRatio) sp.miss[k] = 1;
        }
        edge.heldMs += sp.dur[srv]!;
        edge.reached++;
      }
    }
    if (sp.dur[k]! > edge.timeoutMs && failed > 0) sp.dur[k] = edge.timeoutMs;
    else if (sp.dur[k]! > edge.timeoutMs && !c.async) {
      sp.dur[k] = edge.timeoutMs;
      sp.err[k] = ERR_TIMEOUT;
      sp.status[k] = 0;
    }
    if (sp.err[k] === 0 || sp.status[k]! === 404 || a + 1 === attempts) return k;
    t += sp.dur[k]!;
    t += (50 << a) * (1 + out.next());
  }
  throw new Error('a call makes at least one attempt');
}

/** A queue delivers a message to its consumers after the current lag; their spans join the producer's trace. */
function runConsumers(
  run: Run,
  queueEp: EpModel,
  t: number,
  queueSpan: number,
  seg: SegmentModel | undefined,
): void {
  for (const c of queueEp.calls) {
    const edge = c.edge;
    edge.published++;
    const target = pickInstance(run, edge.to, t + edge.lagMs, '');
    if (target === undefined) continue;
    serve(run, c.callee, target, t + edge.lagMs + 1 + run.rng.latency.next() * 5, queueSpan, CONSUMER, seg);
  }
}
