import type { Fault, Service } from '../../scenario/schema.ts';
import type { InstModel } from './model.ts';
import { hashString } from './rng.ts';

/**
 * A store that declares `shards: N` splits its keys over N shards, numbered from 0: instance n (its place
 * among the service's, from 0) serves shard n modulo N, so a store with twice as many instances as shards
 * keeps two copies of each. Its series and log streams carry the shard, so a query can group by it.
 */

/** The shard an instance serves, or -1 when its service is not sharded. */
export function shardOf(inst: InstModel): number {
  const n = inst.svc.spec.shards;
  return n === undefined ? -1 : inst.slot % n;
}

/**
 * The key a hot-key fault's operations share: the one it names, or one made of the table its route works
 * on and the segment whose requests hit it (`usage_counters:acme`).
 */
export function hotKeyOf(fault: Fault): string {
  if (fault.key) return fault.key;
  const table = /(\w+)\s*$/.exec(fault.route ?? '')?.[1] ?? 'items';
  return `${table}:${fault.segment ?? fault.id}`;
}

/** The shard holding a hot-key fault's key: the one it names, else the one the key hashes to. */
export function hotShardOf(fault: Fault, store: Service): number {
  if (fault.shard !== undefined) return fault.shard;
  return hashString(hotKeyOf(fault)) % (store.shards ?? 1);
}
