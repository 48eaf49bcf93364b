import { Worker } from 'node:worker_threads';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { LineRecords } from '../engine/sim/lineRecords.ts';
import type { LineWriter, PackedEntries, WrittenBlock } from '../engine/sim/lineWriter.ts';
import { packEntries } from '../engine/sim/lineWriter.ts';

/** Messages from the writer thread. */
/** Blocks of log lines sent to the writer thread in one message. */
const BLOCKS_PER_MESSAGE = 8;

type Reply =
  | { readonly ready: true }
  | { readonly job: number; readonly written: readonly WrittenBlock[] }
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
    // Blocks go a few at a time: a message costs about as much to send as a block's records.
    let blocks: { b: number; packed: PackedEntries; records: LineRecords }[] = [];
    let transfer: ArrayBuffer[] = [];
    const send = () => {
      if (blocks.length === 0) return;
      this.worker.postMessage({ job, blocks }, transfer);
      blocks = [];
      transfer = [];
    };
    return {
      block: (b: number, entries: readonly (string | number)[], records: LineRecords) => {
        const packed = packEntries(entries);
        blocks.push({ b, packed, records });
        for (const a of [packed.refs, records.u32, records.f64, records.requests])
          transfer.push(a.buffer as ArrayBuffer);
        if (blocks.length === BLOCKS_PER_MESSAGE) send();
      },
      settle: () => {
        send();
        return new Promise<void>((resolve) => setImmediate(resolve));
      },
      done: () =>
        new Promise<WrittenBlock[]>((resolve, reject) => {
          send();
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
    if ('written' in m) {
      this.written.get(m.job)?.push(...m.written);
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
