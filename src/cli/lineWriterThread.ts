import { Worker } from 'node:worker_threads';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { EntryBatch } from '../engine/sim/telemetry/lineRecords.ts';
import type { LineWriter, WrittenLog } from '../engine/sim/telemetry/lineWriter.ts';
import type { BlockText, LogStoreParts } from '../engine/world/logStore.ts';

/** Messages from the writer thread. */
type Reply =
  | { readonly ready: true }
  | { readonly job: number; readonly from: number; readonly texts: readonly BlockText[] }
  | { readonly job: number; readonly parts: LogStoreParts }
  | { readonly job: number; readonly error: string };

/** A run's text so far and how it is waited for. */
interface Job {
  readonly blocks: BlockText[];
  /** Batches the thread has written. */
  written: number;
  wait?: { resolve: (log: WrittenLog) => void; reject: (e: Error) => void };
  /** What went wrong before the run asked for its log. */
  error?: Error;
}

/**
 * A worker thread that writes the log of runs on this thread (see `simulateWith`), kept for the life of
 * the command: `writer(scenario, seed)` starts a run's writer. Once loaded it holds the process open only
 * while a run waits for its log.
 *
 * @example
 * const thread = new LineWriterThread();
 * const world = await simulateWith(scenario, thread.writer);
 * await thread.close();
 */
export class LineWriterThread {
  /** Settles once the thread has loaded the engine. */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private jobs = 0;
  private readonly running = new Map<number, Job>();
  private failed: Error | undefined;

  constructor() {
    this.worker = new Worker(new URL('./lineWriterWorker.mjs', import.meta.url));
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', () => {
        this.worker.unref();
        resolve();
      });
      this.worker.once('error', reject);
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (m: Reply) => this.receive(m));
    this.worker.on('error', (err) => this.fail(new Error(`the log writer thread failed: ${err.message}`)));
    this.worker.on('exit', (code) =>
      this.fail(new Error(`the log writer thread stopped (exit code ${code})`)),
    );
  }

  /** A line writer for one run of `scenario` with `seed`. */
  readonly writer = (scenario: Scenario, seed: number): LineWriter => {
    const id = this.jobs++;
    const job: Job = { blocks: [], written: 0 };
    this.running.set(id, job);
    this.worker.postMessage({ job: id, scenario, seed });
    return {
      batch: (batch: EntryBatch) => {
        const { ts, streams, refs, flushes, records } = batch;
        const moved = [ts, streams, refs, flushes, records.u32, records.f64, records.requests];
        this.worker.postMessage(
          { job: id, batch },
          moved.map((a) => a.buffer as ArrayBuffer),
        );
      },
      settle: () => new Promise<void>((resolve) => setImmediate(resolve)),
      written: () => job.written,
      done: () =>
        new Promise<WrittenLog>((resolve, reject) => {
          const error = job.error ?? this.failed;
          if (error) return reject(error);
          job.wait = { resolve, reject };
          this.worker.ref();
          this.worker.postMessage({ job: id, done: true });
        }),
    };
  };

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private receive(m: Reply): void {
    if ('ready' in m) return;
    const job = this.running.get(m.job);
    if (!job) return;
    if ('texts' in m) {
      job.written++;
      if (m.from === job.blocks.length) job.blocks.push(...m.texts);
      else this.finish(m.job, new Error(`block ${m.from} came out of order`));
      return;
    }
    if ('error' in m) this.finish(m.job, new Error(`the log writer thread: ${m.error}`));
    else this.finish(m.job, { parts: m.parts, blocks: job.blocks });
  }

  /** Ends a job with its log or an error (kept for the run to find, if it is not waiting yet). */
  private finish(id: number, result: WrittenLog | Error): void {
    const job = this.running.get(id)!;
    this.running.delete(id);
    if (![...this.running.values()].some((j) => j.wait)) this.worker.unref();
    if (!(result instanceof Error)) job.wait?.resolve(result);
    else if (job.wait) job.wait.reject(result);
    else job.error = result;
  }

  private fail(err: Error): void {
    this.failed = err;
    for (const job of this.running.values()) job.wait?.reject(err);
    this.running.clear();
  }
}
