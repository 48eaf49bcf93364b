import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FuzzOutcome } from './fuzzCheck.ts';
import type { QueryCase, QueryVocabulary } from './fuzzQueries.ts';
import type { BaseScenario } from './fuzzScenarios.ts';
import type { Output } from './output.ts';
import { EXIT, UsageError } from './output.ts';

export const FUZZ_HELP = `Usage: twoam fuzz [--scenarios N] [--queries N] [--seed S] [--minutes M] [--full-every K]
                  [--threads N] [--budget-ms MS] [--heap-mb MB] [--json]

Tries N mutated scenario files and N LogQL and PromQL queries, each in a worker thread with a time and a
heap budget, and prints a table: tried, accepted (a world generated, a query answered), rejected with a
positioned error, rejected without a position, uncaught (an exception escaped the engine) and over
budget (the thread ran out of time or heap), then the first findings of each kind.

Scenarios are the built-in ones mutated: a value set to an edge of what it may hold, a key dropped, a
list grown, the traffic turned up, the text broken (truncated, deep nesting, an alias inside its own
anchor). A file that validates is generated for the first minutes of its window, and every K-th case
over its whole window (what the simulation's budgets are checked on). Queries are drawn from the
grammars over the tutorial's world, which is generated once, some broken by an edit to the text; their
regular expressions use every operator, nested quantifiers included. Each query runs under its budget as
the servers run it: one that the budget stops counts as over budget.

  --scenarios N   mutated scenario files to try (default 200)
  --queries N     queries to try, half LogQL and half PromQL (default 1000)
  --seed S        the seed of both draws (default 1): the same seed gives the same cases
  --minutes M     minutes of a valid scenario's window generated (default 5)
  --full-every K  generate the whole window of every K-th scenario case (default 20; 1 for all)
  --budget-ms MS  CPU time a scenario may take to validate and generate (default 60000); a query gets
                  a tenth. A case still running after ten times its budget on the clock is stopped.
  --threads N     worker threads trying cases side by side (default 1); the table is the same
  --heap-mb MB    heap each worker thread may use (default 2048)

Exit status: 0 when nothing was uncaught, unpositioned or over budget, 1 otherwise, 2 usage error.`;

/** The options `twoam fuzz` takes, as written on the command line. */
export interface FuzzOptions {
  readonly scenarios?: string;
  readonly queries?: string;
  readonly seed?: string;
  readonly minutes?: string;
  readonly 'full-every'?: string;
  readonly threads?: string;
  readonly 'budget-ms'?: string;
  readonly 'heap-mb'?: string;
}

type Kind = FuzzOutcome['kind'] | 'overBudget';

/** One row of the table: what one kind of input gave. */
export interface FuzzTally {
  tried: number;
  accepted: number;
  rejected: number;
  unpositioned: number;
  uncaught: number;
  overBudget: number;
  slowestMs: number;
}

/** A case that did not end well, to try again by its seed and index. */
export interface FuzzFinding {
  readonly input: 'scenario' | 'query';
  readonly kind: Kind;
  readonly index: number;
  readonly name: string;
  readonly detail: string;
}

/** What `twoam fuzz --json` prints. */
export interface FuzzReport {
  readonly seed: number;
  readonly scenarios: FuzzTally;
  readonly queries: FuzzTally;
  readonly findings: readonly FuzzFinding[];
  readonly ok: boolean;
}

const SCENARIOS_DIR = new URL('../../scenarios/', import.meta.url);
const FINDINGS_SHOWN = 10;
/** How many times its CPU budget a case may run on the clock before it is stopped as never ending. */
const WALL_FACTOR = 10;

