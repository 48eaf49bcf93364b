import type { Action } from './actions.ts';
import type { AppliedMitigation } from './responseSteps.ts';

// The incident clock as the page keeps it: the page knows what a mitigation cost only once the world host
// has applied it (what each would cost, and which is right, stays hidden), so it places the actions with
// the costs it has been told.

/** A mitigation's game time in milliseconds, when known. */
export type MitigationCost = (mitigation: string) => number | undefined;

/**
 * The game time the mitigations of an action log have added to the incident clock: each one applied
 * (once, in order) moves the clock on by its cost.
 *
 * @example
 * responseDelayWith((id) => costs[id], actions); // 600000 after one ten-minute rollback
 */
export function responseDelayWith(costOf: MitigationCost, actions: readonly Action[]): number {
  const applied = new Set<string>();
  let waited = 0;
  for (const a of actions) {
    if (a.type !== 'mitigate' || applied.has(a.mitigation)) continue;
    applied.add(a.mitigation);
    waited += costOf(a.mitigation) ?? 0;
  }
  return waited;
}

/**
 * Where each mitigation of an action log falls on the incident clock, from the costs known: each one
 * applied (once, in order) starts at the page's time plus the time spent plus what earlier ones took.
 */
export function appliedWith(
  costOf: MitigationCost,
  pageMs: number,
  actions: readonly Action[],
): AppliedMitigation[] {
  const out: AppliedMitigation[] = [];
  let waited = 0;
  for (const a of actions) {
    if (a.type !== 'mitigate' || out.some((m) => m.mitigation === a.mitigation)) continue;
    const costMs = costOf(a.mitigation) ?? 0;
    out.push({ mitigation: a.mitigation, at: a.at, atMs: pageMs + a.at + waited, costMs });
    waited += costMs;
  }
  return out;
}
