import type { Tool } from '../engine/investigation/actions.ts';
import type { ToolResult } from '../engine/investigation/tools.ts';
import { runTool } from '../engine/investigation/tools.ts';
import type { Labels } from '../engine/world/labels.ts';
import type { LogStore } from '../engine/world/logStore.ts';
import type { World } from '../engine/world/world.ts';
import type { LogLevel, LogVolume } from './logVolume.ts';
import { detectLevel, logVolume } from './logVolume.ts';

/** What the log explorer asks: a LogQL query over a range, the list's line limit and the histogram's bars. */
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
 * The explorer's answer: the tool result (what is recorded and pinnable), one row per log item, and for
 * log queries the volume of every match in the range.
 */
export interface LogExploration {
  readonly result: ToolResult;
  readonly rows: readonly LogRow[];
  readonly volume?: LogVolume;
}

/** Label names of the log streams and the values each takes, sorted, for completion in the editor. */
export interface LogLabelIndex {
  readonly names: readonly string[];
  readonly values: Readonly<Record<string, readonly string[]>>;
}

/** Runs a log query through the logs tool and adds what the explorer draws around the lines. */
export function exploreLogs(world: World, request: LogExploreRequest): LogExploration {
  const { query, startMs, endMs, limit, buckets } = request;
  const result = runTool(world, { tool: 'logs', query, startMs, endMs, limit });
  if (!result.ok) return { result, rows: [] };
  const rows: LogRow[] = [];
  for (const item of result.items) {
    if (item.evidence.kind !== 'log') continue;
    rows.push({
      labels: world.logs.streamOf(item.evidence.id).labels,
      level: detectLevel(item.evidence.line),
    });
  }
  if (rows.length === 0 && result.items.length > 0) return { result, rows };
  const volume = logVolume(
    world.logs,
    query,
    result.scope.startMs ?? startMs,
    result.scope.endMs ?? endMs,
    buckets,
  );
  if ('errors' in volume) return { result, rows };
  // The volume counted every match, so it is the true total even when the list stopped at its limit.
  return { result: { ...result, matched: volume.total }, rows, volume };
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
