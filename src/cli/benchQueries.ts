import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLogText } from '../engine/export/logsExport.ts';
import type { LogQLResult } from '../engine/query/logql/index.ts';
import { logQuery } from '../engine/query/logql/index.ts';
import { rangeQuery } from '../engine/query/promql/index.ts';
import type { World } from '../engine/world/world.ts';

/** A label-selected line filter: one service of ten, as a player starts an investigation. */
export const LABEL_FILTER_QUERY = '{service="web"} |= "timeout"';
/** The text of the full scan, searched by LogQL over every stream and by ripgrep over the exported file. */
export const FULL_SCAN_TEXT = 'timeout';
export const FULL_SCAN_QUERY = `{env="prod"} |= "${FULL_SCAN_TEXT}"`;
/** The dashboard query of the budget, over the last 3 hours of the world at a 15 s step. */
export const RANGE_QUERY = 'sum by (service) (rate(http_server_requests_total[5m]))';
const RANGE_MS = 3 * 3600_000;
const STEP_MS = 15_000;
/** Where `twoam bench` expects ripgrep: Debian's `ripgrep` package. */
export const RIPGREP = '/usr/bin/rg';
const BASH = '/bin/bash';

/** Runs of the label filter and the range query; the full scan and ripgrep take turns this many times too. */
const RUNS = 11;

export const QUERY_BUDGETS = { labelFilterP50Ms: 20, fullScanToRipgrep: 2, rangeP50Ms: 30 } as const;

/** Times of one query: wall clock and this process' CPU time per run, and their medians. */
export interface Timing {
  readonly p50Ms: number;
  readonly cpuP50Ms: number;
  readonly runsMs: readonly number[];
}

/** What the query section measured. Medians are of {@link RUNS} runs after one that warms the code up. */
export interface QueryFigures {
  readonly world: { readonly logLines: number; readonly streams: number; readonly series: number };
  readonly logql: {
    readonly labelFilterQuery: string;
    readonly labelFilterP50Ms: number;
    /** The first run, before the selected streams' text is joined (on the second) and kept. */
    readonly labelFilterFirstMs: number;
    readonly labelFilterCpuP50Ms: number;
    readonly labelFilterStreams: number;
    readonly labelFilterLinesRead: number;
    readonly fullScanQuery: string;
    /** Median of the full scan's wall-clock times, every match counted (no line limit). */
    readonly fullScanMs: number;
    readonly fullScanCpuMs: number;
    readonly fullScanMatches: number;
    readonly ripgrepCommand: string;
    /** Median of ripgrep's wall-clock times, each run right after a full scan; null when not measured. */
    readonly ripgrepMs: number | null;
    /** Median of ripgrep's CPU times (user and system, as bash's `time` reports them). */
    readonly ripgrepCpuMs: number | null;
    readonly ripgrepMatches: number | null;
    /** Why ripgrep was not measured, or why its answer does not count. */
    readonly ripgrepProblem?: string;
  };
  readonly promql: {
    readonly query: string;
    readonly rangeP50Ms: number;
    readonly rangeCpuP50Ms: number;
    readonly steps: number;
    readonly seriesSelected: number;
    readonly resultSeries: number;
  };
  readonly budgets: typeof QUERY_BUDGETS;
  readonly ok: boolean;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function median(xs: readonly number[]): number {
  return round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
}

/**
 * Runs `body` once untimed, then `runs` times, recording wall and CPU time of each run; `between` runs
 * after each run, untimed.
 */
function time<T>(runs: number, body: () => T, between?: () => void): { timing: Timing; last: T } {
  let last = body();
  between?.();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = body();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    between?.();
  }
  return { timing: { p50Ms: median(wall), cpuP50Ms: median(cpu), runsMs: wall.map(round) }, last };
}

function lineCount(r: LogQLResult): number {
  if (!r.ok || r.value.resultType !== 'streams') throw new Error('a bench query failed');
  let n = 0;
  for (const s of r.value.result) n += s.entries.length;
  return n;
}

/**
 * Times the three queries of the budget on `world` (sealed): the label filter and the range query
 * {@link RUNS} times each, and the full scan in turns with ripgrep over the world's `logs.log`, written
 * as `twoam export` writes it into a temporary directory that is removed afterwards. Without `ripgrep`
 * (or when it fails or counts differently) the comparison is not measured and the budgets do not hold.
 * `gc`, when given, collects garbage before each query is timed.
 */
