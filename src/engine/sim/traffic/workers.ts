import type { Run } from '../run.ts';
import { TICK_MS } from '../run.ts';

/** Calls are refused at most this often: a backlog always lets a few through as workers come free. */
const MAX_REFUSED = 0.97;

/**
 * Sets, for the coming tick, the share of calls each service with a `concurrency` limit refuses, by
 * Little's law over the last tick: requests in flight per serving instance = calls offered to it per
 * second × the time one took. Past the limit, the surplus overflows the backlog. A request that waits
 * longer on a slow dependency holds its worker longer, so the same load needs more workers; the
 * instances then do less work (their CPU drops) while refusing more.
 */
export function updateWorkers(run: Run, t0: number): void {
  const all = run.sys.instances;
  for (const svc of run.sys.services) {
    if (svc.concurrency > 0) {
      let serving = 0;
      for (const i of svc.active) {
        const inst = all[i]!;
        if (!(inst.killedAt <= t0 && inst.downUntil > t0)) serving++;
      }
      const meanMs = svc.accepted > 0 ? svc.heldMs / svc.accepted : 0;
      const inFlight = ((svc.accepted + svc.refused) / Math.max(1, serving)) * (meanMs / TICK_MS);
      svc.refuseShare =
        inFlight <= svc.concurrency ? 0 : Math.min(MAX_REFUSED, (inFlight - svc.concurrency) / inFlight);
    }
    svc.accepted = 0;
    svc.heldMs = 0;
    svc.refused = 0;
  }
}
