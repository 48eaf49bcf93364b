import type { InstModel, SvcModel } from '../model/model.ts';
import { hashString } from '../model/rng.ts';
import type { Run } from '../run.ts';
import { mix, PATH_VALUES, paramValues, pathPlace } from '../telemetry/requestPaths.ts';
import { eventLine } from '../telemetry/runtimeLines.ts';
import type { SegmentModel } from '../traffic/segments.ts';
import type { Effect } from './effects.ts';

/**
 * Data a destructive operation deletes: a job, script or migration goes through a slice of the data (a
 * tenant, a segment, a set of keys) and deletes it row by row, logging success for each; the database counts
 * the deletions; lookups of what is gone answer not found, fast. Stopping the job stops the deletions and
 * brings nothing back: the lost share stays until a restore, which brings back what the latest backup holds.
 * Its series and lines exist only in worlds with such a fault, so every other world stays as it was.
 *
 * The rows are the ones requests ask for: each place a request's path takes (see `pathPlace`) is a row of
 * the slice, deleted when the job reaches it, in an order of its own. A lookup of a deleted row answers not
 * found every time, and the job's line for that row names it as the path does (`host=k3x9a.sitely.example`),
 * so a 404's path leads to the line that deleted it. Most rows the job deletes are ones nobody asks for.
 */

/** Where one fault's deletions stand. */
interface Loss {
  /** Share of the slice's lookups that find nothing: deleted and not restored. */
  lost: number;
  /** Share of the slice the job has gone through. */
  progress: number;
  /** Rows the job has deleted, and a fraction of one carried to the next tick. */
  deleted: number;
  carry: number;
  /** Whether the job's last line (done, or interrupted) is written. */
  ended: boolean;
  /** Rows deleted when the job stopped, and when; NaN while it runs. */
  stoppedMs: number;
  rowsAtStop: number;
  /** Restores asked for, by when they are done; `back` is the share of the lost data they brought back. */
  restores: { doneMs: number; applied: boolean; lostBefore: number; back: number }[];
  /** The deletions counter of the table, and the background rate it keeps. */
  counter: number | undefined;
  /** The fault's id, hashed once: what each row's place in the job's order is drawn from. */
  readonly key: number;
  /** How far the job had gone when the last restore was done: rows it deleted before may be back. */
  restoredUpTo: number;
  /** The places of the slice in the order the job reaches them, and where each falls (0..1). */
  order: { readonly places: Int32Array; readonly at: Float64Array } | undefined;
  /** The next of them the job's lines name. */
  next: number;
  /** The stretch the job worked this tick, and how far it had gone before: it reaches rows in turn. */
  stretch: { from: number; to: number; before: number };
}

interface State {
  readonly losses: Map<number, Loss>;
}

const states = new WeakMap<Run, State>();

/** What a data-loss fault deletes from: its own store, or the first database its service calls. */
export function storeOf(run: Run, e: Effect): SvcModel | undefined {
  if (e.svc.spec.kind === 'database') return e.svc;
  return run.sys.edges.find((x) => x.from === e.svc && x.to.spec.kind === 'database')?.to;
}

/**
 * The table a lookup reads: in the statement the fault's route (else its service) sends to the store, the
 * name after FROM, UPDATE or INTO, or the last word (`SELECT sites`); else a word of the route.
 */
export function tableOf(run: Run, e: Effect): string {
  const store = storeOf(run, e);
  const statements =
    store === e.svc
      ? e.svc.spec.endpoints
          .filter((ep) => e.route === undefined || ep.route === e.route)
          .map((ep) => ep.route)
      : e.svc.spec.endpoints
          .filter((ep) => e.route === undefined || ep.route === e.route)
          .flatMap((ep) => (ep.calls ?? []).filter((c) => c.service === store?.id).map((c) => c.route));
  for (const st of statements) {
    const m = /\b(?:FROM|UPDATE|INTO)\s+"?([a-z_][a-z0-9_]*)/i.exec(st) ?? /([a-z_][a-z0-9_]*)\s*$/i.exec(st);
    if (m) return m[1]!.toLowerCase();
  }
  const path = (e.route ?? '').split(' ').at(-1) ?? '';
  const word = path.split('/').find((p) => /^[a-z][a-z_-]*$/.test(p) && !/^v\d+$/.test(p) && p !== 'api');
  return word ? word.replace(/-/g, '_') : 'records';
}

/** One of the table's rows in words: `sites` → `site`. */
function nounOf(table: string): string {
  return table.endsWith('ies') ? `${table.slice(0, -3)}y` : table.replace(/s$/, '');
}

