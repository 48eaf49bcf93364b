import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { formatScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import { loadScenario } from '../engine/scenario/load.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { simulate, simulateWith } from '../engine/sim/simulate.ts';
import type { World } from '../engine/world/world.ts';
import type { LongWindowFigures } from './benchLong.ts';
import { longWindowRows, measureLongWindow } from './benchLong.ts';
import type { QueryFigures } from './benchQueries.ts';
import { measureQueries } from './benchQueries.ts';
import { LineWriterThread } from './lineWriterThread.ts';
import { LintThreads } from './lintThreads.ts';
import type { Output } from './output.ts';
import { EXIT } from './output.ts';

export const BENCH_HELP = `Usage: twoam bench [--json] [--runs N] [--scenario FILE] [--threads 1|2]

Generates the standard-size world (scenarios/bench/standard.yaml: 10 services, 3 hours, at least 500k
log lines, 2k metric series at 15 s and 5k traces) and prints the time it took, lines per second and heap
bytes per log line against the budgets (1000 ms, 200 bytes). Times are the median of --runs runs
(default 3); heap is measured after a full garbage collection before and after the last run, with the
log text that is held as bytes until first read counted in.
With --threads 2 (the default) a second thread writes the plain success log lines and keeps the log
store while this one walks the requests and writes everything else; the thread is started (and its code
loaded) before the runs are timed, and how long that took is shown. --threads 1 generates on this thread
alone. Both give the same world, byte for byte.

Then generates the scenario over 3 days ending where its window ends, its logs and traces kept for its
own window's length (observability retention) and its metrics for all of it, once, the same way: it must
take at most as many times the scenario's own median as its window is longer (24x for the standard world),
a ratio so a busy machine slows both alike. The heap and typed arrays it holds are shown.

Then times queries on the same scenario over twice its window (6 hours for the standard world: about
1.06M log lines in 35 streams, 2.2k series), the median of 11 runs after one warm-up run:
  label filter   {service="web"} |= "timeout", newest 100 lines: the busiest service of ten (its
                 pods and its cluster events); the first run is shown apart: the second filter
                 over a stream joins its text, kept for later ones            budget: 20 ms
  full scan      {env="prod"} |= "timeout" over every stream, every match counted, against
                 /usr/bin/rg -F -c timeout over the world's logs.log as twoam export writes it (in a
                 temporary directory), the two taking turns                  budget: at most 2x ripgrep
  range query    sum by (service) (rate(http_server_requests_total[5m])) over the last 3 h at 15 s
                                                                              budget: 30 ms
Then lints the scenario as twoam lint does (five variants, on as many threads as --threads says: the
variants on the second one), timed once from the start of its threads: the standard world within 60 s
on the clock, any other scenario (a built-in one: --scenario scenarios/default-changed.yaml) within
20 s. Lint is judged on the wall clock, what an author waits for; its CPU time (every thread's) is shown
beside it. The queries are judged on CPU time: this process' for them, ripgrep's as bash's time reports
it (wall times are shown beside them: on a shared machine the wall clock also counts other people's work).
Without /usr/bin/rg (or /bin/bash) the comparison is reported as not measured and the bench fails.
Exit status: 0 when every budget holds, 1 when one is missed, 2 on usage errors.`;

const BUDGET_MS = 1000;
const BUDGET_BYTES_PER_LINE = 200;
const STANDARD = 'scenarios/bench/standard.yaml';
/** Lint's budgets in milliseconds on the clock: the standard world, and a scenario the size of a built-in one. */
const LINT_BUDGET_STANDARD_MS = 60_000;
const LINT_BUDGET_MS = 20_000;

/**
 * A full garbage collection. Node hides `gc()` unless started with --expose-gc; the flag can be set at run
 * time and the function taken from a fresh context, so `npm run bench` needs no special command line.
 */
function collector(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** What one bench run measured. */
export interface BenchResult {
  readonly generate: {
    readonly ms: number;
    readonly runsMs: readonly number[];
    /** CPU time of this process (all threads, so garbage collection included) per run. */
    readonly cpuMs: readonly number[];
    readonly logLines: number;
    readonly linesPerSecond: number;
    readonly series: number;
    readonly samples: number;
    readonly traces: number;
    readonly spans: number;
    readonly heapBytes: number;
    readonly heapBytesPerLogLine: number;
    /** Threads that made the world: 2 when a second one wrote the plain log lines. */
    readonly threads: number;
    /** How long the second thread took to start and load its code, before the runs were timed. */
    readonly writerStartMs: number;
  };
  readonly budgets: { readonly ms: number; readonly heapBytesPerLogLine: number };
  /** The query world: the scenario over twice its window. */
  readonly queryWorld: QueryFigures['world'] & { readonly start: string; readonly end: string };
  readonly logql: QueryFigures['logql'];
  readonly promql: QueryFigures['promql'];
  readonly queryBudgets: QueryFigures['budgets'];
  /** The scenario over days, its logs and traces kept for its own window, against its own window's time. */
  readonly longWindow: LongWindowFigures;
  /** `twoam lint` on the scenario: wall and CPU time (of every thread), what it found, and its budget (wall). */
  readonly lint: {
    readonly ms: number;
    readonly cpuMs: number;
    readonly threads: number;
    readonly errors: number;
    readonly warnings: number;
    readonly budgetMs: number;
  };
  readonly ok: boolean;
}

/** The scenario over twice its window: the standard world then holds the million log lines the query budgets assume. */
export function doubledWindow(scenario: Scenario): Scenario {
  const start = Date.parse(scenario.window.start);
  const end = Date.parse(scenario.window.end);
  const longer = new Date(end + (end - start)).toISOString().replace('.000Z', 'Z');
  return { ...scenario, window: { start: scenario.window.start, end: longer } };
}

/** Runs `twoam bench`. */
export async function benchCommand(
  values: { runs?: string; scenario?: string; threads?: string },
  output: Output,
): Promise<number> {
  const file = values.scenario ?? STANDARD;
  const runs = values.runs === undefined ? 3 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    output.err(`twoam bench: --runs "${values.runs}" is not a positive integer`);
    return EXIT.usage;
  }
  const threads = values.threads === undefined ? 2 : Number(values.threads);
  if (threads !== 1 && threads !== 2) {
    output.err(`twoam bench: --threads "${values.threads}" is not 1 or 2`);
    return EXIT.usage;
  }
  const text = await readFile(file, 'utf8');
  const { scenario, diagnostics } = loadScenario(text, file);
  if (!scenario) {
    output.err(diagnostics.map(formatScenarioDiagnostic).join('\n'));
    return EXIT.problems;
  }
  const gc = collector();
  const started = performance.now();
  const writer = threads === 2 ? new LineWriterThread() : undefined;
  try {
    await writer?.ready;
  } catch (err) {
    output.err(`twoam bench: the log writer thread did not start: ${(err as Error).message}`);
    return EXIT.problems;
  }
  const writerStartMs = writer ? performance.now() - started : 0;
  const generateWorld = (s: Scenario): Promise<World> =>
    writer ? simulateWith(s, writer.writer) : Promise.resolve(simulate(s));
  const times: number[] = [];
  // CPU time beside wall time: on a shared machine the wall clock also counts other people's work.
  const cpuTimes: number[] = [];
  let world: World | undefined;
  let heapBytes = 0;
  // What a finished run or a delivered message still holds goes with the next turn of the event loop.
  const settle = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  };
  for (let i = 0; i < runs; i++) {
    world = undefined;
    await settle();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    world = await generateWorld(scenario);
    times.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    await settle();
    // Log text that came from the writer thread is held as bytes outside the heap until first read
    // (a byte a character, as the heap keeps it as text): counted, so both ways give the same figure.
    heapBytes = process.memoryUsage().heapUsed - before + world.logs.encodedBytes;
  }
  const generate = {
    ...generationFigures(world!, times, cpuTimes, heapBytes),
    threads,
    writerStartMs: round(writerStartMs),
  };
  world = undefined;
  const longWindow = await measureLongWindow(scenario, generateWorld, generate.ms, settle);
  await writer?.close();
  // Let the generation world go first: the query world is twice its size.
  world = undefined;
  const queryScenario = doubledWindow(scenario);
  const queryWorld = simulate(queryScenario);
  queryWorld.logs.seal();
  const q = await measureQueries(queryWorld, { gc });
  const lint = await measureLint(text, file, threads);
  const result: BenchResult = {
    generate,
    budgets: { ms: BUDGET_MS, heapBytesPerLogLine: BUDGET_BYTES_PER_LINE },
    queryWorld: { ...q.world, ...queryScenario.window },
    logql: q.logql,
    promql: q.promql,
    queryBudgets: q.budgets,
    lint,
    longWindow,
    ok:
      generate.ms <= BUDGET_MS &&
      longWindow.ok &&
      generate.heapBytes / generate.logLines <= BUDGET_BYTES_PER_LINE &&
      q.ok &&
      lint.ms <= lint.budgetMs,
  };
  if (output.json) output.out(JSON.stringify(result, null, 2));
  else output.out(table(result, file));
  return result.ok ? EXIT.ok : EXIT.problems;
}

