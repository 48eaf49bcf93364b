import type { Labels } from '../../world/labels.ts';
import type { MetricMetadata } from '../../world/metricStore.ts';
import { MetricStore } from '../../world/metricStore.ts';

/** Histogram bucket bounds in seconds (OpenTelemetry's default HTTP duration buckets). */
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const LE = [...BUCKETS.map(String), '+Inf'];
/** Before a writer's `coarseUntilMs`, one scrape in this many is stored: a minute apart at 15-second scrapes. */
export const COARSE_EVERY = 4;
/** Series written together when scrapes kept as rows go into their columns. */
const TILE = 64;
/** Scrapes kept as rows before they are written into the columns. */
const ROW_BATCH = 64;

/**
 * Accumulates metric series at a fixed scrape interval: a slot per series holds its current value, and
 * {@link sample} copies every slot into its column at each scrape. All series share one column of times,
 * so a sample costs 8 bytes.
 */
export class MetricWriter {
  private readonly labels: Labels[] = [];
  private readonly first: number[] = [];
  /** The scrape a series stopped at (its target went away), or undefined while it is scraped. */
  private readonly last: (number | undefined)[] = [];
  private readonly columns: Float64Array[] = [];
  private cur = new Float64Array(1024);
  /** Each histogram's first slot, then its number of buckets (+Inf included). */
  private readonly histograms: number[] = [];
  private readonly meta = new Map<string, MetricMetadata>();
  /** Scrape times: `startMs + k * stepMs` for k = 0..points-1. */
  times: Float64Array;
  /** Scrapes written so far. */
  private taken = 0;
  /** Scrapes taken but not yet written into the columns, from scrape `rowsFrom` on, and their widths. */
  private readonly rows: Float64Array[] = [];
  private readonly widths: number[] = [];
  private rowsFrom = 0;
  private readonly spare: Float64Array[] = [];
  /** Services (and queues) whose series are never stored: components nobody can see into. */
  private unseen: ReadonlySet<string> = new Set();
  /** Slots of series that are kept out of the store (see {@link hide}). */
  private readonly hidden = new Set<number>();
  /** Scrapes taken but not stored (the metrics pipeline was down), in order. */
  private readonly missed: number[] = [];

  /** Scrapes offered so far (see {@link scrape}), stored or not. */
  private offered = 0;

  /**
   * `points` scrapes `stepMs` apart from `startMs`; those before `coarseUntilMs` are stored one in
   * {@link COARSE_EVERY} only, as long-term storage keeps old samples further apart (a week of 15-second
   * scrapes would not fit a browser tab).
   */
  constructor(
    private readonly startMs: number,
    private readonly stepMs: number,
    points: number,
    private readonly coarseUntilMs = Number.NEGATIVE_INFINITY,
  ) {
    this.times = this.timesOf(points);
  }

  /** Whether scrape `k` (counted from the start) is stored. */
  private keeps(k: number): boolean {
    return k % COARSE_EVERY === 0 || this.startMs + k * this.stepMs >= this.coarseUntilMs;
  }

  /** The times of the stored scrapes among the first `points`. */
  private timesOf(points: number): Float64Array {
    const times: number[] = [];
    for (let k = 0; k < points; k++) if (this.keeps(k)) times.push(this.startMs + k * this.stepMs);
    return Float64Array.from(times);
  }

  /** Makes room for `points` scrapes in all (a run going on past its window); what was taken is kept. */
  grow(points: number): void {
    const times = this.timesOf(points);
    if (times.length <= this.times.length) return;
    this.writeRows();
    this.times = times;
    for (let s = 0; s < this.columns.length; s++) {
      const col = new Float64Array(times.length);
      col.set(this.columns[s]!);
      this.columns[s] = col;
    }
  }

  /**
   * The next scrape, every `stepMs`: stored by {@link sample}, or {@link miss}ed while the metrics
   * pipeline is down (`down`), unless it falls where only one in {@link COARSE_EVERY} is stored.
   */
  scrape(down = false): void {
    if (!this.keeps(this.offered++)) return;
    if (down) this.miss();
    else this.sample();
  }

  /** Declares a family's type and help, written as `# TYPE` and `# HELP`. */
  describe(name: string, meta: MetricMetadata): void {
    this.meta.set(name, meta);
  }

  /**
   * Keeps every series of these services (by their `service` or `queue` label) out of the store: they are
   * counted as any other, but nobody can see them.
   */
  hide(services: ReadonlySet<string>): void {
    this.unseen = services;
  }

  /**
   * Takes the next scrape without storing it: every series has a gap there, as when the metrics pipeline
   * is down. Counters go on counting, so the first scrape after the gap has their true value.
   */
  miss(): void {
    if (this.taken < this.times.length) this.missed.push(this.taken);
    this.sample();
  }

  /** A new series; it starts at the next scrape with `initial` as its value. */
  series(labels: Labels, initial = 0): number {
    const slot = this.labels.length;
    if (
      this.unseen.size > 0 &&
      (this.unseen.has(labels.service ?? '') || this.unseen.has(labels.queue ?? ''))
    )
      this.hidden.add(slot);
    this.labels.push(labels);
    this.first.push(this.taken);
    this.last.push(undefined);
    this.columns.push(new Float64Array(this.times.length));
    if (slot === this.cur.length) {
      const bigger = new Float64Array(slot * 2);
      bigger.set(this.cur);
      this.cur = bigger;
    }
    this.cur[slot] = initial;
    return slot;
  }

