import type { InstModel, SvcModel } from '../model/model.ts';
import type { Run } from '../run.ts';
import { eventLine } from '../telemetry/runtimeLines.ts';
import type { Effect } from './effects.ts';

/**
 * A database split in two: before the fault, one region's instance is the primary and every region writes
 * to it (the others replicate from it); from the fault on, the instance in the fault's region was promoted
 * while the old primary kept its writes, so each side's writes land on its own primary, replication stops,
 * and once the partition has healed the rows both sides changed conflict. Its series exist only in worlds
 * with such a fault, so every other world stays as it was.
 */

/** How long after the split the partition heals and replication meets the rows both sides wrote. */
const HEAL_MS = 45_000;

/** One split database, as the tick loop keeps it. */
interface Split {
  readonly e: Effect;
  /** The region whose primary took the writes before the split. */
  readonly primaryRegion: string;
  /** Whether the split is in force: the writes of the fault's region go to its own instance. */
  on: boolean;
  /** When the split began, or NaN before it. */
  sinceMs: number;
  /** Rows found in conflict so far, a number that goes on from one line to the next. */
  rows: number;
  readonly slots: Map<string, number>;
}

const splits = new WeakMap<Run, Split[]>();

/** The first region of a database that is not the promoted one: where its primary ran before the split. */
function primaryRegionOf(e: Effect): string {
  return e.svc.spec.regions.find((r) => r !== e.fault.region) ?? e.svc.spec.regions[0] ?? '';
}

/** The serving instance of a database in a region: its primary there. */
function primaryIn(run: Run, svc: SvcModel, region: string): InstModel | undefined {
  for (const i of svc.active) if (run.sys.instances[i]!.region === region) return run.sys.instances[i]!;
  return undefined;
}

/** The regions whose callers write to a service. */
function callerRegions(run: Run, svc: SvcModel): string[] {
  const regions = new Set<string>();
  for (const edge of run.sys.edges)
    if (edge.to === svc) for (const r of edge.from.spec.regions) regions.add(r);
  return [...regions];
}

/**
 * Declares the replication series of split databases and points every region's writes at the primary, as
 * they go before the split (a failover of the timeline may move them later).
 */
export function setupSplitBrain(run: Run): void {
  const list: Split[] = [];
  for (const e of run.effects) {
    if (e.kind !== 'split-brain') continue;
    const primaryRegion = primaryRegionOf(e);
    for (const region of callerRegions(run, e.svc))
      if (region !== primaryRegion)
        run.callRoutes.push({ svc: e.svc.idx, ep: -1, writes: true, region, to: primaryRegion });
    list.push({ e, primaryRegion, on: false, sinceMs: Number.NaN, rows: 0, slots: new Map() });
  }
  if (list.length === 0) return;
  const d = (name: string, type: 'counter' | 'gauge', help: string) =>
    run.metrics.describe(name, { type, help });
  d('pg_replication_is_replica', 'gauge', 'Whether the server is a replica (1) or a primary (0).');
  d('pg_replication_streaming', 'gauge', 'Whether WAL streams between this server and its peer (1 = yes).');
  d('pg_replication_lag_seconds', 'gauge', 'How far this replica is behind its primary, in seconds.');
  d('pg_replication_conflicts', 'counter', 'Rows changed on both sides that replication could not apply.');
  splits.set(run, list);
}

/** Brings a copy of a run (see `Run.fork`) to the state its split databases have reached. */
export function copySplitBrain(from: Run, to: Run): void {
  const a = splits.get(from);
  const b = splits.get(to);
  if (!a || !b) return;
  a.forEach((s, i) => {
    const own = b[i]!;
    own.on = s.on;
    own.sinceMs = s.sinceMs;
    own.rows = s.rows;
  });
}

/**
 * Runs at the start of a tick: moves the promoted region's writes to its own primary when the split begins
 * (and back when it ends), writes the replication gauges and the lines both primaries and the callers log.
 */
export function splitBrainBeforeTick(run: Run, t0: number, t1: number): void {
  const list = splits.get(run);
  if (!list) return;
  for (const split of list) {
    const { e } = split;
    const region = e.fault.region ?? '';
    const inForce = e.fromMs < t1 && e.untilMs > t0;
    if (inForce !== split.on) {
      split.on = inForce;
      run.callRoutes.push({
        svc: e.svc.idx,
        ep: -1,
        writes: true,
        region,
        to: inForce ? region : split.primaryRegion,
      });
      if (inForce) {
        split.sinceMs = Math.max(e.fromMs, t0);
        splitLines(run, split, split.sinceMs);
      }
    }
    gauges(run, split, t1);
    const healed = split.on && t0 >= split.sinceMs + HEAL_MS;
    if (healed) conflicts(run, split, t0);
    else if (split.on && run.tick % 4 === 0) accepting(run, split, t0);
  }
}

/** Each instance's series of a split database, created the first time. */
function series(run: Run, split: Split, inst: InstModel, name: string): number {
  const key = `${inst.idx}:${name}`;
  let slot = split.slots.get(key);
  if (slot === undefined) {
    slot = run.metrics.series({ __name__: name, ...run.telemetry[inst.idx]!.labels });
    split.slots.set(key, slot);
  }
  return slot;
}

/**
 * Who is a replica, whether WAL streams and how far behind the replicas are: all moved by the split. Once
 * the two sides have diverged replication does not start again by itself, even when one primary is left.
 */
