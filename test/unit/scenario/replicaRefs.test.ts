import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { REPLICA, replicaWorldText } from '../sim/replicaWorld.ts';

const LAG = '{ id: f, kind: replication-lag, service: db-replica, trigger: backfill }';

/** The problems of the replica world with its fault and replica as given: path, line and message. */
function problems(fault: string, replica = REPLICA) {
  const { scenario, diagnostics } = loadScenario(replicaWorldText(fault, replica), 'replica-world.yaml');
  return { loaded: scenario !== undefined, found: diagnostics.map((d) => [d.path, d.line, d.message]) };
}

describe('read replicas and replication-lag faults', () => {
  it('loads a replica that copies a primary and a fault on it', () => {
    expect(problems(LAG)).toEqual({ loaded: true, found: [] });
  });

  it.each([
    [
      'a fault on the primary',
      LAG.replace('service: db-replica', 'service: db'),
      REPLICA,
      'faults[0].service',
      48,
      'replication-lag acts on the read replica that falls behind, and "db" is the primary: did you mean "db-replica"?',
    ],
    [
      'a fault on a service that is no replica',
      LAG.replace('service: db-replica', 'service: api'),
      REPLICA,
      'faults[0].service',
      48,
      'replication-lag acts on a read replica, and "api" is not one: declare a database with `replicaOf: <primary>`, send reads to it and name it here',
    ],
    [
      'a fault on a call edge',
      LAG.replace('trigger:', 'edge: { from: db-replica, to: db }, trigger:'),
      REPLICA,
      'faults[0].edge',
      48,
      'replication-lag acts on the replica itself, whoever reads from it: remove `edge` (narrow it with `region` or `instances`)',
    ],
    [
      'a primary misspelt',
      LAG,
      REPLICA.replace('replicaOf: db', 'replicaOf: dv'),
      'system.services[3].replicaOf',
      32,
      'unknown primary "dv" (did you mean "db"?)',
    ],
    [
      'a replica of a service that is no database',
      LAG,
      REPLICA.replace('replicaOf: db', 'replicaOf: api'),
      'system.services[3].replicaOf',
      32,
      '"api" is of kind api: a replica copies a database',
    ],
    [
      'a replica that is no database',
      LAG,
      REPLICA.replace('kind: database', 'kind: cache'),
      'system.services[3].kind',
      31,
      '"db-replica" copies "db" as a read replica, so it is a database: set `kind: database` or remove `replicaOf`',
    ],
    [
      'a replica that takes writes',
      LAG,
      REPLICA.replace(
        '- { route: "SELECT notes", latency: 3ms }',
        '- { route: "UPDATE notes", latency: 3ms }',
      ),
      'system.services[3].endpoints[0].route',
      36,
      '"UPDATE notes" writes, and a read replica serves reads only: declare it on the primary "db" and call it there',
    ],
  ])('refuses %s, at its place, saying what to do', (_, fault, replica, path, line, message) => {
    const { found } = problems(fault, replica);
    // A fault on an edge the system lacks is refused for that too; what is checked here is what it says.
    expect(found.filter(([p, , m]) => p === path && !String(m).startsWith('system.edges'))).toEqual([
      [path, line, message],
    ]);
  });
});
