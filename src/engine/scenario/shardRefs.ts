import { didYouMean } from './diagnostics.ts';
import type { Scenario, Service } from './schema.ts';

type Add = (path: PropertyKey[], message: string) => void;

/** Kinds of service whose keys can be split over shards. */
const STORES = new Set(['database', 'cache']);

/**
 * Checks sharded stores and the hot keys on them: only a database or a cache is sharded, its instances
 * cover every shard alike, a hot-key fault sits on a sharded store and names one of its shards, and no
 * other fault names a shard or a key.
 */
export function checkShards(s: Scenario, services: ReadonlyMap<string, Service>, add: Add): void {
  s.system.services.forEach((svc, i) => {
    if (svc.shards === undefined) return;
    const at = ['system', 'services', i];
    if (!STORES.has(svc.kind))
      add(
        [...at, 'shards'],
        `only a database or a cache splits its keys over shards; "${svc.id}" is of kind ${svc.kind}: remove \`shards\``,
      );
    else if (svc.instances % svc.shards !== 0)
      add(
        [...at, 'instances'],
        `"${svc.id}" has ${svc.shards} shards and ${svc.instances} instance(s): run one instance per shard (instances: ${svc.shards}) or the same number of copies of each (${svc.shards * 2}, ${svc.shards * 3}…)`,
      );
  });
  const sharded = s.system.services.filter((svc) => svc.shards !== undefined).map((svc) => svc.id);
  s.faults.forEach((f, i) => {
    const at = (...rest: PropertyKey[]) => ['faults', i, ...rest];
    if (f.kind !== 'hot-key') {
      if (f.shard !== undefined)
        add(at('shard'), `only a hot-key fault names a shard; "${f.id}" is ${f.kind}`);
      if (f.key !== undefined) add(at('key'), `only a hot-key fault names a key; "${f.id}" is ${f.kind}`);
      return;
    }
    const svc = services.get(f.service);
    if (!svc) return;
    if (svc.shards === undefined) {
      const where =
        sharded.length > 0
          ? `the sharded stores are ${sharded.map((id) => `"${id}"`).join(', ')}${didYouMean(f.service, sharded)}`
          : 'give the store `shards:` (and an instance per shard) in system.services';
      add(
        at('service'),
        `a hot-key fault acts on a sharded store, and "${f.service}" declares no shards: ${where}`,
      );
      return;
    }
    if (f.shard !== undefined && f.shard >= svc.shards)
      add(
        at('shard'),
        `no shard ${f.shard}: "${svc.id}" has ${svc.shards} shards, numbered 0 to ${svc.shards - 1}`,
      );
  });
}