/** Runs `twoam fuzz`. */
export async function fuzzCommand(options: FuzzOptions, output: Output): Promise<number> {
  const scenarios = count(options.scenarios, 200, '--scenarios');
  const queries = count(options.queries, 1000, '--queries');
  const seed = count(options.seed, 1, '--seed');
  const minutes = count(options.minutes, 5, '--minutes');
  const fullEvery = count(options['full-every'], 20, '--full-every');
  if (fullEvery === 0) throw new UsageError('--full-every must be at least 1');
  const threadCount = count(options.threads, 1, '--threads');
  if (threadCount === 0) throw new UsageError('--threads must be at least 1');
  const budgetMs = count(options['budget-ms'], 60_000, '--budget-ms');
  const heapMb = count(options['heap-mb'], 2048, '--heap-mb');
  // fast-check is a development dependency: loaded here, so the other commands never need it.
  const { scenarioCases } = await import('./fuzzScenarios.ts');
  const { queryCases } = await import('./fuzzQueries.ts');

  const bases = await builtInScenarios();
  const tutorial = bases.find((b) => b.file === 'tutorial.yaml') ?? bases[0]!;
  const threads = Array.from({ length: threadCount }, () => new FuzzThread(heapMb, tutorial));
  const findings: FuzzFinding[] = [];
  const note = (input: FuzzFinding['input'], index: number, name: string, kind: Kind, detail: string) => {
    // Each finding is told as it comes, so a long run that is stopped has still said what it found.
    output.err(`fuzz: ${input} #${index} ${kind}: ${detail} (${name.slice(0, 200)})`);
    if (findings.filter((f) => f.input === input && f.kind === kind).length < FINDINGS_SHOWN)
      findings.push({ input, kind, index, name, detail });
  };
  try {
    const scenarioTally = emptyTally();
    await eachOnAThread(threads, scenarioCases(bases, seed, scenarios), async (thread, c, i) => {
      // Most cases generate a bounded world, quick to make; every K-th, the whole window.
      const bounded = i % fullEvery === 0 ? {} : { minutes };
      const r = await thread.try({ scenario: c.text, file: `fuzz-${i}.yaml`, ...bounded }, budgetMs);
      tally(scenarioTally, r);
      if (r.kind !== 'accepted' && r.kind !== 'rejected') note('scenario', i, c.name, r.kind, r.detail);
      progress(output, 'scenarios', scenarioTally, scenarios);
    });
    const queryTally = emptyTally();
    if (queries > 0) {
      const vocabulary = await threads[0]!.vocabulary();
      const queryBudgetMs = Math.max(1000, budgetMs / 10);
      await eachOnAThread(threads, queryCases(vocabulary, seed, queries, 'any'), async (thread, q, i) => {
        const r = await thread.try({ query: q, budgetMs: queryBudgetMs }, queryBudgetMs);
        tally(queryTally, r);
        if (r.kind !== 'accepted' && r.kind !== 'rejected')
          note('query', i, `${q.language}: ${q.text}`, r.kind, r.detail);
        progress(output, 'queries', queryTally, queries);
      });
    }
    // Threads finish cases out of order: findings are listed by input, then index.
    findings.sort((a, b) => (a.input === b.input ? a.index - b.index : a.input === 'scenario' ? -1 : 1));
    const ok = [scenarioTally, queryTally].every((t) => t.unpositioned + t.uncaught + t.overBudget === 0);
    const report: FuzzReport = { seed, scenarios: scenarioTally, queries: queryTally, findings, ok };
    output.out(output.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return ok ? EXIT.ok : EXIT.problems;
  } finally {
    await Promise.all(threads.map((t) => t.stop()));
  }
}

/** Tries each case on whichever thread is free, `index` being the case's place in the draw. */
async function eachOnAThread<T>(
  threads: readonly FuzzThread[],
  cases: Iterable<T>,
  tryCase: (thread: FuzzThread, c: T, index: number) => Promise<void>,
): Promise<void> {
  // Cases are drawn one at a time as a thread frees up (a generator's draw is synchronous, so shared).
  const draw = cases[Symbol.iterator]();
  let next = 0;
  await Promise.all(
    threads.map(async (thread) => {
      for (let c = draw.next(); !c.done; c = draw.next()) await tryCase(thread, c.value, next++);
    }),
  );
}

function count(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} "${text}" is not a whole number`);
  return Number(text);
}

async function builtInScenarios(): Promise<BaseScenario[]> {
  const files = (await readdir(SCENARIOS_DIR)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (file) => ({ file, text: await readFile(new URL(file, SCENARIOS_DIR), 'utf8') })),
  );
}

function emptyTally(): FuzzTally {
  return { tried: 0, accepted: 0, rejected: 0, unpositioned: 0, uncaught: 0, overBudget: 0, slowestMs: 0 };
}

function tally(t: FuzzTally, r: Tried): void {
  t.tried++;
  t[r.kind]++;
  t.slowestMs = Math.max(t.slowestMs, Math.round(r.ms));
}

function progress(output: Output, what: string, t: FuzzTally, total: number): void {
  if (t.tried % 100 === 0 || t.tried === total)
    output.err(
      `fuzz: ${what} ${t.tried}/${total}: ${t.accepted} accepted, ${t.rejected} rejected, ${t.unpositioned} unpositioned, ${t.uncaught} uncaught, ${t.overBudget} over budget`,
    );
}

/** The table and the findings, as `twoam fuzz` prints them. */
export function formatReport(r: FuzzReport): string {
  const head = [
    '',
    'tried',
    'accepted',
    'rejected',
    'unpositioned',
    'uncaught',
    'over budget',
    'slowest (CPU)',
  ];
  const row = (name: string, t: FuzzTally) => [
    name,
    ...[t.tried, t.accepted, t.rejected, t.unpositioned, t.uncaught, t.overBudget].map(String),
    `${t.slowestMs} ms`,
  ];
  const rows = [head, row('scenarios', r.scenarios), row('queries', r.queries)];
  const widths = head.map((_, i) => Math.max(...rows.map((cells) => cells[i]!.length)));
  const lines = rows.map((cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '),
  );
  lines.push(
    '',
    `seed ${r.seed}: ${r.ok ? 'nothing uncaught, unpositioned or over budget' : 'findings below'}`,
  );
  for (const f of r.findings)
    lines.push(`  ${f.input} #${f.index} ${f.kind}: ${f.detail}\n    ${f.name.slice(0, 300)}`);
  return lines.join('\n');
}

