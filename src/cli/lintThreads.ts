import type { MessagePort } from 'node:worker_threads';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { LintOptions, LintReport } from '../engine/scenario/lint/lintScenario.ts';
import { finishLint, lintScenarioText, lintWritten } from '../engine/scenario/lint/lintScenario.ts';
import type { LintTask, LintTaskResult, MitigationReplay } from '../engine/scenario/lint/lintTasks.ts';
import { lintTasks, runLintTask } from '../engine/scenario/lint/lintTasks.ts';
import { loadScenario } from '../engine/scenario/load.ts';

/** What a lint thread answers for a job: the tasks it ran, or why it stopped. */
interface Reply {
  readonly job: number;
  readonly results?: readonly (readonly [number, LintTaskResult])[];
  readonly error?: string;
}

/** The two words the threads share for a job: the next task to claim, and whether `replay` was sent. */
const NEXT = 0;
const REPLAYED = 1;

/**
 * Lints scenario files the way `lintScenarioText` does, with its variant checks shared out over worker
 * threads: this thread lints the variant linted in full while the others play the variants, and whoever
 * is free claims the next task (a counter the threads share), so the work evens out whatever its shape.
 * The report is the one `lintScenarioText` gives: the results are put back in order before they are
 * grouped.
 *
 * @example
 * const threads = new LintThreads(2);
 * const report = await threads.lint(text, 'scenarios/aftershock.yaml', {});
 * await threads.close();
 */
export class LintThreads {
  private readonly workers: Worker[] = [];
  /** Jobs sent to each thread and not answered yet: a thread is held open while it has one. */
  private readonly out = new Map<Worker, number>();
  private jobs = 0;
  private closing = false;
  private started = false;

  /** `threads` counts this one: 1 lints in this thread alone. */
  constructor(private readonly threads: number) {}

  /** Starts the other threads, on the first file that has variants to share out. */
  private start(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 1; i < this.threads; i++) {
      const worker = new Worker(new URL('./lintWorker.mjs', import.meta.url));
      worker.unref();
      // A thread that cannot start or dies is sent no more jobs: its tasks are run here (see `lint`).
      worker.on('error', () => this.drop(worker));
      worker.on('exit', () => this.drop(worker));
      this.workers.push(worker);
    }
  }

  /** Lints one file's text; see `lintScenarioText`. */
  async lint(text: string, file: string, options: LintOptions): Promise<LintReport> {
    const { scenario } = loadScenario(text, file, { variant: options.variant ?? 0 });
    const tasks = scenario ? lintTasks(scenario, options) : [];
    if (tasks.length > 0) this.start();
    if (tasks.length === 0 || this.workers.length === 0) return lintScenarioText(text, file, options);
    const job = this.jobs++;
    const shared = new Int32Array(new SharedArrayBuffer(8));
    const replies = this.workers.map((worker) => this.send(worker, job, text, file, tasks, shared));
    const results: (LintTaskResult | undefined)[] = tasks.map(() => undefined);
    let replay: MitigationReplay = { play: false };
    const ports = replies.map((r) => r.port);
    try {
      const written = lintWritten(text, file, options, (known) => {
        replay = known;
        this.publish(shared, ports, known);
      });
      replay = written.replay;
      this.publish(shared, ports, replay);
      for (let i = Atomics.add(shared, NEXT, 1); i < tasks.length; i = Atomics.add(shared, NEXT, 1))
        results[i] = runLintTask(text, file, tasks[i]!, replay);
      // Tasks the other threads claimed are waited for; those they did not finish are run here.
      const claimed = Math.min(Atomics.load(shared, NEXT), tasks.length);
      if (results.slice(0, claimed).includes(undefined))
        for (const reply of await Promise.all(replies.map((r) => r.done)))
          for (const [i, result] of reply.results ?? []) results[i] = result;
      for (let i = 0; i < tasks.length; i++) results[i] ??= runLintTask(text, file, tasks[i]!, replay);
      return finishLint(text, file, options, written, results as LintTaskResult[]);
    } finally {
      // A thread still waiting for the replay (this one failed) is let go.
      this.publish(shared, ports, replay);
      for (const port of ports) port.close();
    }
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    // Held open until each has stopped: a thread let go (unref) would leave the wait for it hanging.
    this.closing = true;
    for (const w of workers) w.ref();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** Sends a job to a thread: its reply, and the port `replay` goes through once it is known. */
  private send(
    worker: Worker,
    job: number,
    text: string,
    file: string,
    tasks: readonly LintTask[],
    shared: Int32Array,
  ): { port: MessagePort; done: Promise<Reply> } {
    const { port1, port2 } = new MessageChannel();
    const done = new Promise<Reply>((resolve) => {
      const onMessage = (m: Reply) => {
        if (m.job === job) settle(m);
      };
      const onExit = () => settle({ job, error: 'the lint thread stopped' });
      const settle = (reply: Reply) => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        this.hold(worker, -1);
        resolve(reply);
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
    });
    this.hold(worker, +1);
    worker.postMessage({ job, text, file, tasks, shared: shared.buffer, replay: port2 }, [port2]);
    return { port: port1, done };
  }

  /** Tells the other threads the replay, once: they wait for it before a mitigations task. */
  private publish(shared: Int32Array, ports: readonly MessagePort[], replay: MitigationReplay): void {
    if (Atomics.load(shared, REPLAYED) === 1) return;
    for (const port of ports) port.postMessage(replay);
    Atomics.store(shared, REPLAYED, 1);
    Atomics.notify(shared, REPLAYED);
  }

  /** Counts a job sent (+1) or answered (-1): the process waits for a thread only while it owes a reply. */
  private hold(worker: Worker, by: 1 | -1): void {
    const n = (this.out.get(worker) ?? 0) + by;
    this.out.set(worker, n);
    if (n === 1 && by === 1) worker.ref();
    if (n === 0 && !this.closing) worker.unref();
  }

  private drop(worker: Worker): void {
    const at = this.workers.indexOf(worker);
    if (at >= 0) this.workers.splice(at, 1);
  }
}
