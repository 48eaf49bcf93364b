import { Worker } from 'node:worker_threads';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { LineRecords } from '../engine/sim/lineRecords.ts';
import type { LineWriter, WrittenBlock } from '../engine/sim/lineWriter.ts';
import { packEntries } from '../engine/sim/lineWriter.ts';

/** Messages from the writer thread. */
type Reply =
  | { readonly ready: true }
  | { readonly job: number; readonly b: number; readonly text: string; readonly starts: Uint32Array }
  | { readonly job: number; readonly done: true }
  | { readonly job: number; readonly error: string };

/**
 * A worker thread that writes log lines for runs on this thread (see `simulateWith`), kept for the life of
 * the command: `writer(scenario, seed)` starts a run's writer. Once loaded it holds the process open only
 * while a run waits for its text.
 *
 * @example
 * const thread = startLineWriterThread();
 * const world = await simulateWith(scenario, thread.writer);
 * await thread.close();
 */
export class LineWriterThread {
  /** Settles once the thread has loaded the engine. */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private jobs = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (b: WrittenBlock[]) => void; reject: (e: Error) => void }
  >();
  private readonly written = new Map<number, WrittenBlock[]>();
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
    const job = this.jobs++;
    this.written.set(job, []);
    this.worker.postMessage({ job, scenario, seed });
    return {
      block: (b: number, entries: readonly (string | number)[], records: LineRecords) => {
        const packed = packEntries(entries);
        this.worker.postMessage({ job, b, packed, records }, [
          packed.refs.buffer as ArrayBuffer,
          records.u32.buffer as ArrayBuffer,
          records.f64.buffer as ArrayBuffer,
          records.requests.buffer as ArrayBuffer,
        ]);
      },
      settle: () => new Promise<void>((resolve) => setImmediate(resolve)),
      done: () =>
        new Promise<WrittenBlock[]>((resolve, reject) => {
          if (this.failed) return reject(this.failed);
          this.waiting.set(job, { resolve, reject });
          this.worker.ref();
          this.worker.postMessage({ job, done: true });
        }),
    };
  };

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private receive(m: Reply): void {
    if ('ready' in m) return;
    if ('text' in m) {
      this.written.get(m.job)?.push({ b: m.b, text: m.text, starts: m.starts });
      return;
    }
    const wait = this.waiting.get(m.job);
    if (!wait) return;
    this.waiting.delete(m.job);
    if (this.waiting.size === 0) this.worker.unref();
    const blocks = this.written.get(m.job) ?? [];
    this.written.delete(m.job);
    if ('error' in m) wait.reject(new Error(`the log writer thread: ${m.error}`));
    else wait.resolve(blocks);
  }

  private fail(err: Error): void {
    this.failed = err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
