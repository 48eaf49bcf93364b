import type { World } from '../world/world.ts';
import type { ResultLogLine } from './types.ts';

/** A log search as the simple log panel asks it: an optional service scope and a line filter. */
export interface LogSearch {
  readonly service?: string;
  /** Text every returned line contains (case-sensitive, like LogQL's `|=`). Empty matches everything. */
  readonly contains: string;
  readonly startMs?: number;
  readonly endMs?: number;
  /** Most lines returned, newest first. */
  readonly limit?: number;
}

/** A found log line with the labels a panel shows beside it. */
export interface LogHit extends ResultLogLine {
  readonly service: string;
  readonly instance: string;
}

/** The lines shown (newest first, up to the limit) and how many matched in all. */
export interface LogSearchResult {
  readonly matched: number;
  readonly lines: readonly LogHit[];
}

/** The LogQL query equivalent to a simple search, shown to trainees so the habit carries over to Loki. */
export function toLogQL(search: LogSearch): string {
  const selector = search.service ? `{service="${search.service}"}` : '{service=~".+"}';
  return search.contains ? `${selector} |= ${JSON.stringify(search.contains)}` : selector;
}

/** Runs a simple search over a world's logs. Pure; the same world and search give the same answer. */
export function searchLogs(world: World, search: LogSearch): LogSearchResult {
  const logs = world.logs;
  const limit = search.limit ?? 500;
  const start = search.startMs ?? world.startMs;
  const end = Math.min(search.endMs ?? world.endMs, world.endMs);
  const streams = logs.streams.filter((s) => !search.service || s.labels.service === search.service);
  const hits: LogHit[] = [];
  let matched = 0;
  // Walk each selected stream newest-first and merge: streams are few, lines many.
  const candidates: number[] = [];
  for (const stream of streams) {
    const ids = logs.streamEntries(stream.id);
    const lo = logs.lowerBound(ids, start);
    const hi = logs.lowerBound(ids, end);
    for (let i = lo; i < hi; i++) {
      const id = ids[i]!;
      if (search.contains && !logs.line(id).includes(search.contains)) continue;
      matched++;
      candidates.push(id);
    }
  }
  // Entry ids are in time order, so sorting ids sorts by time.
  candidates.sort((a, b) => b - a);
  for (const id of candidates.slice(0, limit)) {
    const labels = logs.streamOf(id).labels;
    hits.push({
      id,
      tsMs: logs.tsMs(id),
      line: logs.line(id),
      service: labels.service ?? '',
      instance: labels.instance ?? '',
    });
  }
  return { matched, lines: hits };
}
