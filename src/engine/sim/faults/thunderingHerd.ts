import type { EpModel, SvcModel } from '../model/model.ts';
import type { Run, SegmentModel } from '../run.ts';
import { TICK_MS } from '../run.ts';
import { eventLine } from '../telemetry/runtimeLines.ts';
import type { Effect } from './effects.ts';

/**
 * A thundering herd after recovery. While an outage lasts, the users of the caller cannot get in; when it
 * ends they all come back in the same second (nothing spreads them), and those who fail try again a fixed
 * interval later, again all together. The flooded service works through a queue at the pace its CPU
 * allows: a wave bigger than it can serve before the callers' timeout leaves requests waiting past it,
 * which fail and come back with the next wave. Each wave gets fewer in, the queue it leaves is longer,
 * and the herd lasts until the waves shrink below what the service absorbs (some users give up each
 * time). Every other caller of the flooded service waits in the same queue and times out with them.
 */

/** Clients that failed come back this long after the wave they were in, all together. */
export const HERD_RETRY_MS = 10_000;
/** The share of the waiting clients who give up after a failed wave (they close the app): one in 200. */
const GIVE_UP = 0.005;
/** The queue is followed second by second inside a tick. */
const STEP_MS = 1000;
// Fifteen seconds to a tick: TICK_MS itself cannot be read while run.ts, which imports this, loads.
const STEPS = 15;
/** A server's queue holds this many seconds of work at most; what does not fit is refused at the door. */
const MAX_QUEUE_S = 60;
/** An outage longer than this releases no more clients than this one would. */
const MAX_OUTAGE_MS = 3_600_000;

interface Herd {
  readonly e: Effect;
  /** The caller's endpoints users come back through: they call the flooded service. */
  readonly entries: readonly EpModel[];
  readonly segment: SegmentModel | undefined;
  /** How long the outage the clients waited out lasted. */
  readonly outageMs: number;
  started: boolean;
  waiting: number;
  nextWaveMs: number;
}

/** The queue in front of one flooded service. */
interface Queue {
  readonly svc: SvcModel;
  /** CPU milliseconds one of the herd's calls costs it. */
  readonly costMs: number;
  /** How long the herd's callers wait before they give up on a call, in seconds. */
  readonly timeoutS: number;
  backlog: number;
  /** The herd's requests sent in the last tick, to tell them from what the service serves anyway. */
  sent: number;
  /** Requests it can serve a second, this tick. */
  capacity: number;
  /** The backlog at each second of the current tick, from its start. */
  readonly curve: Float64Array;
  tickStart: number;
}

/** The waves of the tick being run: when each starts, how many come, and whose. */
interface Wave {
  readonly herd: Herd;
  readonly atMs: number;
  readonly size: number;
}

/** The herds of a run and the queues they flood; present only in worlds with a thundering herd. */
export class HerdQueues {
  readonly herds: Herd[] = [];
  readonly queues: (Queue | undefined)[];
  waves: Wave[] = [];

  constructor(services: number) {
    this.queues = new Array(services).fill(undefined);
  }

  /** How long a request reaching service `svc` at `t` waits in its queue before it is worked on, in ms. */
  waitMs(svc: number, t: number): number {
    const q = this.queues[svc];
    if (q === undefined || q.capacity <= 0) return 0;
    const x = Math.min(STEPS, Math.max(0, (t - q.tickStart) / STEP_MS));
    const i = Math.min(STEPS - 1, Math.floor(x));
    const backlog = q.curve[i]! + (q.curve[i + 1]! - q.curve[i]!) * (x - i);
    return (backlog / q.capacity) * 1000;
  }
}

/** Readies the herds of a run's thundering-herd faults, or leaves the run without any. */
export function setupHerds(run: Run): HerdQueues | undefined {
  const effects = run.effects.filter((e) => e.kind === 'thundering-herd' && e.edge !== undefined);
  if (effects.length === 0) return undefined;
  const queues = new HerdQueues(run.sys.services.length);
  for (const e of effects) {
    const target = e.edge!.to;
    const entries = e.svc.endpoints.filter(
      (ep) => ep.rate > 0 && ep.calls.some((c) => c.callee.svc === target && !c.async),
    );
    const released = run.effects.find((x) => x.fault.id === e.fault.releasedBy);
    const outageMs = released ? Math.min(MAX_OUTAGE_MS, released.untilMs - released.fromMs) : 300_000;
    queues.herds.push({
      e,
      entries,
      segment: run.segments.find((s) => s.id === e.segment),
      outageMs,
      started: false,
      waiting: 0,
      nextWaveMs: e.fromMs,
    });
    if (queues.queues[target.idx] === undefined) {
      const called = entries.flatMap((ep) => ep.calls.filter((c) => c.callee.svc === target));
      const ep = called[0]!.callee;
      queues.queues[target.idx] = {
        svc: target,
        costMs: Math.max(1, ep.cpuMs > 0 ? ep.cpuMs : ep.latencyMs),
        timeoutS: e.edge!.timeoutMs / 1000,
        backlog: 0,
        sent: 0,
        capacity: 0,
        curve: new Float64Array(STEPS + 1),
        tickStart: Number.NaN,
      };
    }
  }
  return queues;
}

