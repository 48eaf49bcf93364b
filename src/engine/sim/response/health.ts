import type { SpanBuffer } from '../traffic/spans.ts';
import { ERR_EFFECT, ERR_NONE } from '../traffic/spans.ts';

/** What users experienced in one stretch of time. */
export interface HealthWindow {
  readonly requests: number;
  /** Requests answered with a server error (5xx). */
  readonly failed: number;
  /** Requests turned away at the edge (429): failures a 5xx dashboard does not show. */
  readonly rejected: number;
  /** Requests that went wrong for their user in any way: failed, turned away, slow, wrong results. */
  readonly affected: number;
  /** Requests that took longer than a second. */
  readonly slow: number;
  readonly meanMs: number;
}

/**
 * The ground truth of how users fared, per tick of a run: every request entering the system, its outcome
 * and whether a fault touched it. It is never shown as telemetry; it is what a mitigation is judged by
 * (cleared, relieved, hidden, worse), so the judgement comes from the model and not from a script.
 */
export class RunHealth {
  private readonly cols: Record<
    'requests' | 'failed' | 'rejected' | 'affected' | 'slow' | 'durMs',
    number[]
  > = {
    requests: [],
    failed: [],
    rejected: [],
    affected: [],
    slow: [],
    durMs: [],
  };
  private cur = { requests: 0, failed: 0, rejected: 0, affected: 0, slow: 0, durMs: 0 };

  /**
   * Counts the request whose spans the buffer holds (the root span first). `nominalMs` is the entry
   * endpoint's usual latency: a request four times slower (and over a second) counts as harmed.
   */
  record(sp: SpanBuffer, nominalMs: number): void {
    const c = this.cur;
    const status = sp.status[0]!;
    const dur = sp.dur[0]!;
    c.requests++;
    c.durMs += dur;
    const slow = dur > Math.max(1000, 4 * nominalMs);
    if (slow) c.slow++;
    if (status >= 500) c.failed++;
    if (status === 429) c.rejected++;
    let touched = status >= 500 || status === 429 || slow;
    for (let i = 0; i < sp.n && !touched; i++)
      touched =
        sp.err[i] === ERR_EFFECT || (sp.err[i] === ERR_NONE && sp.effect[i]! >= 0) || sp.count[i] !== 1;
    if (touched) c.affected++;
  }

  /** Takes the ticks `other` has closed (and its open one) as its own, to go on from there. */
  copyFrom(other: RunHealth): void {
    for (const k of Object.keys(this.cols) as (keyof typeof this.cols)[]) {
      const col = this.cols[k];
      col.length = 0;
      for (const v of other.cols[k]) col.push(v);
    }
    Object.assign(this.cur, other.cur);
  }

  /** Closes the current tick. */
  close(): void {
    for (const k of Object.keys(this.cur) as (keyof typeof this.cur)[]) {
      this.cols[k].push(this.cur[k]);
      this.cur[k] = 0;
    }
  }

  /** Ticks closed so far. */
  get ticks(): number {
    return this.cols.requests.length;
  }

  /** Totals over ticks `[from, to)`. */
  window(from: number, to: number): HealthWindow {
    const sum = (col: readonly number[]) => {
      let t = 0;
      for (let i = Math.max(0, from); i < Math.min(to, col.length); i++) t += col[i]!;
      return t;
    };
    const requests = sum(this.cols.requests);
    return {
      requests,
      failed: sum(this.cols.failed),
      rejected: sum(this.cols.rejected),
      affected: sum(this.cols.affected),
      slow: sum(this.cols.slow),
      meanMs: requests > 0 ? sum(this.cols.durMs) / requests : 0,
    };
  }
}
