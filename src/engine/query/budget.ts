/**
 * A query's budget. How much work a query asks for is not known in advance (a regular expression over
 * every line of a week, a subquery at a one-second step), so evaluation asks now and then whether it must
 * stop. The engine never reads a clock: the caller's `expired` does (a deadline on the server, a cancel
 * flag in the browser's worker, a count in tests).
 *
 * @example
 * const end = performance.now() + 5_000;
 * const answer = underBudget({ expired: () => performance.now() > end }, () => instantQuery(store, q, t));
 * if (!answer.ok) reply(503, 'query timed out in expression evaluation');
 */
export interface QueryBudget {
  /** True once the query must stop: its time is up, or it was cancelled. */
  expired(): boolean;
  /** Units of work between two calls to `expired` (default {@link UNITS_PER_CHECK}); tests make it small. */
  readonly unitsPerCheck?: number;
}

/**
 * Units of work between two questions to the budget. A line read costs one unit, a regular expression
 * one per character it is run over, a PromQL node one per series and step. At about 10 ns a unit, a check
 * comes every millisecond or so: often enough to stop at once, rarely enough to cost nothing measurable.
 */
export const UNITS_PER_CHECK = 65_536;

/** Thrown from deep inside an evaluation whose budget expired; {@link underBudget} turns it into an answer. */
export class BudgetExpired extends Error {
  constructor() {
    super('query budget expired');
  }
}

/** The evaluation running now and the units it may spend before the next check. */
interface Meter {
  readonly budget: QueryBudget;
  readonly every: number;
  left: number;
}

// Evaluation is synchronous, so one slot holds the budget of the query running now. A module variable
// spares every scan, matcher and regular expression a parameter that only this check reads.
let active: Meter | undefined;

/**
 * Counts `units` of work against the running query's budget, and stops the query (by throwing
 * {@link BudgetExpired}, which only {@link underBudget} catches) when a check finds it expired. Costs a
 * subtraction when no budget is set or no check is due.
 */
export function spend(units: number): void {
  const meter = active;
  if (meter === undefined) return;
  meter.left -= units;
  if (meter.left > 0) return;
  meter.left = meter.every;
  if (meter.budget.expired()) throw new BudgetExpired();
}

/** What a budgeted evaluation answered, or that its budget expired first. */
export type Budgeted<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/**
 * Runs `work` under `budget`: its answer, or `{ ok: false }` when the budget expired before or while it
 * ran (a query cancelled while it waited never starts). Without a budget, `work` runs to its end.
 */
export function underBudget<T>(budget: QueryBudget | undefined, work: () => T): Budgeted<T> {
  if (budget === undefined) return { ok: true, value: work() };
  if (budget.expired()) return { ok: false };
  const outer = active;
  const every = Math.max(1, budget.unitsPerCheck ?? UNITS_PER_CHECK);
  active = { budget, every, left: every };
  try {
    return { ok: true, value: work() };
  } catch (err) {
    if (err instanceof BudgetExpired) return { ok: false };
    throw err;
  } finally {
    active = outer;
  }
}

/** Whether `err` is a budget's stop, which a catch-all inside the engine must let through. */
export function isBudgetExpired(err: unknown): err is BudgetExpired {
  return err instanceof BudgetExpired;
}

/** A budget that expires `budgetMs` after it is made, on the clock `now` (milliseconds) the caller gives. */
export function deadlineBudget(budgetMs: number, now: () => number): QueryBudget {
  const end = now() + budgetMs;
  return { expired: () => now() > end };
}