/**
 * Lints the scenario as `twoam lint` does, on its threads, timed from before they start (their start is
 * part of every lint): authors wait for it after every edit.
 */
async function measureLint(text: string, file: string, threads: number): Promise<BenchResult['lint']> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const lint = new LintThreads(threads);
  const { diagnostics } = await lint.lint(text, file, {}).finally(() => lint.close());
  // The process' CPU time: the lint thread's counted in.
  const cpu = process.cpuUsage(cpu0);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return {
    ms: round(performance.now() - t0),
    cpuMs: round((cpu.user + cpu.system) / 1000),
    threads,
    errors,
    warnings: diagnostics.length - errors,
    budgetMs: file.replace(/^\.\//, '') === STANDARD ? LINT_BUDGET_STANDARD_MS : LINT_BUDGET_MS,
  };
}

function generationFigures(
  w: World,
  times: readonly number[],
  cpuTimes: readonly number[],
  heapBytes: number,
): Omit<BenchResult['generate'], 'threads' | 'writerStartMs'> {
  let samples = 0;
  for (const s of w.metrics.series) samples += s.ts.length;
  const ms = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  const lines = w.logs.size;
  return {
    ms: round(ms),
    runsMs: times.map(round),
    cpuMs: cpuTimes.map(round),
    logLines: lines,
    linesPerSecond: Math.round(lines / (ms / 1000)),
    series: w.metrics.series.length,
    samples,
    traces: w.traces.traceIds.length,
    spans: w.traces.size,
    heapBytes,
    heapBytesPerLogLine: round(heapBytes / lines),
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function table(r: BenchResult, file: string): string {
  const g = r.generate;
  const rows: [string, string, string, string][] = [
    [
      'generate time',
      `${g.ms} ms (runs: ${g.runsMs.join(', ')})`,
      `≤ ${r.budgets.ms} ms`,
      g.ms <= r.budgets.ms ? 'ok' : 'OVER',
    ],
    ['CPU time', `${g.cpuMs.join(', ')} ms`, '', ''],
    [
      'threads',
      g.threads === 2 ? `2 (the log line writer started in ${g.writerStartMs} ms, before the runs)` : '1',
      '',
      '',
    ],
    ['log lines', String(g.logLines), '≥ 500000', g.logLines >= 500_000 ? 'ok' : 'UNDER'],
    ['lines per second', String(g.linesPerSecond), '', ''],
    ['metric series', `${g.series} (${g.samples} samples)`, '≥ 2000', g.series >= 2000 ? 'ok' : 'UNDER'],
    ['traces', `${g.traces} (${g.spans} spans)`, '≥ 5000', g.traces >= 5000 ? 'ok' : 'UNDER'],
    [
      'heap per log line',
      `${g.heapBytesPerLogLine} B (${(g.heapBytes / 1048576).toFixed(1)} MiB in all)`,
      `≤ ${r.budgets.heapBytesPerLogLine} B`,
      g.heapBytesPerLogLine <= r.budgets.heapBytesPerLogLine ? 'ok' : 'OVER',
    ],
    ...longWindowRows(r.longWindow),
  ];
  return [`twoam bench: ${file}`, ...layout(rows), '', ...queryTable(r)].join('\n');
}

function layout(rows: readonly (readonly [string, string, string, string])[]): string[] {
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) =>
    row
      .map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell))
      .join('  ')
      .trimEnd(),
  );
}