/** The job's name, as its lines print it: the event that started it. */
function jobOf(e: Effect): string {
  return e.fault.trigger ?? 'maintenance';
}

/** The share of the deleted data a restore brings back: what the latest backup holds. */
function restorableOf(e: Effect): number {
  return e.fault.restorable ?? 1;
}

/** How long the job takes to go through the whole slice: 40 minutes at severity 0, 5 at severity 1. */
function paceMs(e: Effect): number {
  return (40 - 35 * e.severity) * 60_000;
}

/** Rows the job deletes a second. */
function rowsPerSecond(e: Effect): number {
  return 4 + 12 * e.severity;
}

/** The service the job runs in: the one its trigger names, else the fault's. */
export function jobServiceOf(run: Run, e: Effect): SvcModel {
  const ev = e.fault.trigger ? run.scenario.timeline.find((x) => x.id === e.fault.trigger) : undefined;
  return (ev?.service ? run.sys.byId.get(ev.service) : undefined) ?? e.svc;
}

/** The instance whose logs hold the job's lines. */
function jobHost(run: Run, e: Effect): InstModel | undefined {
  const idx = jobServiceOf(run, e).active[0];
  return idx === undefined ? undefined : run.sys.instances[idx];
}

/** Declares the deletions counter when a world has a data loss, and readies its state. */
export function setupDataLoss(run: Run): void {
  if (!run.effects.some((e) => e.kind === 'data-loss')) return;
  run.metrics.describe('pg_stat_user_tables_n_tup_del', {
    type: 'counter',
    help: 'Number of rows deleted.',
  });
  states.set(run, { losses: new Map() });
}

/** Brings a copy of a run (see `Run.fork`) to where the deletions and restores of `from` stand. */
export function copyDataLoss(from: Run, to: Run): void {
  const a = states.get(from);
  const b = states.get(to);
  if (!a || !b) return;
  for (const [k, v] of a.losses)
    b.losses.set(k, { ...v, counter: undefined, restores: v.restores.map((r) => ({ ...r })) });
}

function lossOf(state: State, e: Effect): Loss {
  let loss = state.losses.get(e.idx);
  if (!loss) {
    loss = {
      lost: 0,
      progress: 0,
      deleted: 0,
      carry: 0,
      ended: false,
      stoppedMs: Number.NaN,
      rowsAtStop: 0,
      restores: [],
      counter: undefined,
      key: hashString(e.fault.id),
      restoredUpTo: 0,
      order: undefined,
      next: 0,
      stretch: { from: 0, to: 0, before: 0 },
    };
    state.losses.set(e.idx, loss);
  }
  return loss;
}

/**
 * Runs at the start of a tick: the job deletes its share of the slice while it runs (logging each row),
 * restores that are done bring back what the backup holds, and the share of lookups that find nothing is
 * set for the requests to come.
 */
export function dataLossBeforeTick(run: Run, t0: number, t1: number): void {
  const state = states.get(run);
  if (!state) return;
  for (const e of run.effects) {
    if (e.kind !== 'data-loss') continue;
    const loss = lossOf(state, e);
    const target = e.fault.errorRate ?? 1;
    const from = Math.max(t0, e.fromMs);
    const to = Math.min(t1, e.untilMs);
    const host = jobHost(run, e);
    const table = tableOf(run, e);
    if (to > from && loss.progress < target) {
      if (loss.progress === 0 && host)
        line(run, host, e.fromMs, `[${jobOf(e)}] started: deleting ${table} rows matching the filter`);
      const share = Math.min(target - loss.progress, (target * (to - from)) / paceMs(e));
      const before = loss.progress;
      loss.progress += share;
      loss.stretch = { from, to, before };
      loss.lost = Math.min(1, loss.lost + share);
      // The job deletes at its pace for the part of the tick it still had rows to go through.
      const busyMs = (share / target) * paceMs(e);
      const rows = rowsPerSecond(e) * (busyMs / 1000);
      const whole = Math.floor(rows + loss.carry);
      loss.carry = rows + loss.carry - whole;
      if (host) itemLines(run, e, loss, host, table, whole, { from, to, before });
      loss.deleted += whole;
      if (loss.progress >= target - 1e-9 && host && !loss.ended) {
        loss.ended = true;
        loss.stoppedMs = to;
        loss.rowsAtStop = loss.deleted;
        line(run, host, to, `[${jobOf(e)}] done: ${loss.deleted} rows deleted from ${table}`);
      }
    } else if (!loss.ended && loss.progress > 0 && e.untilMs <= t1) {
      // Stopped before it went through the slice (killed, or its change undone): what it deleted stays.
      loss.ended = true;
      loss.stoppedMs = e.untilMs;
      loss.rowsAtStop = loss.deleted;
      if (host)
        line(
          run,
          host,
          Math.max(t0, e.untilMs),
          `[${jobOf(e)}] interrupted: stopped after deleting ${loss.deleted} rows from ${table}`,
        );
    }
    for (const r of loss.restores) {
      if (r.applied || r.doneMs >= t1) continue;
      r.applied = true;
      r.lostBefore = loss.lost;
      r.back = restorableOf(e);
      loss.lost *= 1 - r.back;
      loss.restoredUpTo = loss.progress;
      const store = storeOf(run, e);
      const inst = store?.active[0] === undefined ? undefined : run.sys.instances[store.active[0]];
      if (inst)
        line(
          run,
          inst,
          Math.max(t0, r.doneMs),
          `restore of ${table} from the latest backup finished: ${Math.round(loss.deleted * r.back)} of ${loss.deleted} deleted rows back`,
        );
    }
    e.errorRate = loss.lost;
    counter(run, e, loss, table, t1);
  }
}

