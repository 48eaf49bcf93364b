import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { formatScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import { loadScenario } from '../engine/scenario/load.ts';
import { simulate } from '../engine/sim/simulate.ts';
import type { World } from '../engine/world/world.ts';
import type { Output } from './output.ts';
import { EXIT } from './output.ts';

export const BENCH_HELP = `Usage: twoam bench [--json] [--runs N] [--scenario FILE]

Generates the standard-size world (scenarios/bench/standard.yaml: 10 services, 3 hours, at least 500k
log lines, 2k metric series at 15 s and 5k traces) and prints the time it took, lines per second and heap
bytes per log line against the budgets (1000 ms, 200 bytes). Times are the median of --runs runs
(default 3); heap is measured after a full garbage collection before and after the last run.
Exit status: 0 when every budget holds, 1 when one is missed, 2 on usage errors.`;

const BUDGET_MS = 1000;
const BUDGET_BYTES_PER_LINE = 200;

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
  };
  readonly budgets: { readonly ms: number; readonly heapBytesPerLogLine: number };
  readonly ok: boolean;
}

/** Runs `twoam bench`. */
export async function benchCommand(
  values: { runs?: string; scenario?: string },
  output: Output,
): Promise<number> {
  const file = values.scenario ?? 'scenarios/bench/standard.yaml';
  const runs = values.runs === undefined ? 3 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    output.err(`twoam bench: --runs "${values.runs}" is not a positive integer`);
    return EXIT.usage;
  }
  const { scenario, diagnostics } = loadScenario(await readFile(file, 'utf8'), file);
  if (!scenario) {
    output.err(diagnostics.map(formatScenarioDiagnostic).join('\n'));
    return EXIT.problems;
  }
  const gc = collector();
  const times: number[] = [];
  // CPU time beside wall time: on a shared machine the wall clock also counts other people's work.
  const cpuTimes: number[] = [];
  let world: World | undefined;
  let heapBytes = 0;
  for (let i = 0; i < runs; i++) {
    world = undefined;
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    world = simulate(scenario);
    times.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    gc();
    heapBytes = process.memoryUsage().heapUsed - before;
  }
  const w = world!;
  let samples = 0;
  for (const s of w.metrics.series) samples += s.ts.length;
  const ms = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  const lines = w.logs.size;
  const result: BenchResult = {
    generate: {
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
    },
    budgets: { ms: BUDGET_MS, heapBytesPerLogLine: BUDGET_BYTES_PER_LINE },
    ok: ms <= BUDGET_MS && heapBytes / lines <= BUDGET_BYTES_PER_LINE,
  };
  if (output.json) output.out(JSON.stringify(result, null, 2));
  else output.out(table(result, file));
  return result.ok ? EXIT.ok : EXIT.problems;
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
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
  const body = rows.map((row) => row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join('  '));
  return [`twoam bench: ${file}`, ...body].join('\n');
}