function queryTable(r: BenchResult): string[] {
  const { queryWorld: w, logql: l, promql: p, queryBudgets: b } = r;
  const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER');
  const rgLimit =
    l.ripgrepCpuMs === null ? undefined : Math.round(b.fullScanToRipgrep * l.ripgrepCpuMs * 10) / 10;
  const rows: [string, string, string, string][] = [
    [
      'log lines',
      `${w.logLines} in ${w.streams} streams`,
      '≥ 1000000',
      w.logLines >= 1_000_000 ? 'ok' : 'UNDER',
    ],
    ['metric series', String(w.series), '≥ 2000', w.series >= 2000 ? 'ok' : 'UNDER'],
    [
      'label filter',
      `${l.labelFilterCpuP50Ms} ms CPU (wall ${l.labelFilterP50Ms} ms; first run ${l.labelFilterFirstMs} ms)`,
      `≤ ${b.labelFilterP50Ms} ms CPU`,
      verdict(l.labelFilterCpuP50Ms <= b.labelFilterP50Ms),
    ],
    [
      'full scan',
      `${l.fullScanCpuMs} ms CPU (wall ${l.fullScanMs} ms), ${l.fullScanMatches} lines`,
      rgLimit === undefined ? `≤ ${b.fullScanToRipgrep} × ripgrep` : `≤ ${rgLimit} ms CPU`,
      rgLimit === undefined ? 'NOT MEASURED' : verdict(l.fullScanCpuMs <= rgLimit),
    ],
    [
      'ripgrep',
      l.ripgrepCpuMs === null
        ? 'NOT MEASURED'
        : `${l.ripgrepCpuMs} ms CPU (wall ${l.ripgrepMs} ms), ${l.ripgrepMatches} lines`,
      '',
      '',
    ],
    [
      'range query',
      `${p.rangeCpuP50Ms} ms CPU (wall ${p.rangeP50Ms} ms)`,
      `≤ ${b.rangeP50Ms} ms CPU`,
      verdict(p.rangeCpuP50Ms <= b.rangeP50Ms),
    ],
  ];
  const out = [`queries: the scenario from ${w.start} to ${w.end}, medians of 11 runs`, ...layout(rows)];
  out.push(
    `  label filter  ${l.labelFilterQuery}: ${l.labelFilterStreams} of ${w.streams} streams, ${l.labelFilterLinesRead} lines read`,
    `  full scan     ${l.fullScanQuery}, no line limit`,
    `  ripgrep       ${l.ripgrepCommand}, taking turns with the full scan`,
    `  range query   ${p.query}: ${p.steps} steps of 15 s, ${p.seriesSelected} series in, ${p.resultSeries} out`,
  );
  if (l.ripgrepProblem !== undefined) out.push(`  NO RIPGREP FIGURE: ${l.ripgrepProblem}`);
  const lint = r.lint;
  out.push(
    '',
    ...layout([
      [
        'lint',
        `${lint.ms} ms wall (${lint.cpuMs} ms CPU on ${lint.threads} thread(s)), ${lint.errors} error(s), ${lint.warnings} warning(s)`,
        `≤ ${lint.budgetMs} ms wall`,
        verdict(lint.ms <= lint.budgetMs),
      ],
    ]),
  );
  return out;
}
