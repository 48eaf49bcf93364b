import type { EpModel, InstModel } from '../model/model.ts';
import type { Run } from '../run.ts';
import { SERVER } from './spans.ts';

/**
 * Turns a request away at the edge, as a rate limiter does: a 429 answered in a millisecond or two, no
 * calls downstream. It is logged, counted and traced like any other request, and is not an error of the
 * service (OpenTelemetry leaves 4xx server spans unset), so 5xx dashboards do not see it.
 */
export function rejectRequest(run: Run, ep: EpModel, inst: InstModel, t0: number): number {
  const sp = run.spans;
  const s = sp.open(SERVER, ep.svc.idx, inst.idx, ep.idx, -1, t0);
  sp.status[s] = 429;
  sp.dur[s] = 0.5 + run.rng.latency.next() * 2;
  inst.busyMs += 0.2;
  return s;
}
