import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { loadedScenario } from '../helpers.ts';
import { testWorldText } from './worldText.ts';

/** The world's `metrics:` list unless a test gives its own: one business counter of orders. */
const ORDERS = '  - { name: orders_total, help: Orders placed., service: api, route: "POST /v1/orders" }';

/**
 * A small shop to try each fault kind on: web → api (cache with a database behind it, a pool, a queue and a
 * worker). The fault's YAML is spliced in; the window runs 00:00–00:40 and faults start at 00:15.
 */
export function faultWorld(fault: string, extra = '', metrics = ORDERS): Scenario {
  return loadedScenario(faultWorldText(fault, extra, metrics), 'fault-world.yaml');
}

/** The text of {@link faultWorld}: `metrics` holds the lines of its `metrics:` list. */
export function faultWorldText(fault: string, extra = '', metrics = ORDERS): string {
  return testWorldText({
    id: `fault-${fault.length}`,
    title: 'Fault world',
    summary: 'A shop for fault tests.',
    seed: 11,
    component: 'api',
    fault: /kind: ([\w-]+)/.exec(fault)?.[1] ?? 'custom',
    body: `
system:
  services:
    - id: web
      kind: frontend
      instances: 2
      endpoints:
        - { route: "GET /items", rate: 12, latency: 3ms, calls: [{ service: api, route: "GET /v1/items" }] }
        - { route: "POST /orders", rate: 4, latency: 3ms, calls: [{ service: api, route: "POST /v1/orders" }] }
    - id: api
      kind: api
      language: typescript
      instances: 2
      limits: { cpu: 1, memoryMb: 256, fds: 1024 }
      endpoints:
        - { route: "GET /v1/items", latency: 30ms, calls: [{ service: cache, route: "GET items" }, { service: db, route: "SELECT items", onMiss: true }] }
        - { route: "POST /v1/orders", latency: 20ms, calls: [{ service: db, route: "INSERT orders" }, { service: queue, route: "PUBLISH orders", async: true }] }
    - id: cache
      kind: cache
      endpoints: [{ route: "GET items", latency: 1ms }]
    - id: db
      kind: database
      limits: { cpu: 0.3, diskGb: 10 }
      endpoints:
        - { route: "SELECT items", latency: 40ms, cpu: 20ms }
        - { route: "INSERT orders", latency: 5ms }
        - { route: "UPDATE orders", latency: 5ms }
    - id: queue
      kind: queue
      endpoints: [{ route: "PUBLISH orders", latency: 1ms, calls: [{ service: worker, route: "CONSUME orders" }] }]
    - id: worker
      kind: worker
      language: go
      instances: 1
      endpoints: [{ route: "CONSUME orders", latency: 30ms, calls: [{ service: db, route: "UPDATE orders" }] }]
  edges:
    - { from: web, to: api, timeout: 300ms }
    - { from: api, to: cache, timeout: 100ms, hitRatio: 0.9 }
    - { from: api, to: db, timeout: 1s, pool: 10, poolTimeout: 500ms }
    - { from: api, to: queue, timeout: 1s }
    - { from: queue, to: worker, timeout: 30s }
    - { from: worker, to: db, timeout: 1s, pool: 4 }
traffic:
  segments:
    - { id: beta, share: 0.3, attrs: { plan: beta } }
metrics:
${metrics}
timeline:
  - { id: change, at: 2026-03-01T00:15:00Z, kind: flag, service: api, key: new-pricing, value: "on", description: Turn on new pricing for beta users. }
faults:
  - ${fault}
${extra}
`,
  });
}