function gauges(run: Run, split: Split, t1: number): void {
  const svc = split.e.svc;
  const diverged = !Number.isNaN(split.sinceMs);
  for (const i of svc.active) {
    const inst = run.sys.instances[i]!;
    const replica =
      inst.region !== split.primaryRegion && !(split.on && inst.region === split.e.fault.region);
    run.metrics.set(series(run, split, inst, 'pg_replication_is_replica'), replica ? 1 : 0);
    run.metrics.set(series(run, split, inst, 'pg_replication_streaming'), diverged ? 0 : 1);
    // Streaming, a replica is a fraction of a second behind; stopped, it falls behind by the clock.
    const lag = inst.region === split.primaryRegion ? 0 : diverged ? (t1 - split.sinceMs) / 1000 : 0.2;
    run.metrics.set(series(run, split, inst, 'pg_replication_lag_seconds'), lag);
  }
}

/** The table a split database's writes go to: the last word of its first write statement. */
function tableOf(svc: SvcModel): string {
  const route = svc.endpoints.find((ep) => ep.write)?.route ?? svc.endpoints[0]?.route ?? '';
  return /(\w+)\s*$/.exec(route)?.[1] ?? 'data';
}

/** What each side logs when the split begins: the old primary loses its replica, the other is promoted. */
function splitLines(run: Run, split: Split, t: number): void {
  const svc = split.e.svc;
  const old = primaryIn(run, svc, split.primaryRegion);
  const promoted = primaryIn(run, svc, split.e.fault.region ?? '');
  if (old) {
    const at = t + 120;
    run.sink.push(
      run.streams[old.idx]!,
      at,
      eventLine(run, old, at, 'info', 'terminating walsender process due to replication timeout'),
    );
  }
  if (promoted) {
    const at = t + 80;
    run.sink.push(
      run.streams[promoted.idx]!,
      at,
      eventLine(
        run,
        promoted,
        at,
        'fatal',
        'could not receive data from WAL stream: server closed the connection unexpectedly',
      ),
    );
  }
  accepting(run, split, t + 400);
}

/** Both sides say they are the primary and take writes. */
function accepting(run: Run, split: Split, t: number): void {
  const svc = split.e.svc;
  for (const region of [split.primaryRegion, split.e.fault.region ?? '']) {
    const inst = primaryIn(run, svc, region);
    if (!inst) continue;
    const timeline = region === split.primaryRegion ? 1 : 2;
    run.sink.push(
      run.streams[inst.idx]!,
      t,
      eventLine(
        run,
        inst,
        t,
        'info',
        `running as primary on timeline ${timeline}: accepting writes, no standby connected`,
      ),
    );
  }
}

/**
 * Once the partition has healed, each side tries to apply the other's changes and meets rows both wrote:
 * it logs the conflict with both versions and counts it, and callers that read a row back from the other
 * side see an older version than the one their user saved.
 */
function conflicts(run: Run, split: Split, t0: number): void {
  const { e } = split;
  const svc = e.svc;
  const table = tableOf(svc);
  let writes = 0;
  for (const edge of run.sys.edges) if (edge.to === svc) writes += edge.calls;
  const perSide = Math.max(1, Math.round(writes * 0.01 * (0.5 + e.severity)));
  const sides = [split.primaryRegion, e.fault.region ?? ''];
  sides.forEach((region, k) => {
    const inst = primaryIn(run, svc, region);
    if (!inst) return;
    run.metrics.add(series(run, split, inst, 'pg_replication_conflicts_total'), perSide);
    const peer = primaryIn(run, svc, sides[1 - k]!);
    for (let n = 0; n < Math.min(perSide, 3); n++) {
      split.rows++;
      const id = 48_000 + ((split.rows * 7919) % 9000);
      const local = 12 + (split.rows % 5);
      const t = t0 + 900 + n * 3100 + k * 500;
      run.sink.push(
        run.streams[inst.idx]!,
        t,
        `${eventLine(run, inst, t, 'info', `conflict detected on relation "public.${table}": conflict=update_origin_differs`)}\n${eventLine(run, inst, t, 'info', `DETAIL:  Row with id=${id} was modified locally (version ${local}); the change from ${peer?.name ?? 'its peer'} (version ${local - 1 - (split.rows % 2)}) was not applied.`).replace('LOG:  ', '')}`,
      );
    }
  });
  flippedReads(run, split, t0, table);
}

/** Callers that read a row their user just saved from the other side get the older version back. */
function flippedReads(run: Run, split: Split, t0: number, table: string): void {
  const svc = split.e.svc;
  const noun = table.replace(/s$/, '');
  for (const edge of run.sys.edges) {
    if (edge.to !== svc || !edge.from.instrumented) continue;
    for (const i of edge.from.active) {
      const inst = run.sys.instances[i]!;
      if (inst.region === '' || (inst.slot + run.tick) % 2 === 1) continue;
      const id = 48_000 + (((split.rows + inst.idx) * 7919) % 9000);
      const t = t0 + 2200 + inst.slot * 700;
      run.sink.push(
        run.streams[inst.idx]!,
        t,
        eventLine(
          run,
          inst,
          t,
          'warn',
          `${noun} ${id} read back at version ${11 + (id % 4)} after version ${13 + (id % 4)} was saved`,
        ),
      );
    }
  }
}
