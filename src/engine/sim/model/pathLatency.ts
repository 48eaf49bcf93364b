import type { EpModel } from './model.ts';

/**
 * Each endpoint's usual latency along its call path: its own plus that of every synchronous call it makes
 * (call graphs have no cycles; the schema checks it). A request is slow against this, not its own share.
 */
export function pathLatencies(endpoints: readonly EpModel[]): number[] {
  const memo = new Map<EpModel, number>();
  const of = (ep: EpModel): number => {
    const known = memo.get(ep);
    if (known !== undefined) return known;
    memo.set(ep, ep.latencyMs);
    let total = ep.latencyMs;
    for (const c of ep.calls) if (!c.async) total += of(c.callee);
    memo.set(ep, total);
    return total;
  };
  return endpoints.map(of);
}