export async function measureQueries(
  world: World,
  { ripgrep = RIPGREP, gc = () => {} }: { ripgrep?: string; gc?: () => void } = {},
): Promise<QueryFigures> {
  const logs = world.logs;
  const startMs = logs.tsMs(0);
  const endMs = logs.tsMs(logs.size - 1) + 1;
  // Garbage left by building the world (and later by exporting it) is collected before each query is timed.
  gc();
  const first = performance.now();
  logQuery(logs, LABEL_FILTER_QUERY, { startMs, endMs });
  const labelFirstMs = round(performance.now() - first);
  const label = time(RUNS, () => logQuery(logs, LABEL_FILTER_QUERY, { startMs, endMs }));
  if (!label.last.ok) throw new Error('the label filter query failed');
  const stats = label.last.stats;

  const everything = { startMs, endMs, limit: Number.POSITIVE_INFINITY };
  const rgArgs = ['-F', '-c', FULL_SCAN_TEXT];
  const dir = await mkdtemp(join(tmpdir(), 'twoam-bench-'));
  const file = join(dir, 'logs.log');
  const rgMs: number[] = [];
  const rgCpuMs: number[] = [];
  let rgMatches: number | null = null;
  let problem: string | undefined = !existsSync(ripgrep)
    ? `${ripgrep} is missing: install Debian's ripgrep package`
    : !existsSync(BASH)
      ? `${BASH} is missing: it times ripgrep`
      : undefined;
  const rg = (): void => {
    // bash's time reports the child's own wall and CPU time, without the cost of starting bash.
    const r = spawnSync(
      BASH,
      ['-c', 'TIMEFORMAT="%3R %3U %3S"; time "$@"', 'bash', ripgrep, ...rgArgs, file],
      {
        encoding: 'utf8',
      },
    );
    const times = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr ?? '');
    // ripgrep exits 1 when nothing matched (-c then prints nothing), 2 on errors.
    if (r.error || (r.status !== 0 && r.status !== 1) || !times) {
      problem = `${ripgrep} failed: ${r.error?.message ?? r.stderr.trim()}`;
      return;
    }
    rgMs.push(Number(times[1]) * 1000);
    rgCpuMs.push((Number(times[2]) + Number(times[3])) * 1000);
    rgMatches = r.status === 1 ? 0 : Number(r.stdout.trim());
  };
  let scan: { timing: Timing; last: number };
  try {
    await writeFile(file, writeLogText(logs));
    gc();
    // ripgrep runs right after each scan, untimed by it, so both see the same load on a shared machine.
    scan = time(
      RUNS,
      () => lineCount(logQuery(logs, FULL_SCAN_QUERY, everything)),
      () => {
        if (problem === undefined) rg();
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const matches = scan.last;
  if (problem === undefined && rgMatches !== matches)
    problem = `ripgrep counted ${rgMatches} lines, the full scan ${matches}`;

  const metrics = world.metrics;
  const rangeEnd = metrics.series.reduce((t, s) => Math.max(t, s.ts[s.ts.length - 1] ?? t), 0);
  gc();
  const range = time(RUNS, () => rangeQuery(metrics, RANGE_QUERY, rangeEnd - RANGE_MS, rangeEnd, STEP_MS));
  const r = range.last;
  const resultSeries = r.ok && r.value.resultType === 'matrix' ? r.value.result.length : 0;

  // The first run of each was left untimed to warm up, as time() does.
  const measured = problem === undefined && rgMs.length > 1;
  const ripgrepMs = measured ? median(rgMs.slice(1)) : null;
  const ripgrepCpuMs = measured ? median(rgCpuMs.slice(1)) : null;
  const logql: QueryFigures['logql'] = {
    labelFilterQuery: LABEL_FILTER_QUERY,
    labelFilterP50Ms: label.timing.p50Ms,
    labelFilterFirstMs: labelFirstMs,
    labelFilterCpuP50Ms: label.timing.cpuP50Ms,
    labelFilterStreams: stats?.streamsSelected ?? 0,
    labelFilterLinesRead: stats?.linesProcessed ?? 0,
    fullScanQuery: FULL_SCAN_QUERY,
    fullScanMs: scan.timing.p50Ms,
    fullScanCpuMs: scan.timing.cpuP50Ms,
    fullScanMatches: matches,
    ripgrepCommand: `${ripgrep} ${rgArgs.join(' ')} logs.log`,
    ripgrepMs,
    ripgrepCpuMs,
    ripgrepMatches: rgMatches,
    ...(problem !== undefined && { ripgrepProblem: problem }),
  };
  const promql: QueryFigures['promql'] = {
    query: RANGE_QUERY,
    rangeP50Ms: range.timing.p50Ms,
    rangeCpuP50Ms: range.timing.cpuP50Ms,
    steps: Math.floor(RANGE_MS / STEP_MS) + 1,
    seriesSelected: metrics.select([{ name: '__name__', op: '=', value: 'http_server_requests_total' }])
      .length,
    resultSeries,
  };
  return {
    world: { logLines: logs.size, streams: logs.streams.length, series: metrics.series.length },
    logql,
    promql,
    budgets: QUERY_BUDGETS,
    ok: queryBudgetsHold(logql, promql),
  };
}

/**
 * The budgets are judged on CPU time: on a shared machine the wall clock also counts other people's work,
 * and ripgrep, a separate process, is not always slowed down as much as the query between two of its runs.
 */
export function queryBudgetsHold(logql: QueryFigures['logql'], promql: QueryFigures['promql']): boolean {
  return (
    logql.labelFilterCpuP50Ms <= QUERY_BUDGETS.labelFilterP50Ms &&
    logql.ripgrepCpuMs !== null &&
    logql.fullScanCpuMs <= QUERY_BUDGETS.fullScanToRipgrep * logql.ripgrepCpuMs &&
    promql.rangeCpuP50Ms <= QUERY_BUDGETS.rangeP50Ms
  );
}
