import type { Pressure } from '../../engine/views/pressure.ts';

// The words the header's pressure gauges speak, from the pressure the world host answered. Kept apart from
// the component so the leak test reads exactly what the page shows.

/** A share as a percentage with two decimals, so a slow burn is seen to move: `97.62%`. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}

/** The objective as people write it: `99.9%`. */
export function objectiveText(objective: number): string {
  return `${Number((objective * 100).toFixed(3))}%`;
}

/** How fast the budget burns: `42× burn`, or that it does not. */
export function burnText(burnRate: number): string {
  if (burnRate < 0.05) return 'no burn';
  return `${burnRate >= 10 ? Math.round(burnRate) : burnRate.toFixed(1)}× burn`;
}

/** The gauges' texts: the budget left, its burn, and the users' failed requests. */
export function pressureTexts(pressure: Pressure): { budget: string; burn: string; failed: string } {
  const failed = Math.round(pressure.failed);
  return {
    budget: `budget ${percent(Math.max(-9.99, pressure.budget.left))}`,
    burn: burnText(pressure.budget.burnRate),
    failed: `${failed.toLocaleString('en-US')} failed`,
  };
}

/** What the budget gauge says when asked: the objective it keeps and how it is reckoned. */
export function budgetHelp(pressure: Pressure): string {
  return `Error budget left: ${percent(pressure.budget.left)} of a ${objectiveText(pressure.budget.objective)} availability objective over 30 days, spent by the users' requests that failed (server errors or turned away); the burn rate (how many times faster than the objective allows) is over the last 5 minutes.`;
}
