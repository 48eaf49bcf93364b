import { stepStartMs } from '../../scenario/metricRefs.ts';
import type { DeclaredMetric } from '../../scenario/metricSchema.ts';
import { parseDuration, parseTimestamp } from '../../scenario/units.ts';
import type { Labels } from '../../world/labels.ts';
import type { Effect } from '../faults/effects.ts';
import { actsOn } from '../faults/effects.ts';
import type { EpModel, InstModel, SvcModel } from '../model/model.ts';
import type { Run } from '../run.ts';
import { TICK_MS } from '../run.ts';
import { BUCKETS } from './metricWriter.ts';

/**
 * The metrics a scenario declares under `metrics`: per instance of their service, driven by the successful
 * requests of a route or by a value over time (steps), and changed by the faults that name them. A world
 * that declares none writes nothing here.
 */

/** A fault's hold on a declared metric. */
interface Driver {
  readonly effect: Effect;
  readonly set: number | undefined;
  readonly factor: number;
  readonly overMs: number;
  /** The fault is on the metric's own service: it changes only the instances it acts on. */
  readonly sameService: boolean;
}

interface Declared {
  readonly idx: number;
  readonly spec: DeclaredMetric;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly svc: SvcModel;
  readonly byRoute: boolean;
  /** The series' labels besides the instance's: its own, after the name. */
  readonly labels: Labels;
  /** Declarations that make the same series (a name on several routes) share their slots: this is the key. */
  readonly key: string;
  readonly steps: readonly { readonly atMs: number; readonly value: number }[];
  readonly drivers: readonly Driver[];
  readonly bounds: readonly number[];
  /** The value on each instance (by index) at this tick's scrape. */
  readonly now: number[];
  /** The series of each instance (the first slot of a histogram), when made. */
  readonly slots: Map<number, number>;
  /** Per instance: successful requests this tick (a route's gauge), or observations so far (a histogram). */
  readonly seen: number[];
}

interface State {
  readonly declared: readonly Declared[];
  /** Counter slots of requests: by series key, then instance, then user segment. */
  readonly counters: Map<string, Map<number, Map<string, number>>>;
}

const states = new WeakMap<Run, State>();

/** A log-normal spread of a histogram's observations around their median `value`. */
const SPREAD = 0.3;

/** Declares the families, links route-driven metrics to their endpoints and compiles steps and faults. */
export function setupDeclaredMetrics(run: Run): void {
  const eventTimes = new Map(run.scenario.timeline.map((e) => [e.id, parseTimestamp(e.at)!]));
  const declared = run.scenario.metrics.map((spec, idx): Declared => {
    const type = spec.type ?? 'counter';
    run.metrics.describe(spec.name, { type, help: spec.help });
    const svc = run.sys.byId.get(spec.service)!;
    if (spec.route !== undefined) svc.endpoints.find((e) => e.route === spec.route)!.counters.push(idx);
    const labels: Labels = { ...spec.labels };
    return {
      idx,
      spec,
      type,
      svc,
      byRoute: spec.route !== undefined,
      labels,
      key: `${spec.name}${JSON.stringify(labels)}`,
      steps: (spec.steps ?? [])
        .map((s) => ({ atMs: stepStartMs(s, eventTimes), value: s.value }))
        .sort((a, b) => a.atMs - b.atMs),
      drivers: run.effects.flatMap((effect) =>
        (effect.fault.metrics ?? [])
          .filter(
            (m) =>
              m.name === spec.name &&
              Object.entries(m.labels ?? {}).every(([k, v]) => spec.labels?.[k] === v),
          )
          .map((m) => ({
            effect,
            set: m.set,
            factor: m.factor ?? 1,
            overMs: m.over ? parseDuration(m.over)! : 0,
            sameService: effect.fault.service === spec.service,
          })),
      ),
      bounds: spec.buckets ?? BUCKETS,
      now: [],
      slots: new Map(),
      seen: [],
    };
  });
  states.set(run, { declared, counters: new Map() });
}

/**
 * The value of a declared metric on an instance at `t`: its `value`, the last step started, then each
 * fault in force on the instance (in the order the faults are written), ramped over its `over`.
 */
function declaredValueAt(d: Declared, inst: InstModel, t: number): number {
  let v = d.spec.value ?? 1;
  for (const step of d.steps) if (step.atMs <= t) v = step.value;
  for (const driver of d.drivers) {
    const e = driver.effect;
    if (t < e.fromMs || t >= e.untilMs) continue;
    if (driver.sameService && (!actsOn(e, inst) || (e.hosts !== undefined && !e.hosts.has(inst.idx))))
      continue;
    const target = driver.set ?? v * driver.factor;
    const progress = driver.overMs > 0 ? Math.min(1, (t - e.fromMs) / driver.overMs) : 1;
    v += (target - v) * progress;
  }
  return v;
}

