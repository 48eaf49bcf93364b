import type { EpModel, InstModel } from '../model/model.ts';
import { hotKeyOf, hotShardOf, shardOf } from '../model/shards.ts';
import type { Run, SegmentModel } from '../run.ts';
import { CLIENT } from '../traffic/spans.ts';
import type { Effect } from './effects.ts';

/**
 * One key of a sharded store that everybody's operations (or one tenant's) suddenly share: they all land
 * on the shard holding it, whose CPU, operations and latency climb far above the other shards' while the
 * store's totals move little; they queue behind each other on the key, so the slowest time out in their
 * callers, and every one of them names the same key.
 */

/** What a hot-key fault keeps from tick to tick. */
interface HotKey {
  readonly shard: number;
  /** Operations on the key in the tick under way, and how long the fault was in force during it. */
  ops: number;
  activeMs: number;
  /** Operations a millisecond when it first ran; what each one costs the shard's CPU, in ms, from then. */
  baseline: number;
  costMs: number;
  /** How busy the key is against its first tick: a rate limit cools it, a busier hour heats it. */
  heat: number;
}

const states = new WeakMap<Run, Map<number, HotKey>>();

/** Readies the state of the run's hot-key faults, if it has any. */
export function setupHotKeys(run: Run): void {
  const hot = run.effects.filter((e) => e.kind === 'hot-key');
  if (hot.length === 0) return;
  const map = new Map<number, HotKey>();
  for (const e of hot)
    map.set(e.idx, {
      shard: hotShardOf(e.fault, e.svc.spec),
      ops: 0,
      activeMs: 0,
      baseline: 0,
      costMs: 0,
      heat: 1,
    });
  states.set(run, map);
}

/** Brings a copy of a run (see `Run.fork`) to where `from`'s hot keys are. */
export function copyHotKeys(from: Run, to: Run): void {
  const a = states.get(from);
  const b = states.get(to);
  if (!a || !b) return;
  for (const [k, v] of a) b.set(k, { ...v });
}

/**
 * Runs at the start of a tick: the first tick a fault was in force fixes what an operation on its key
 * costs, so that the key alone takes most of its shard's CPU (more with severity); later ticks compare
 * their rate with that one.
 */
export function hotKeysBeforeTick(run: Run, t0: number, t1: number): void {
  const map = states.get(run);
  if (!map) return;
  for (const e of run.effects) {
    const st = map.get(e.idx);
    if (!st) continue;
    if (st.ops > 0 && st.activeMs > 0) {
      const rate = st.ops / st.activeMs;
      if (st.baseline === 0) {
        st.baseline = rate;
        st.costMs = ((0.55 + 0.4 * e.severity) * e.svc.spec.limits.cpu) / rate;
      }
      st.heat = Math.min(2, rate / st.baseline);
    }
    st.ops = 0;
    st.activeMs = Math.max(0, Math.min(t1, e.untilMs) - Math.max(t0, e.fromMs));
  }
}

/**
 * The instance a call to a store goes to: the one drawn, unless the operation is on a hot key, which lives
 * on one shard. A shard with no serving instance (drained) has handed its keys to the next one that serves.
 */
export function shardTarget(
  run: Run,
  callee: EpModel,
  seg: SegmentModel | undefined,
  t: number,
  drawn: InstModel | undefined,
): InstModel | undefined {
  const map = states.get(run);
  if (!map || drawn === undefined) return drawn;
  const effects = run.svcEffects[callee.svc.idx]!;
  for (let i = 0; i < effects.length; i++) {
    const e = effects[i]!;
    if (e.kind !== 'hot-key' || t < e.fromMs || t >= e.untilMs) continue;
    if (e.route !== undefined && e.route !== callee.route) continue;
    if (e.segment !== undefined && e.segment !== seg?.id) continue;
    return holderOf(run, e, map.get(e.idx)!.shard, drawn);
  }
  return drawn;
}

/** An instance serving the shard (or, with none, the nearest shard after it that has one). */
function holderOf(run: Run, e: Effect, shard: number, drawn: InstModel): InstModel {
  const n = e.svc.spec.shards ?? 1;
  let best: InstModel[] = [];
  let bestGap = n;
  for (const i of e.svc.active) {
    const inst = run.sys.instances[i]!;
    const gap = (shardOf(inst) - shard + n) % n;
    if (gap < bestGap) {
      bestGap = gap;
      best = [inst];
    } else if (gap === bestGap) best.push(inst);
  }
  // Copies of one shard share its keys' reads: the draw already made picks among them.
  return best.length === 0 ? drawn : best[drawn.slot % best.length]!;
}

/**
 * An operation on the hot key, served by `inst` as span `s`: it costs the shard CPU, waits its turn on the
 * key (from nothing to twice the mean, longer when the key runs hotter) and marks its span and the
 * caller's with the key. Returns the milliseconds it waited.
 */
export function hotKeyOp(run: Run, e: Effect, inst: InstModel, s: number, strength: number): number {
  const st = states.get(run)?.get(e.idx);
  if (!st) return 0;
  st.ops++;
  inst.busyMs += st.costMs * strength;
  const sp = run.spans;
  if (sp.effect[s]! < 0) sp.effect[s] = e.idx;
  const parent = sp.parent[s]!;
  if (parent >= 0 && sp.kind[parent] === CLIENT && sp.effect[parent]! < 0) sp.effect[parent] = e.idx;
  return e.addMs * 2 * run.rng.outcomes.next() * strength * st.heat;
}

/**
 * How PostgreSQL logs a slow operation on the hot key: the statement with its parameter, then the value
 * bound to it, as `log_min_duration_statement` writes an extended-protocol statement.
 */
export function hotKeyStatement(run: Run, span: number, route: string): string | undefined {
  const effect = run.spans.effect[span]!;
  const e = effect >= 0 ? run.effects[effect] : undefined;
  if (e?.kind !== 'hot-key') return undefined;
  return `execute <unnamed>: ${route} WHERE key = $1\nDETAIL:  parameters: $1 = '${hotKeyOf(e.fault)}'`;
}
