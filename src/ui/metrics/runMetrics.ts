import type { ToolResult } from '../../engine/investigation/tools.ts';
import { parseTimestamp } from '../../engine/scenario/units.ts';
import type { Session } from '../../state/session.ts';

/** The window a metrics query covers: the chart's zoom, or the range back from the incident clock. */
export function metricsWindow(session: Session): { startMs: number; endMs: number } {
  const { metricsView: view, scenario } = session.store.getState();
  const nowMs = session.nowMs();
  const windowStart = scenario ? parseTimestamp(scenario.window.start)! : nowMs - 3_600_000;
  if (view.zoom) return { startMs: view.zoom.startMs, endMs: Math.min(view.zoom.endMs, nowMs) };
  const startMs =
    view.rangeMinutes > 0 ? Math.max(windowStart, nowMs - view.rangeMinutes * 60_000) : windowStart;
  return { startMs, endMs: nowMs };
}

/** Runs PromQL in the metrics explorer over its window; the metrics tool records the query. */
export async function runMetricsQuery(session: Session, query: string): Promise<ToolResult> {
  const store = session.store;
  const queryId = store.getState().metricsQueryStarted(query);
  // A newer query or a cancel moves the id on; this answer is then dropped and not recorded.
  const current = () => store.getState().metricsView.queryId === queryId;
  const result = await session.runTool({ tool: 'metrics', query, ...metricsWindow(session) }, current);
  store.getState().metricsQueryAnswered(result, queryId);
  return result;
}
