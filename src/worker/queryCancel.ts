import type { QueryBudget } from '../engine/query/budget.ts';

/**
 * Cancelling a query the world's worker is running. The worker evaluates a query in one synchronous run,
 * so a message posted to it waits until the query is over; instead the page and the worker share a
 * counter per lane (a panel whose queries supersede each other): the page writes there the id of the
 * panel's latest query, which moves on when a new query starts (superseding the one running) and when
 * the trainee cancels. A query carries the id it was asked with as its ticket, and its budget reads the
 * lane at each of its checks: once they differ, it stops and answers "cancelled".
 *
 * Sharing memory with a worker needs a cross-origin isolated page (the servers send COOP and COEP);
 * where it is not, queries still stop at the host's time budget, and a cancelled answer is dropped.
 */

/** The lanes: the log explorer, the metrics explorer and the trace search each supersede their own. */
export const LANES = ['logs', 'metrics', 'traces'] as const;
export type Lane = (typeof LANES)[number];

/** Which query a run belongs to: its lane, and the panel's query id when it was asked. */
export interface QueryTicket {
  readonly lane: number;
  readonly generation: number;
}

/** A buffer of one counter per lane, to share between the page and the worker. */
export function cancelBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(LANES.length * Int32Array.BYTES_PER_ELEMENT);
}

/** The lane a tool's queries run in when its panel asks them, if it has one. */
export function laneOf(tool: string): Lane | undefined {
  return (LANES as readonly string[]).includes(tool) ? (tool as Lane) : undefined;
}

/** The ticket of the panel's query `queryId` in `lane`. */
export function ticketOf(lane: Lane, queryId: number): QueryTicket {
  return { lane: LANES.indexOf(lane), generation: queryId };
}

/** The page's side: the panel's latest query id in `lane` is now `queryId`; any other stops at its next check. */
export function announce(counters: Int32Array, lane: Lane, queryId: number): void {
  Atomics.store(counters, LANES.indexOf(lane), queryId);
}

/** The worker's side: whether the query with `ticket` has been superseded or cancelled since it was asked. */
export function isCancelled(counters: Int32Array | undefined, ticket: QueryTicket | undefined): boolean {
  if (counters === undefined || ticket === undefined) return false;
  return Atomics.load(counters, ticket.lane) !== ticket.generation;
}

/**
 * A query's budget in the worker: it expires `budgetMs` after it starts on the clock `now`, or as soon as
 * its ticket is cancelled; `why` then says which.
 */
export function hostBudget(
  budgetMs: number,
  now: () => number,
  counters: Int32Array | undefined,
  ticket: QueryTicket | undefined,
): QueryBudget & { why(): 'cancelled' | 'timeout' } {
  const end = now() + budgetMs;
  return {
    expired: () => isCancelled(counters, ticket) || now() > end,
    why: () => (isCancelled(counters, ticket) ? 'cancelled' : 'timeout'),
  };
}
