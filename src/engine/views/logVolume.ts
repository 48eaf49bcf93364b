import { evaluateLogQL } from '../query/logql/index.ts';
import type { Diagnostic } from '../query/types.ts';
import type { LogStore } from '../world/logStore.ts';

/** Log levels as the volume histogram colours them; `unknown` is a line with no recognisable level. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'unknown'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How many lines a log query matched in each time bucket, split by level, as Grafana's log volume shows. */
export interface LogVolume {
  readonly startMs: number;
  readonly stepMs: number;
  /** Counts per level, one number per bucket. */
  readonly counts: Readonly<Record<LogLevel, readonly number[]>>;
  /** Every line the query matched in the range, whatever the line limit of the list. */
  readonly total: number;
}

const LEVEL_WORDS: Readonly<Record<string, LogLevel>> = {
  error: 'error',
  err: 'error',
  fatal: 'error',
  crit: 'error',
  critical: 'error',
  emerg: 'error',
  alert: 'error',
  warn: 'warn',
  warning: 'warn',
  info: 'info',
  notice: 'info',
  debug: 'debug',
  trace: 'debug',
};

// `level=error` (logfmt), `"level":"error"` (JSON), `[error]` (nginx error log).
const LEVEL_FIELD = /(?:\blevel=|"level"\s*:\s*"|\[)(\w+)/i;
// A combined access log line: `"GET / HTTP/1.1" 502 `.
const ACCESS_STATUS = /" ([1-5])\d\d /;

/** The level of a log line, read the way Grafana detects it: a level field, else an access log status. */
export function detectLevel(line: string): LogLevel {
  const field = LEVEL_FIELD.exec(line);
  if (field) {
    const level = LEVEL_WORDS[field[1]!.toLowerCase()];
    if (level) return level;
  }
  const status = ACCESS_STATUS.exec(line);
  if (status) return status[1] === '5' ? 'error' : status[1] === '4' ? 'warn' : 'info';
  return 'unknown';
}

/** A bucket width that gives about `buckets` bars and reads well on an axis (whole seconds or minutes). */
export function volumeStep(startMs: number, endMs: number, buckets: number): number {
  const raw = Math.max(1, (endMs - startMs) / Math.max(1, buckets));
  const nice = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400].map(
    (s) => s * 1000,
  );
  return nice.find((s) => s >= raw) ?? Math.ceil(raw / 86_400_000) * 86_400_000;
}

/** One line a log query matched: its id, time and the line as the query's pipeline left it. */
export interface MatchedLine {
  readonly id: number;
  readonly tsMs: number;
  readonly line: string;
}

/**
 * Every line a LogQL log query matches in `[startMs, endMs)`, newest first (as the list shows them). A metric
 * query answers no lines; an invalid query answers its diagnostics.
 */
export function matchLogs(
  store: LogStore,
  query: string,
  startMs: number,
  endMs: number,
): { readonly lines: readonly MatchedLine[] } | { readonly errors: readonly Diagnostic[] } {
  const result = evaluateLogQL(store, query, {
    startMs,
    endMs,
    limit: Number.POSITIVE_INFINITY,
    direction: 'forward',
  });
  if (!result.ok) return { errors: result.errors };
  if (result.value.resultType !== 'streams') return { lines: [] };
  const lines: MatchedLine[] = [];
  for (const stream of result.value.result) for (const e of stream.entries) lines.push(e);
  return { lines: lines.sort((a, b) => b.id - a.id) };
}

/** The volume of matched lines per bucket and level over `[startMs, endMs)`. */
export function volumeOf(
  store: LogStore,
  lines: readonly MatchedLine[],
  startMs: number,
  endMs: number,
  buckets: number,
): LogVolume {
  const stepMs = volumeStep(startMs, endMs, buckets);
  const n = Math.max(1, Math.ceil((endMs - startMs) / stepMs));
  const counts = Object.fromEntries(LOG_LEVELS.map((l) => [l, new Array<number>(n).fill(0)])) as Record<
    LogLevel,
    number[]
  >;
  for (const e of lines) {
    const bucket = Math.min(n - 1, Math.floor((e.tsMs - startMs) / stepMs));
    counts[detectLevel(store.line(e.id))][bucket]!++;
  }
  return { startMs, stepMs, counts, total: lines.length };
}

/**
 * Counts every line a LogQL log query matches in `[startMs, endMs)`, per bucket and level. Metric queries
 * and invalid queries answer their diagnostics instead.
 */
export function logVolume(
  store: LogStore,
  query: string,
  startMs: number,
  endMs: number,
  buckets: number,
): LogVolume | { readonly errors: readonly Diagnostic[] } {
  const matched = matchLogs(store, query, startMs, endMs);
  if ('errors' in matched) return matched;
  return volumeOf(store, matched.lines, startMs, endMs, buckets);
}
