import type { SeriesEvidence } from '../../engine/investigation/evidence.ts';
import type { ToolResult } from '../../engine/investigation/tools.ts';
import { alignSeries } from './seriesFormat.ts';
import type { ChartData } from './uplotChart.ts';

/** The series a metrics answer drew, as a chart reads them. */
export function chartOf(result: ToolResult, names: (e: SeriesEvidence) => string, unit?: string): ChartData {
  if (!result.ok) return { xs: [], ys: [], names: [] };
  const drawn = result.items.filter((i) => i.evidence.kind === 'series');
  const { xs, ys } = alignSeries(drawn.map((i) => i.samples ?? []));
  return {
    xs,
    ys,
    names: drawn.map((i) => names(i.evidence as SeriesEvidence)),
    labels: drawn.map((i) => (i.evidence as SeriesEvidence).labels),
    unit,
  };
}