/**
 * One success line per row the job deleted this tick, spread over its time: the rows requests ask for
 * where the job's order puts them, the others between. `span.before` is how far the job had gone.
 */
function itemLines(
  run: Run,
  e: Effect,
  loss: Loss,
  host: InstModel,
  table: string,
  rows: number,
  span: { readonly from: number; readonly to: number; readonly before: number },
): void {
  if (run.healthOnly) return;
  const { from, to, before } = span;
  const seg = e.segment ? run.scenario.traffic.segments.find((s) => s.id === e.segment) : undefined;
  const attrs = seg ? Object.entries(seg.attrs).map(([k, v]) => ` ${k}=${v}`) : [];
  const noun = nounOf(table);
  const ep = run.sys.endpoints.find((x) => x.svc === e.svc && x.route === e.route);
  const row = (place: number) => {
    const key = ep ? paramValues(ep, place, run.site.host) : [];
    const named = key.find(([name]) => name === 'id');
    const id = named ? '' : ` id=${10_000 + (hashString(`${e.fault.id}:${place}`) % 890_000)}`;
    return `[${jobOf(e)}] deleted ${noun}${id}${key.map(([k, v]) => ` ${k}=${v}`).join('')}${attrs.join('')}: ok`;
  };
  const order = orderOf(run, e, loss);
  const asked: number[] = [];
  while (loss.next < order.places.length && order.at[loss.next]! < loss.progress) asked.push(loss.next++);
  for (const k of asked) {
    const t = from + ((order.at[k]! - before) / (loss.progress - before)) * (to - from);
    line(run, host, Math.min(to, Math.max(from, t)), row(order.places[k]!));
  }
  // Rows nobody asks for: keyed beyond every place a request takes.
  const others = Math.max(0, rows - asked.length);
  for (let k = 0; k < others; k++)
    line(run, host, from + ((k + 0.5) * (to - from)) / others, row(UNASKED + loss.deleted + k));
}

/** Where the rows nobody asks for are numbered from: past every place a request takes. */
const UNASKED = 1 << 24;

/** Where a place of the slice falls in the job's order (0..1): its own, the same in every play. */
function positionOf(loss: Loss, place: number, salt: number): number {
  return mix(loss.key ^ Math.imul(place + 1, 0x9e3779b1) ^ salt) / 4_294_967_296;
}

/** The places of a fault's slice (its segment's, or every one), in the order the job reaches them. */
function orderOf(run: Run, e: Effect, loss: Loss): NonNullable<Loss['order']> {
  if (loss.order) return loss.order;
  const seg = e.segment === undefined ? undefined : run.segments.find((s) => s.id === e.segment);
  const first = seg ? seg.number * PATH_VALUES : 0;
  const count = seg ? PATH_VALUES : (run.segments.length + 1) * PATH_VALUES;
  const places = Array.from({ length: count }, (_, i) => first + i);
  const at = new Map(places.map((p) => [p, positionOf(loss, p, 0)]));
  places.sort((a, b) => at.get(a)! - at.get(b)!);
  loss.order = { places: Int32Array.from(places), at: Float64Array.from(places, (p) => at.get(p)!) };
  return loss.order;
}

/**
 * Whether the request being walked asks, at `t`, for a row the fault's job deleted and no restore brought
 * back: its place (see `pathPlace`) is one the job has reached, and, if a restore came after, one the
 * backup lacked. Draws nothing from the run's random streams.
 */
