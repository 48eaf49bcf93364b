import type { QueryBudget } from '../engine/query/budget.ts';
import { deadlineBudget } from '../engine/query/budget.ts';

/**
 * How long one query may run on a server before it answers "timed out". One thread serves every client
 * of a server, so a query holds them all up while it runs: a few seconds is what a person waits for a
 * panel, and far beyond what a query over any built-in world needs.
 */
export const SERVER_QUERY_BUDGET_MS = 5_000;

/** Makes a fresh budget for each request a server answers. */
export type BudgetPerRequest = () => QueryBudget;

/** A budget of `budgetMs` from the moment each request is answered, on the process' monotonic clock. */
export function queryDeadline(budgetMs = SERVER_QUERY_BUDGET_MS): BudgetPerRequest {
  return () => deadlineBudget(budgetMs, () => performance.now());
}