  /**
   * A histogram's series (a `_bucket` per bound, then `_sum` and `_count`); returns the first slot. Bucket
   * slots count observations per bucket, made cumulative when sampled. `bounds` are the buckets' upper
   * bounds, increasing; without them, {@link BUCKETS}.
   */
  histogram(name: string, labels: Labels, bounds?: readonly number[]): number {
    const base = this.labels.length;
    const le = bounds ? [...bounds.map(String), '+Inf'] : LE;
    for (const bound of le) this.series({ __name__: `${name}_bucket`, ...labels, le: bound });
    this.series({ __name__: `${name}_sum`, ...labels });
    this.series({ __name__: `${name}_count`, ...labels });
    this.histograms.push(base, le.length);
    return base;
  }

  /** Records one observation of `value` in a histogram made by {@link histogram} with these `bounds`. */
  observe(base: number, value: number, bounds: readonly number[]): void {
    let b = 0;
    while (b < bounds.length && value > bounds[b]!) b++;
    this.cur[base + b]! += 1;
    this.cur[base + bounds.length + 1]! += value;
    this.cur[base + bounds.length + 2]! += 1;
  }

  /**
   * Records one observation of `ms[i]` milliseconds in a histogram made by {@link histogram}. Read from
   * the array here: a fraction passed in would be boxed on the way, and the callers observe every span.
   */
  observeMs(base: number, ms: Float64Array, i: number): void {
    const seconds = ms[i]! / 1000;
    let b = 0;
    while (b < BUCKETS.length && seconds > BUCKETS[b]!) b++;
    this.cur[base + b]! += 1;
    this.cur[base + LE.length]! += seconds;
    this.cur[base + LE.length + 1]! += 1;
  }

  add(slot: number, v: number): void {
    this.cur[slot]! += v;
  }

  set(slot: number, v: number): void {
    this.cur[slot] = v;
  }

  get(slot: number): number {
    return this.cur[slot]!;
  }

  /**
   * Takes the next scrape: every series' current value at `times[k]`. The scrape is kept as one row (a
   * copy of the current values) and rows are written into the series' columns a batch at a time: a column
   * per series written a value at a time would touch a cache line per series at every scrape.
   */
  sample(): void {
    const k = this.taken;
    if (k >= this.times.length) return;
    const n = this.labels.length;
    let row = this.spare.pop();
    if (row === undefined || row.length < n) row = new Float64Array(this.cur.length);
    row.set(this.cur.subarray(0, n));
    const histograms = this.histograms;
    for (let h = 0; h < histograms.length; h += 2) {
      const base = histograms[h]!;
      const buckets = histograms[h + 1]!;
      let running = 0;
      for (let b = 0; b < buckets; b++) {
        running += row[base + b]!;
        row[base + b] = running;
      }
    }
    if (this.rows.length === 0) this.rowsFrom = k;
    this.rows.push(row);
    this.widths.push(n);
    this.taken = k + 1;
    if (this.rows.length === ROW_BATCH) this.writeRows();
  }

  /** Writes the scrapes kept as rows into the columns, a few dozen series at a time so rows stay in cache. */
  private writeRows(): void {
    const rows = this.rows;
    if (rows.length === 0) return;
    const widths = this.widths;
    const from = this.rowsFrom;
    const n = this.labels.length;
    for (let s0 = 0; s0 < n; s0 += TILE) {
      const s1 = Math.min(n, s0 + TILE);
      for (let s = s0; s < s1; s++) {
        const col = this.columns[s]!;
        for (let r = 0; r < rows.length; r++) {
          // A series made after this scrape has no value in it.
          if (s < widths[r]!) col[from + r] = rows[r]![s]!;
        }
      }
    }
    // The rows are used again for the next scrapes: their memory is already the process's.
    for (const row of rows) this.spare.push(row);
    rows.length = 0;
    widths.length = 0;
  }

  /**
   * Stops every series of an instance that went away (a pod replaced or scaled down): from the next scrape
   * on it has no samples, and goes stale as Prometheus' series do.
   */
  endInstance(instance: string): void {
    for (let s = 0; s < this.labels.length; s++)
      if (this.last[s] === undefined && this.labels[s]!.instance === instance) this.last[s] = this.taken;
  }

  /** Number of series. */
  get size(): number {
    return this.labels.length;
  }

  /** A store of every series up to the last scrape; columns are shared, not copied. */
  toStore(): MetricStore {
    this.writeRows();
    const store = new MetricStore();
    for (const [name, meta] of this.meta) store.describe(name, meta);
    // Series mostly share their first and last scrape: the scrapes kept between them are found once.
    const storedBy = new Map<number, number[]>();
    for (let s = 0; s < this.labels.length; s++) {
      const from = this.first[s]!;
      const to = Math.min(this.taken, this.last[s] ?? this.taken);
      if (from >= to || this.hidden.has(s)) continue;
      if (this.missed.length === 0)
        store.add(this.labels[s]!, this.times.subarray(from, to), this.columns[s]!.subarray(from, to));
      else {
        const span = from * this.times.length + to;
        let kept = storedBy.get(span);
        if (!kept) {
          kept = this.stored(from, to);
          storedBy.set(span, kept);
        }
        if (kept.length === 0) continue;
        const col = this.columns[s]!;
        store.add(
          this.labels[s]!,
          Float64Array.from(kept, (k) => this.times[k]!),
          Float64Array.from(kept, (k) => col[k]!),
        );
      }
    }
    return store;
  }

  /** The scrapes from `from` to `to` (excluded) that were stored. */
  private stored(from: number, to: number): number[] {
    const kept: number[] = [];
    let m = 0;
    for (let k = from; k < to; k++) {
      while (m < this.missed.length && this.missed[m]! < k) m++;
      if (this.missed[m] !== k) kept.push(k);
    }
    return kept;
  }
}