/** Makes the series a new instance exposes from its start: every declared gauge and counter but a route's counters. */
export function declaredInstanceStarted(run: Run, inst: InstModel, t: number): void {
  const state = states.get(run);
  if (!state) return;
  const at = Number.isNaN(t) ? run.sys.startMs : t;
  for (const d of state.declared) {
    if (d.svc !== inst.svc || d.slots.has(inst.idx)) continue;
    if (d.type === 'histogram' || (d.byRoute && d.type === 'counter')) continue;
    const initial = d.type === 'gauge' && !d.byRoute ? declaredValueAt(d, inst, at) : 0;
    d.slots.set(inst.idx, run.metrics.series(seriesLabels(run, d, inst), initial));
  }
}

/** Sets each metric's value for the tick ending at `t1`; a counter not driven by requests grows by it per second. */
export function declaredBeforeTick(run: Run, t0: number, t1: number): void {
  const state = states.get(run);
  if (!state) return;
  for (const d of state.declared) {
    for (const idx of d.svc.active) {
      const inst = run.sys.instances[idx]!;
      const v = declaredValueAt(d, inst, t1);
      d.now[idx] = v;
      const slot = d.slots.get(idx);
      if (slot === undefined || d.byRoute) continue;
      if (d.type === 'counter') run.metrics.add(slot, (v * (t1 - t0)) / 1000);
      else run.metrics.set(slot, v);
    }
  }
}

/** A gauge driven by a route shows its value times the requests per second the tick's scrape saw. */
export function declaredAfterTick(run: Run, t0: number, t1: number): void {
  const state = states.get(run);
  if (!state) return;
  for (const d of state.declared) {
    if (!d.byRoute || d.type !== 'gauge') continue;
    for (const [idx, slot] of d.slots) {
      run.metrics.set(slot, ((d.now[idx] ?? 0) * (d.seen[idx] ?? 0)) / ((t1 - t0) / 1000));
      d.seen[idx] = 0;
    }
  }
}

/**
 * Counts a successful request (span `i`) in the metrics its route drives. A fault's `counter` multiplies
 * the counter it names, and only that one.
 */
export function countRequest(run: Run, i: number, inst: InstModel, ep: EpModel, segment: string): void {
  const state = states.get(run)!;
  const sp = run.spans;
  const m = run.metrics;
  const by = sp.countBy[i]!;
  const named = by >= 0 ? run.effects[by]!.counter!.name : '';
  for (const c of ep.counters) {
    const d = state.declared[c]!;
    let v = d.now[inst.idx];
    // An instance started during this tick has no value yet: it takes the one the tick ends with.
    if (v === undefined) {
      v = declaredValueAt(d, inst, run.nowMs + TICK_MS);
      d.now[inst.idx] = v;
    }
    if (d.type === 'counter') {
      const times = named === '' || named === d.spec.name ? sp.count[i]! : 1;
      m.add(counterSlot(run, state, d, inst, segment), times * v);
    } else if (d.type === 'gauge') {
      if (!d.slots.has(inst.idx)) d.slots.set(inst.idx, m.series(seriesLabels(run, d, inst)));
      d.seen[inst.idx] = (d.seen[inst.idx] ?? 0) + 1;
    } else {
      let base = d.slots.get(inst.idx);
      if (base === undefined) {
        const { __name__: name, ...labels } = seriesLabels(run, d, inst);
        base = m.histogram(name!, labels, d.bounds);
        d.slots.set(inst.idx, base);
      }
      const n = (d.seen[inst.idx] ?? 0) + 1;
      d.seen[inst.idx] = n;
      m.observe(base, v > 0 ? v * Math.exp(SPREAD * normal(d.idx, inst.idx, n)) : v, d.bounds);
    }
  }
}

function seriesLabels(run: Run, d: Declared, inst: InstModel): Labels {
  return { __name__: d.spec.name, ...run.telemetry[inst.idx]!.labels, ...d.labels };
}

/** A request counter's series on an instance for a user segment, made the first time one counts there. */
function counterSlot(run: Run, state: State, d: Declared, inst: InstModel, segment: string): number {
  let byInst = state.counters.get(d.key);
  if (byInst === undefined) {
    byInst = new Map();
    state.counters.set(d.key, byInst);
  }
  let bySegment = byInst.get(inst.idx);
  if (bySegment === undefined) {
    bySegment = new Map();
    byInst.set(inst.idx, bySegment);
  }
  let slot = bySegment.get(segment);
  if (slot === undefined) {
    slot = run.metrics.series({ ...seriesLabels(run, d, inst), segment: segment || 'default' });
    bySegment.set(segment, slot);
  }
  return slot;
}

/**
 * A standard normal draw that depends only on its arguments: observations must not draw from the run's
 * random streams, or declaring a histogram would change every other signal.
 */
function normal(a: number, b: number, n: number): number {
  const u1 = unit(a, b, n, 1);
  const u2 = unit(a, b, n, 2);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A number in (0, 1) hashed from four integers. */
function unit(a: number, b: number, c: number, d: number): number {
  let h = 2166136261;
  for (const x of [a, b, c, d]) h = Math.imul(h ^ x, 16777619);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return ((h >>> 0) + 0.5) / 4294967296;
}