type Tried = { readonly kind: Kind; readonly detail: string; readonly ms: number };

/**
 * The worker process cases run in, with a heap limit; a case that runs out of time or heap ends the
 * process, which is started again for the next case. A process, not a thread: its CPU time is its own,
 * so cases tried side by side (`--threads`) are each timed alone.
 */
class FuzzThread {
  private worker: ChildProcess | undefined;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly heapMb: number,
    private readonly world: BaseScenario,
  ) {}

  private start(): Promise<void> {
    this.worker = fork(fileURLToPath(new URL('./fuzzWorker.mjs', import.meta.url)), [], {
      execArgv: [`--max-old-space-size=${this.heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const worker = this.worker;
    this.ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('exit', (code) =>
        reject(new Error(`the fuzz worker exited (${code}) before it was ready`)),
      );
    });
    worker.send({ world: { text: this.world.text, file: this.world.file } });
    return this.ready;
  }

  async vocabulary(): Promise<QueryVocabulary> {
    if (!this.worker) await this.start();
    const worker = this.worker!;
    return new Promise((resolve, reject) => {
      worker.once('message', (m: { vocabulary: QueryVocabulary }) => resolve(m.vocabulary));
      worker.once('exit', (code) => reject(new Error(`the fuzz worker exited (${code})`)));
      worker.send({ vocabulary: true });
    });
  }

  async try(
    message: { scenario: string; file: string; minutes?: number } | { query: QueryCase; budgetMs: number },
    budgetMs: number,
  ): Promise<Tried> {
    if (!this.worker) await this.start();
    const worker = this.worker!;
    const started = performance.now();
    const answer = await new Promise<Tried>((resolve) => {
      // The budget is CPU time, which a shared machine does not stretch; the clock only stops a case
      // that never ends.
      const wallMs = budgetMs * WALL_FACTOR;
      const timer = setTimeout(() => {
        cleanup();
        resolve({ kind: 'overBudget', detail: `still running after ${wallMs} ms on the clock`, ms: wallMs });
      }, wallMs);
      const onMessage = (m: { outcome: FuzzOutcome; cpuMs: number }) => {
        cleanup();
        if (m.cpuMs > budgetMs) {
          resolve({ kind: 'overBudget', detail: `took ${Math.round(m.cpuMs)} ms of CPU`, ms: m.cpuMs });
          return;
        }
        const detail = 'detail' in m.outcome ? m.outcome.detail : '';
        resolve({ kind: m.outcome.kind, detail, ms: m.cpuMs });
      };
      const onExit = (code: number | null, signal: string | null) => {
        cleanup();
        // Out of heap, V8 ends the process: the case went over its budget.
        const why = signal ?? `exit ${code}`;
        resolve({ kind: 'overBudget', detail: `the worker ended (${why})`, ms: performance.now() - started });
      };
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.send(message);
    });
    if (answer.kind === 'overBudget') await this.stop();
    return answer;
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGKILL');
    await exited;
  }
}
