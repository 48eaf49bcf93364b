import type { InstModel } from '../model/model.ts';
import type { Run } from '../run.ts';
import { errorType } from '../traffic/failures.ts';
import { ERR_NONE, ERR_UPSTREAM, SERVER } from '../traffic/spans.ts';

/**
 * The instance that served client span `i` (the server span it opened, written right after it), or
 * undefined when the call reached none (refused, timed out waiting for a connection).
 */
export function servedBy(run: Run, i: number): InstModel | undefined {
  const sp = run.spans;
  const k = i + 1;
  if (k >= sp.n || sp.parent[k] !== i || sp.kind[k] !== SERVER) return undefined;
  return run.sys.instances[sp.inst[k]!];
}

/**
 * Client counters of calls to a service a failover re-points: those of {@link RequestSlots.client} with a
 * `peer_region` label, the region of the instance that served the call ("" when none did), so a query can
 * see where each region's calls went and the map can draw it. Only such services are counted this way, so
 * a world without a failover writes the series it always wrote.
 */
export class PeerRegionSlots {
  private readonly slots = new Map<string, number>();

  constructor(private readonly run: Run) {}

  /** `http_client_requests_total{…,peer,peer_region,status}` (or `db_client_operations_total`) for span `i`. */
  client(inst: InstModel, peer: number, code: number, i: number): number {
    const region = servedBy(this.run, i)?.region ?? '';
    const key = `${inst.idx}\n${peer}\n${code}\n${region}`;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      const sp = this.run.spans;
      const err = sp.err[i]!;
      const status =
        err === ERR_NONE || err === ERR_UPSTREAM
          ? String(sp.status[i]!)
          : errorType(this.run, err, sp.status[i]!, sp.effect[i]!);
      const peerSvc = this.run.sys.services[peer]!;
      slot = this.run.metrics.series({
        __name__: peerSvc.instrumented ? 'http_client_requests_total' : 'db_client_operations_total',
        ...this.run.telemetry[inst.idx]!.labels,
        peer: peerSvc.id,
        ...(region ? { peer_region: region } : {}),
        status,
      });
      this.slots.set(key, slot);
    }
    return slot;
  }
}
