import type { EpModel, InstModel } from '../model/model.ts';
import { shardOf } from '../model/shards.ts';
import type { Run } from '../run.ts';
import { SERVER } from '../traffic/spans.ts';

/**
 * What a sharded store exposes besides what every store does: how long each shard takes over each
 * operation (the store's own view, as a Redis cluster node or a Citus worker reports it), and the shard
 * its callers name when an operation fails. Worlds without a sharded store write none of it.
 */

const histograms = new WeakMap<Run, Map<number, number>>();

/** Declares the shard latency histogram when some store is sharded. */
export function setupShardMetrics(run: Run): void {
  if (!run.sys.services.some((s) => s.spec.shards !== undefined)) return;
  run.metrics.describe('db_server_operation_duration_seconds', {
    type: 'histogram',
    help: 'Time a shard of the store took over an operation, by shard.',
  });
  histograms.set(run, new Map());
}

/** Records the duration of store operation `i`, served by `inst` of a sharded store, on its shard. */
export function observeShardOp(run: Run, i: number, inst: InstModel, ep: EpModel): void {
  const byKey = histograms.get(run);
  if (!byKey) return;
  const key = inst.idx * 4096 + ep.idx;
  let slot = byKey.get(key);
  if (slot === undefined) {
    slot = run.metrics.histogram('db_server_operation_duration_seconds', {
      ...run.telemetry[inst.idx]!.labels,
      route: ep.path,
      method: ep.method,
    });
    byKey.set(key, slot);
  }
  run.metrics.observeMs(slot, run.spans.dur, i);
}

/**
 * The shard a failed call to a sharded store reached, as its client names it (`shard 2: `), or nothing:
 * an application that routes by key wraps the driver's error with where it sent the operation.
 */
export function shardPrefix(run: Run, clientSpan: number): string {
  const sp = run.spans;
  const server = clientSpan + 1;
  if (server >= sp.n || sp.parent[server] !== clientSpan || sp.kind[server] !== SERVER) return '';
  const shard = shardOf(run.sys.instances[sp.inst[server]!]!);
  return shard < 0 ? '' : `shard ${shard}: `;
}
