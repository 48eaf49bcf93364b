import type { SeriesEvidence } from '../../engine/investigation/evidence.ts';
import type { ToolResult } from '../../engine/investigation/tools.ts';
import { alignSeries } from './seriesFormat.ts';
import type { ChartData } from './uplotChart.ts';

/**
 * How many series a graph draws until asked for all, as Grafana's Explore does: more lines than that read
 * as noise, and drawing thousands holds the page for seconds.
 */
export const CHARTED_SERIES = 20;

/** The series a metrics answer drew, as a chart reads them: the first `limit` of them. */
export function chartOf(
  result: ToolResult,
  names: (e: SeriesEvidence) => string,
  unit?: string,
  limit = Number.POSITIVE_INFINITY,
): ChartData {
  if (!result.ok) return { xs: [], ys: [], names: [] };
  const drawn = result.items.filter((i) => i.evidence.kind === 'series').slice(0, limit);
  const { xs, ys } = alignSeries(drawn.map((i) => i.samples ?? []));
  const { startMs, endMs } = result.scope;
  return {
    xs,
    ys,
    names: drawn.map((i) => names(i.evidence as SeriesEvidence)),
    labels: drawn.map((i) => (i.evidence as SeriesEvidence).labels),
    unit,
    ...(startMs !== undefined && endMs !== undefined && endMs > startMs ? { range: { startMs, endMs } } : {}),
  };
}