/** Copies the herds' progress to a fork of the run. */
export function copyHerds(from: HerdQueues | undefined, to: HerdQueues | undefined): void {
  if (!from || !to) return;
  from.herds.forEach((h, i) => {
    const g = to.herds[i]!;
    g.started = h.started;
    g.waiting = h.waiting;
    g.nextWaveMs = h.nextWaveMs;
  });
  from.queues.forEach((q, i) => {
    if (q) {
      to.queues[i]!.backlog = q.backlog;
      to.queues[i]!.sent = q.sent;
    }
  });
}

/** How many users the caller's endpoints bring in a second, as the traffic model draws them. */
function usersPerSecond(run: Run, h: Herd): number {
  let rate = 0;
  for (const ep of h.entries) rate += ep.rate * (run.routeFactor.get(ep.idx) ?? 1);
  return rate * run.trafficFactor * (h.segment?.share ?? 1);
}

/**
 * Plays the coming tick's waves and the queues they leave, second by second: the waves the traffic model
 * then sends, and the wait each request to a flooded service meets. Runs before the tick's requests, with
 * the calls the last tick made still counted on the edges.
 */
export function herdsBeforeTick(run: Run, q: HerdQueues, t0: number, t1: number): void {
  q.waves = [];
  for (const queue of q.queues) {
    if (!queue) continue;
    const svc = queue.svc;
    // What the service serves anyway: the calls every caller made in the last tick, the herd's included.
    let reached = 0;
    for (const edge of run.sys.edges) if (edge.to === svc) reached += edge.reached;
    let cores = 0;
    for (const i of svc.active) cores += run.sys.instances[i]!.svc.spec.limits.cpu;
    queue.capacity = (cores * 1000) / queue.costMs;
    queue.tickStart = t0;
    const usual = Math.min(queue.capacity * 0.9, Math.max(0, reached - queue.sent) / (TICK_MS / 1000));
    queue.sent = 0;
    const herds = q.herds.filter((h) => h.e.edge!.to === svc);
    for (let s = 0; s < STEPS; s++) {
      const from = t0 + s * STEP_MS;
      let arrivals = usual * (STEP_MS / 1000);
      for (const h of herds) {
        const e = h.e;
        if (from + STEP_MS <= e.fromMs || from >= e.untilMs || from >= t1) continue;
        if (!h.started) {
          h.started = true;
          h.waiting = Math.max(0, usersPerSecond(run, h) * (h.outageMs / 1000) * e.severity);
        }
        if (h.waiting < 1 || h.nextWaveMs >= from + STEP_MS) continue;
        const size = Math.round(h.waiting);
        q.waves.push({ herd: h, atMs: Math.max(from, h.nextWaveMs), size });
        // Those served before their caller gives up are back; the rest wait for the next wave.
        const served = Math.min(size, Math.max(0, queue.timeoutS * queue.capacity - queue.backlog));
        h.waiting = (h.waiting - served) * (1 - GIVE_UP);
        h.nextWaveMs += HERD_RETRY_MS;
        arrivals += size;
        queue.sent += size;
      }
      queue.curve[s] = queue.backlog;
      queue.backlog = Math.min(
        queue.capacity * MAX_QUEUE_S,
        Math.max(0, queue.backlog + arrivals - queue.capacity * (STEP_MS / 1000)),
      );
    }
    queue.curve[STEPS] = queue.backlog;
    if (!run.healthOnly) queueLines(run, queue, t0);
  }
}

/** A flooded service says so: its queue, and how long the oldest request in it has waited. */
function queueLines(run: Run, queue: Queue, t0: number): void {
  let peak = 0;
  let at = 0;
  for (let s = 0; s <= STEPS; s++)
    if (queue.curve[s]! > peak) {
      peak = queue.curve[s]!;
      at = s;
    }
  const waitS = peak / queue.capacity;
  if (waitS < queue.timeoutS) return;
  const active = queue.svc.active;
  for (const i of active) {
    const inst = run.sys.instances[i]!;
    const t = t0 + at * STEP_MS + 1 + (inst.slot % 7) * 13;
    const message = `request queue full: ${Math.round(peak / active.length)} requests waiting, oldest ${waitS.toFixed(1)}s, callers give up after ${queue.timeoutS}s`;
    run.sink.push(run.streams[i]!, t, eventLine(run, inst, t, 'warn', message));
  }
}

/** Sends the tick's waves: each user of a wave calls in within the same second, through the caller's endpoints. */
export function herdArrivals(
  run: Run,
  q: HerdQueues,
  arrive: (ep: EpModel, at: number, seg: SegmentModel | undefined) => void,
): void {
  const rng = run.rng.traffic;
  for (const w of q.waves) {
    const entries = w.herd.entries;
    for (let k = 0; k < w.size; k++) {
      const ep = entries[k % entries.length]!;
      arrive(ep, w.atMs + rng.next() * STEP_MS, w.herd.segment);
    }
  }
}
