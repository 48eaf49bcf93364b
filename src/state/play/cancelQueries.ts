import type { Lane, QueryTicket } from '../../worker/queryCancel.ts';
import { announce, LANES, laneOf, ticketOf } from '../../worker/queryCancel.ts';
import type { AppState, AppStore } from '../store.ts';

/** The latest query id of the panel that owns `lane`: it moves on when a query starts there or is cancelled. */
function queryIdOf(state: AppState, lane: Lane): number {
  switch (lane) {
    case 'logs':
      return state.logView.queryId;
    case 'metrics':
      return state.metricsView.queryId;
    case 'traces':
      return state.tracesView.queryId;
  }
}

/**
 * Keeps the counters shared with the world's worker at each panel's latest query id, so that a query the
 * panel has superseded or cancelled stops in the worker at its next check (see `queryCancel.ts`).
 */
export function announceQueryIds(store: AppStore, buffer: SharedArrayBuffer): () => void {
  const counters = new Int32Array(buffer);
  const write = (state: AppState) => {
    for (const lane of LANES) announce(counters, lane, queryIdOf(state, lane));
  };
  write(store.getState());
  return store.subscribe(write);
}

/**
 * The ticket of the query a panel is about to ask for `tool`: its lane and the panel's current query id.
 * Undefined for a tool no panel supersedes (the page's own queries, such as a dashboard's, carry none).
 */
export function panelTicket(state: AppState, tool: string): QueryTicket | undefined {
  const lane = laneOf(tool);
  return lane === undefined ? undefined : ticketOf(lane, queryIdOf(state, lane));
}
