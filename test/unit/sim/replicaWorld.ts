import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { loadedScenario } from '../helpers.ts';
import { testWorldText } from './worldText.ts';

/**
 * A small SaaS with a read replica in two regions: web → api, which saves notes to the primary (`db`) and
 * reads them back from `db-replica` (one instance in us, one in eu). Users come from both regions. The
 * window runs 00:00–00:40; the `backfill` config change at 00:15 is the usual trigger, and `services`
 * replaces the replica's declaration when a test needs another.
 */
export function replicaWorldText(fault: string, replica = REPLICA): string {
  return testWorldText({
    id: 'replica-world',
    title: 'Replica world',
    summary: 'A notes app for replica tests.',
    seed: 5,
    component: 'db-replica',
    fault: 'replication-lag',
    body: `
system:
  services:
    - id: web
      kind: frontend
      instances: 2
      regions: [us, eu]
      endpoints:
        - { route: "POST /notes", rate: 4, latency: 3ms, calls: [{ service: api, route: "POST /v1/notes" }] }
        - { route: "GET /notes", rate: 12, latency: 3ms, calls: [{ service: api, route: "GET /v1/notes" }] }
    - id: api
      kind: api
      language: typescript
      instances: 2
      regions: [us, eu]
      endpoints:
        - { route: "POST /v1/notes", latency: 15ms, calls: [{ service: db, route: "UPDATE notes" }] }
        - { route: "GET /v1/notes", latency: 10ms, calls: [{ service: db-replica, route: "SELECT notes" }] }
    - id: db
      kind: database
      endpoints:
        - { route: "UPDATE notes", latency: 5ms }
        - { route: "SELECT notes", latency: 3ms }
${replica}
  edges:
    - { from: web, to: api, timeout: 2s }
    - { from: api, to: db, timeout: 1s, pool: 10 }
    - { from: api, to: db-replica, timeout: 1s, pool: 10 }
traffic:
  segments:
    - { id: us-users, share: 0.5, attrs: { region: us } }
    - { id: eu-users, share: 0.5, attrs: { region: eu } }
timeline:
  - { id: backfill, at: 2026-03-01T00:15:00Z, kind: config, service: api, key: BACKFILL_NOTE_SEARCH, value: "on", description: Rewrite every note to fill its search column. }
faults:
  - ${fault}
`,
  });
}

/** The replica as {@link replicaWorldText} declares it unless told otherwise. */
export const REPLICA = `    - id: db-replica
      kind: database
      replicaOf: db
      instances: 2
      regions: [us, eu]
      endpoints:
        - { route: "SELECT notes", latency: 3ms }`;

/** The world of {@link replicaWorldText}, loaded; a test fails with its diagnostics if it does not load. */
export function replicaWorld(fault: string, replica = REPLICA): Scenario {
  return loadedScenario(replicaWorldText(fault, replica), 'replica-world.yaml');
}
