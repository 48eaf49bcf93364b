import type { LogEvidence, Tool } from '../investigation/actions.ts';
import { refs } from '../investigation/evidence.ts';
import type { ToolResult } from '../investigation/tools.ts';
import { runTool } from '../investigation/tools.ts';
import type { Labels } from '../world/labels.ts';
import type { LogStore } from '../world/logStore.ts';
import type { World } from '../world/world.ts';
import type { LogLevel, LogVolume, MatchedLine } from './logVolume.ts';
import { detectLevel, matchLogs, volumeOf } from './logVolume.ts';

/**
 * What the log explorer asks: a LogQL query over a range, how many of the newest lines to list at once (the
 * rest are read page by page as the list scrolls) and the histogram's bars.
 */
export interface LogExploreRequest {
  readonly query: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly limit: number;
  readonly buckets: number;
}

/** What the explorer shows beside each line of a log result: its stream labels and its level. */
export interface LogRow {
  readonly labels: Labels;
  readonly level: LogLevel;
}

/**
 * The explorer's answer: the tool result (what is recorded and pinnable: the newest `limit` lines), one row
 * per log item, and for log queries the volume of every match in the range. `matched` counts every match,
 * and the list reaches each of them with {@link logPage}.
 */
export interface LogExploration {
  readonly result: ToolResult;
  readonly rows: readonly LogRow[];
  readonly volume?: LogVolume;
}

/** Every line the last log query matched, newest first; kept beside the world, never sent to the page. */
export type LogMatches = readonly MatchedLine[];

/** Rows `[from, from + items.length)` of a log result, newest first: the pinnable lines and their rows. */
export interface LogPage {
  readonly from: number;
  readonly items: readonly LogEvidence[];
  readonly rows: readonly LogRow[];
}

function rowOf(world: World, id: number): LogRow {
  return { labels: world.logs.streamOf(id).labels, level: detectLevel(world.logs.line(id)) };
}

/**
 * Runs a log query through the logs tool and adds what the explorer draws around the lines; `matches` holds
 * every matched line for {@link logPage} (the host keeps it and answers the page only the exploration).
 */
export function exploreLogs(
  world: World,
  request: LogExploreRequest,
): { readonly explored: LogExploration; readonly matches: LogMatches } {
  const { query, startMs, endMs, limit, buckets } = request;
  const result = runTool(world, { tool: 'logs', query, startMs, endMs, limit });
  if (!result.ok) return { explored: { result, rows: [] }, matches: [] };
  const rows: LogRow[] = [];
  for (const item of result.items)
    if (item.evidence.kind === 'log') rows.push(rowOf(world, item.evidence.id));
  if (rows.length === 0 && result.items.length > 0) return { explored: { result, rows }, matches: [] };
  const from = result.scope.startMs ?? startMs;
  const to = result.scope.endMs ?? endMs;
  const matched = matchLogs(world.logs, query, from, to);
  if ('errors' in matched) return { explored: { result, rows }, matches: [] };
  const volume = volumeOf(world.logs, matched.lines, from, to, buckets);
  // The volume counted every match, so it is the true total even when the list starts with fewer lines.
  return { explored: { result: { ...result, matched: volume.total }, rows, volume }, matches: matched.lines };
}

/** Rows `[from, to)` of the last log result, built as the logs tool builds the lines it shows. */
export function logPage(world: World, matches: LogMatches, from: number, to: number): LogPage {
  const start = Math.max(0, Math.min(from, matches.length));
  const lines = matches.slice(start, Math.max(start, Math.min(to, matches.length)));
  return {
    from: start,
    items: lines.map((e) => ({
      kind: 'log',
      ref: refs.log(e.id),
      id: e.id,
      service: world.logs.streamOf(e.id).labels.service ?? '',
      tsMs: e.tsMs,
      line: e.line,
    })),
    rows: lines.map((e) => rowOf(world, e.id)),
  };
}

/** Label names of the log streams and the values each takes, sorted, for completion in the editor. */
export interface LogLabelIndex {
  readonly names: readonly string[];
  readonly values: Readonly<Record<string, readonly string[]>>;
}

/** Every label name of the log streams, with its values. */
export function logLabelIndex(logs: LogStore): LogLabelIndex {
  const values = new Map<string, Set<string>>();
  for (const stream of logs.streams) {
    for (const [name, value] of Object.entries(stream.labels)) {
      const set = values.get(name) ?? new Set<string>();
      set.add(value);
      values.set(name, set);
    }
  }
  const names = [...values.keys()].sort();
  return { names, values: Object.fromEntries(names.map((n) => [n, [...values.get(n)!].sort()])) };
}

/** The tools a world can answer: logs, changes and the inbox always; the others when the world records them. */
export function toolsOf(world: World): Tool[] {
  const tools: Tool[] = ['logs'];
  const stores = world as World & Partial<Record<'metrics' | 'traces' | 'code', unknown>>;
  if (stores.metrics) tools.push('metrics');
  if (stores.traces) tools.push('traces');
  if (stores.code) tools.push('code');
  tools.push('changes', 'inbox');
  return tools;
}
