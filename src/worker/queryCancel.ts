import type { Tool } from '../engine/investigation/actions.ts';
import type { QueryBudget } from '../engine/query/budget.ts';

/**
 * Cancelling a query the world's worker is running. The worker evaluates a query in one synchronous run,
 * so a message posted to it waits until the query is over; instead the page and the worker share a few
 * counters, one per lane (a panel whose queries supersede each other), and the query's budget reads its
 * lane's counter at each of its checks. The page moves a lane's counter on when a new query starts there
 * (which supersedes the one running) and when the trainee cancels; a query whose ticket no longer matches
 * stops at its next check and answers "cancelled".
 *
 * Sharing memory with a worker needs a cross-origin isolated page (the servers send COOP and COEP);
 * where it is not, queries still stop at the host's time budget and a cancelled answer is dropped.
 */

/** The lanes: the log explorer, the metrics explorer and the trace search each supersede their own. */
export const LANES = ['logs', 'metrics', 'traces', 'code'] as const;
export type Lane = (typeof LANES)[number];

/** Which query a run belongs to: its lane, and the lane's counter when it was asked. */
export interface QueryTicket {
  readonly lane: number;
  readonly generation: number;
}

/** A buffer of one counter per lane, to share between the page and the worker. */
export function cancelBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(LANES.length * Int32Array.BYTES_PER_ELEMENT);
}

/** The lane a tool's queries run in, if its panel lets a new query supersede the running one. */
export function laneOf(tool: Tool): Lane | undefined {
  return (LANES as readonly string[]).includes(tool) ? (tool as Lane) : undefined;
}

/** The page's side: tickets for new queries, and cancels. */
export class QueryCanceller {
  private readonly counters: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.counters = new Int32Array(buffer);
  }

  /** Stops the query running in `lane` (if any) and returns the ticket of the one about to be asked. */
  supersede(lane: Lane): QueryTicket {
    const index = LANES.indexOf(lane);
    return { lane: index, generation: Atomics.add(this.counters, index, 1) + 1 };
  }

  /** Stops the query running in `lane`, if any. */
  cancel(lane: Lane): void {
    Atomics.add(this.counters, LANES.indexOf(lane), 1);
  }
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