export function rowLost(run: Run, e: Effect, seg: SegmentModel | undefined, t: number): boolean {
  const loss = states.get(run)?.losses.get(e.idx);
  if (!loss || loss.progress === 0) return false;
  const place = pathPlace(run.request.words, seg);
  const at = positionOf(loss, place, 0);
  // Within the tick the job worked, it reaches its rows in turn, as its lines say.
  const { from, to, before } = loss.stretch;
  const reached =
    t >= to
      ? loss.progress
      : t <= from
        ? before
        : before + ((loss.progress - before) * (t - from)) / (to - from);
  if (at >= reached) return false;
  return !(at < loss.restoredUpTo && positionOf(loss, place, RESTORE_SALT) < restorableOf(e));
}

/** Mixed into a place's draw of whether the backup holds it. */
const RESTORE_SALT = 0x5bd1e995;

function line(run: Run, inst: InstModel, t: number, message: string): void {
  if (run.healthOnly) return;
  run.sink.push(run.streams[inst.idx]!, t, eventLine(run, inst, t, 'info', message));
}

/** The table's deletions counter on the database: a trickle of everyday deletes, and the job's rows. */
function counter(run: Run, e: Effect, loss: Loss, table: string, t1: number): void {
  if (run.healthOnly) return;
  const store = storeOf(run, e);
  const idx = store?.active[0];
  if (idx === undefined) return;
  const inst = run.sys.instances[idx]!;
  if (loss.counter === undefined)
    loss.counter = run.metrics.series({
      __name__: 'pg_stat_user_tables_n_tup_del',
      ...run.telemetry[inst.idx]!.labels,
      schemaname: 'public',
      relname: table,
    });
  // Everyday deletes: a row every twenty seconds or so, from before the window.
  const everyday = Math.floor(((t1 - run.sys.startMs) / 1000) * 0.05) + 1200;
  run.metrics.set(loss.counter, loss.deleted + everyday);
}

/**
 * Starts a restore of a database from its latest backup at `atMs`, done at `doneMs`: every data loss that
 * deleted from it gets back, once done, the share of its lost rows the backup holds. Returns how many
 * faults it acts on (none for a database that lost nothing, where the restore changes nothing).
 */
export function restoreData(run: Run, store: SvcModel, atMs: number, doneMs: number): number {
  const state = states.get(run);
  let n = 0;
  for (const e of run.effects) {
    if (e.kind !== 'data-loss' || storeOf(run, e) !== store || !state) continue;
    lossOf(state, e).restores.push({ doneMs, applied: false, lostBefore: 0, back: 0 });
    n++;
  }
  const idx = store.active[0];
  if (idx !== undefined)
    line(
      run,
      run.sys.instances[idx]!,
      atMs,
      `restore from the latest backup started: ${n > 0 ? 'copying the missing rows back' : 'no table differs from the backup'}`,
    );
  return n;
}

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/**
 * What an action did to data a destructive operation deleted, in words for the debrief: that the deletions
 * stopped and what they took stays gone, or how much a restore brought back. Undefined when the action
 * touched no lost data.
 */
export function damageNote(
  withIt: Run,
  without: Run,
  m: { readonly kind: string; readonly service?: string },
  doneMs: number,
): string | undefined {
  const a = states.get(withIt);
  const b = states.get(without);
  if (!a) return undefined;
  const notes: string[] = [];
  for (const e of withIt.effects) {
    if (e.kind !== 'data-loss') continue;
    const loss = a.losses.get(e.idx);
    if (!loss) continue;
    const noun = `${nounOf(tableOf(withIt, e))} rows`;
    const store = storeOf(withIt, e);
    const restore = loss.restores.find((r) => r.applied && r.doneMs === doneMs);
    if (m.kind === 'restore' && m.service === store?.id && restore) {
      const still = !(loss.stoppedMs <= doneMs);
      notes.push(
        `restore finished at ${hhmm(doneMs)}: ${Math.round(restore.back * 100)}% of the deleted ${noun} are back${restore.back < 1 ? ', the rest was deleted after the latest backup' : ''}${still ? '; the job was still deleting, so more went missing after it' : ''}`,
      );
      continue;
    }
    const other = b?.losses.get(e.idx);
    const stoppedHere =
      loss.stoppedMs <= doneMs + 15_000 && !(other !== undefined && other.stoppedMs <= doneMs + 15_000);
    if (stoppedHere && loss.rowsAtStop > 0 && loss.progress < (e.fault.errorRate ?? 1) - 1e-9)
      notes.push(
        `the deletions stopped at ${hhmm(loss.stoppedMs)}, but the ${loss.rowsAtStop} ${noun} already deleted stay gone until a restore`,
      );
  }
  return notes.length > 0 ? notes.join('; ') : undefined;
}
