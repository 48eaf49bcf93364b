import { parseTimestamp } from '../../engine/scenario/units.ts';
import type { Session } from '../../state/session.ts';
import { traceQueryText } from './traceQueryText.ts';

function windowOf(session: Session, rangeMinutes: number): { startMs: number; endMs: number } {
  const scenario = session.store.getState().scenario;
  const endMs = session.nowMs();
  const windowStart = scenario ? parseTimestamp(scenario.window.start)! : endMs - 3_600_000;
  return {
    startMs: rangeMinutes > 0 ? Math.max(windowStart, endMs - rangeMinutes * 60_000) : windowStart,
    endMs,
  };
}

/** Whether search `queryId` is still the panel's latest (not superseded by another, nor cancelled). */
function currentTraceQuery(session: Session, queryId: number): () => boolean {
  return () => session.store.getState().tracesView.queryId === queryId;
}

/** Searches traces with the panel's form; the traces tool records the query. */
export async function searchTraces(session: Session): Promise<void> {
  const { form } = session.store.getState().tracesView;
  const queryId = session.store.getState().traceQueryStarted();
  const search = await session.runTool(
    { tool: 'traces', query: traceQueryText(form), ...windowOf(session, form.rangeMinutes) },
    currentTraceQuery(session, queryId),
  );
  session.store.getState().tracesFound(search, queryId);
}

/** Opens one trace by id as a waterfall; opening it is a query too, so its spans can be pinned. */
export async function openTrace(session: Session, traceId: string): Promise<void> {
  const queryId = session.store.getState().traceQueryStarted();
  const trace = await session.runTool(
    { tool: 'traces', query: traceId, ...windowOf(session, 0) },
    currentTraceQuery(session, queryId),
  );
  session.store.getState().traceOpened(trace, queryId);
}
