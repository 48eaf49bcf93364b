import { didYouMean } from './diagnostics.ts';
import type { Scenario, Service } from './schema.ts';

type Add = (path: PropertyKey[], message: string) => void;

/** A statement that changes data: a replica replays these from its primary and never takes them itself. */
const WRITES = /^(INSERT|UPDATE|DELETE|UPSERT|MERGE|COPY|TRUNCATE|ALTER|CREATE|DROP|POST|PUT|PATCH)\b/i;

/**
 * Checks read replicas and the faults that make them fall behind: a replica is a database copying another
 * database that is not itself a replica, it answers reads only, and a `replication-lag` fault names a
 * replica (not its primary) and acts on the replica itself rather than on a call edge.
 */
export function checkReplicas(s: Scenario, services: ReadonlyMap<string, Service>, add: Add): void {
  const databases = s.system.services.filter((svc) => svc.kind === 'database').map((svc) => svc.id);
  const replicas = s.system.services.filter((svc) => svc.replicaOf !== undefined);
  s.system.services.forEach((svc, si) => {
    if (svc.replicaOf === undefined) return;
    const at = ['system', 'services', si];
    if (svc.kind !== 'database') {
      add(
        [...at, 'kind'],
        `"${svc.id}" copies "${svc.replicaOf}" as a read replica, so it is a database: set \`kind: database\` or remove \`replicaOf\``,
      );
      return;
    }
    const primary = services.get(svc.replicaOf);
    if (svc.replicaOf === svc.id) add([...at, 'replicaOf'], `"${svc.id}" cannot be a replica of itself`);
    else if (!primary)
      add(
        [...at, 'replicaOf'],
        `unknown primary "${svc.replicaOf}"${didYouMean(
          svc.replicaOf,
          databases.filter((d) => d !== svc.id),
        )}`,
      );
    else if (primary.kind !== 'database')
      add([...at, 'replicaOf'], `"${svc.replicaOf}" is of kind ${primary.kind}: a replica copies a database`);
    else if (primary.replicaOf !== undefined)
      add(
        [...at, 'replicaOf'],
        `"${svc.replicaOf}" is itself a replica of "${primary.replicaOf}": name the primary, replicaOf: ${primary.replicaOf}`,
      );
    svc.endpoints.forEach((ep, ei) => {
      if (WRITES.test(ep.route))
        add(
          [...at, 'endpoints', ei, 'route'],
          `"${ep.route}" writes, and a read replica serves reads only: declare it on the primary "${svc.replicaOf}" and call it there`,
        );
    });
  });
  s.faults.forEach((f, i) => {
    if (f.kind !== 'replication-lag') return;
    const at = ['faults', i];
    const svc = services.get(f.service);
    if (!svc) return;
    if (svc.replicaOf === undefined) {
      const own = replicas.filter((r) => r.replicaOf === svc.id).map((r) => r.id);
      add(
        [...at, 'service'],
        own.length > 0
          ? `replication-lag acts on the read replica that falls behind, and "${svc.id}" is the primary: did you mean "${own[0]}"?${own.length > 1 ? ` (its replicas: ${own.join(', ')})` : ''}`
          : `replication-lag acts on a read replica, and "${svc.id}" is not one: declare a database with \`replicaOf: <primary>\`, send reads to it and name it here${didYouMean(
              f.service,
              replicas.map((r) => r.id),
            )}`,
      );
    }
    if (f.edge)
      add(
        [...at, 'edge'],
        'replication-lag acts on the replica itself, whoever reads from it: remove `edge` (narrow it with `region` or `instances`)',
      );
  });
}
