import { checkBudget } from '../engine/scenario/budget.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { formatDuration } from '../engine/scenario/units.ts';
import type { World } from '../engine/world/world.ts';

/** How many days the long window of the bench covers. */
export const LONG_WINDOW_DAYS = 3;

/** What generating the scenario over days measured, against the scenario's own window in the same run. */
export interface LongWindowFigures {
  readonly start: string;
  readonly end: string;
  /** How long its logs and traces are kept: the scenario's own window. */
  readonly retention: string;
  readonly ms: number;
  readonly cpuMs: number;
  readonly logLines: number;
  readonly samples: number;
  readonly traces: number;
  /** Heap and typed arrays the world holds, after a full garbage collection. */
  readonly memoryBytes: number;
  /** Its time over the scenario's own (the median of the runs before it). */
  readonly timeRatio: number;
  /** Its window over the scenario's own: the most `timeRatio` may be ("in proportion"). */
  readonly windowRatio: number;
  /** What validation says of it (the budgets), when anything. */
  readonly problems: readonly string[];
  readonly ok: boolean;
}

/**
 * The scenario over {@link LONG_WINDOW_DAYS} days ending where its window ends, its logs and traces kept
 * for its own window's length (at least an hour), as an author writes a window of days: the same rates,
 * the incident at the end, metrics back to the start.
 */
export function longWindow(scenario: Scenario): Scenario {
  const start = Date.parse(scenario.window.start);
  const end = Date.parse(scenario.window.end);
  const retention = formatDuration(Math.max(3_600_000, end - start));
  const longStart = new Date(end - LONG_WINDOW_DAYS * 86_400_000).toISOString().replace('.000Z', 'Z');
  const deps = scenario.observability ?? {};
  return {
    ...scenario,
    window: { start: longStart, end: scenario.window.end },
    observability: {
      ...deps,
      logs: { lateBy: '5m', ...deps.logs, retention },
      traces: { ...deps.traces, retention },
    },
  };
}

/**
 * Generates the scenario over days once, as the game would (`generate`), and sets it against the time the
 * scenario's own window took in the same run: a window of days must generate in proportion to its length
 * or better. A ratio, not a time, so a busy machine slows both alike.
 */
export async function measureLongWindow(
  scenario: Scenario,
  generate: (s: Scenario) => Promise<World>,
  ownMs: number,
  settle: () => Promise<void>,
): Promise<LongWindowFigures> {
  const long = longWindow(scenario);
  const problems = checkBudget(long).map((p) => `${p.path.join('.')}: ${p.message}`);
  await settle();
  const before = held();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const world = await generate(long);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await settle();
  const memoryBytes = held() - before;
  let samples = 0;
  for (const s of world.metrics.series) samples += s.ts.length;
  const own = Date.parse(scenario.window.end) - Date.parse(scenario.window.start);
  const windowRatio = round((LONG_WINDOW_DAYS * 86_400_000) / own);
  const timeRatio = round(ms / ownMs);
  return {
    ...long.window,
    retention: long.observability!.logs!.retention!,
    ms: round(ms),
    cpuMs: round((cpu.user + cpu.system) / 1000),
    logLines: world.logs.size,
    samples,
    traces: world.traces.traceIds.length,
    memoryBytes,
    timeRatio,
    windowRatio,
    problems,
    ok: problems.length === 0 && timeRatio <= windowRatio,
  };
}

/** Bytes the process holds in its heap and in typed arrays. */
function held(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The figures as rows of the bench's table: figure, value, budget, verdict. */
export function longWindowRows(l: LongWindowFigures): [string, string, string, string][] {
  return [
    [
      `${LONG_WINDOW_DAYS}-day window`,
      `${l.ms} ms (CPU ${l.cpuMs} ms), ${l.timeRatio}× the scenario's own`,
      `≤ ${l.windowRatio}× (its length)`,
      l.ok ? 'ok' : 'OVER',
    ],
    [
      '',
      `${l.logLines} log lines and ${l.traces} traces (kept ${l.retention}), ${l.samples} samples, ${(l.memoryBytes / 1048576).toFixed(0)} MiB held`,
      '',
      '',
    ],
    ...l.problems.map((p): [string, string, string, string] => ['', p, '', 'OVER']),
  ];
}
