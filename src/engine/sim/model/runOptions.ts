import type { LineWriter } from '../telemetry/lineWriter.ts';
import type { InstModel } from './model.ts';
import type { Rng, RngState } from './rng.ts';

/**
 * The random streams of a run, each forked by name so draws in one never shift another. A class, not an
 * object literal: V8 builds a literal's template the second time the literal runs, which loosens what its
 * fields are known to hold and throws away every compiled function that reads them (at the next run's start).
 */
export class RunRngs {
  readonly traffic: Rng;
  readonly latency: Rng;
  readonly outcomes: Rng;
  readonly ids: Rng;
  readonly noise: Rng;
  readonly res: Rng;
  readonly naming: Rng;

  constructor(root: Rng) {
    this.traffic = root.fork('traffic');
    this.latency = root.fork('latency');
    this.outcomes = root.fork('outcomes');
    this.ids = root.fork('ids');
    this.noise = root.fork('noise');
    this.res = root.fork('resources');
    this.naming = root.fork('instances');
  }
}

/** What a run writes besides what every run writes. */
export interface RunOptions {
  /**
   * Leave the log to this writer (on another thread): the run records its entries, plain success lines as
   * the numbers they are written from, and the writer writes the text and keeps the store, which the
   * run's store takes over at the end (see `simulateWith`).
   */
  readonly lineWriter?: LineWriter;
  /**
   * Keep only what users experienced (the health a mitigation is judged by): no log lines, traces or
   * metric samples past the window. The system plays out exactly as it would otherwise, but a run taken
   * hours past its window, to judge a slow fix, holds no more than one that stops at the window's end.
   */
  readonly healthOnly?: boolean;
  /**
   * Write no log line or trace before this time, as if the stores kept only what came after it (the
   * scenario's `observability` retention sets the same for a long window). Metrics and the model are those
   * of a full run: only text is left out, so a run asked about the last hours need not write days of it.
   */
  readonly detailFromMs?: number;
}

/** The state a run can be resumed from: where it is, its random streams and its instances' resources. */
export interface Checkpoint {
  readonly tick: number;
  readonly rng: Readonly<Record<string, RngState>>;
  readonly instances: readonly Readonly<InstModel>[];
}
