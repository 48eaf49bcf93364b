import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { loadedScenario } from '../helpers.ts';
import { testWorldText } from './worldText.ts';

/**
 * A shop on two coasts: web and api run in east and west, each region's users stay in their region, and
 * orders-db has one instance on each coast (orders-db-0 in east, orders-db-1 in west). `timeline` and
 * `faults` are spliced in (YAML list items); the window runs 00:00–00:40.
 */
export function twoCoastsText(timeline: string, faults: string, rootCause = 'cpu-saturation'): string {
  return testWorldText({
    id: 'two-coasts',
    title: 'Two coasts',
    summary: 'A shop on two coasts.',
    seed: 7,
    component: 'orders-db',
    fault: rootCause,
    body: `
system:
  services:
    - id: web
      kind: frontend
      instances: 2
      regions: [east, west]
      endpoints:
        - { route: "GET /orders", rate: 8, latency: 3ms, calls: [{ service: api, route: "GET /v1/orders" }] }
        - { route: "POST /orders", rate: 8, latency: 3ms, calls: [{ service: api, route: "POST /v1/orders" }] }
    - id: api
      kind: api
      language: typescript
      instances: 2
      regions: [east, west]
      endpoints:
        - { route: "GET /v1/orders", latency: 10ms, calls: [{ service: orders-db, route: "SELECT orders" }] }
        - { route: "POST /v1/orders", latency: 10ms, calls: [{ service: orders-db, route: "INSERT orders" }] }
    - id: orders-db
      kind: database
      instances: 2
      regions: [east, west]
      endpoints:
        - { route: "SELECT orders", latency: 4ms }
        - { route: "INSERT orders", latency: 4ms }
  edges:
    - { from: web, to: api, timeout: 2s }
    - { from: api, to: orders-db, timeout: 1s }
traffic:
  segments:
    - { id: east-users, share: 0.5, attrs: { region: east } }
    - { id: west-users, share: 0.5, attrs: { region: west } }
timeline:
  - { id: note, at: 2026-03-01T00:05:00Z, kind: note, description: Nothing happens. }
${timeline}
faults:
${faults}
`,
  });
}

/** {@link twoCoastsText}, loaded; throws with the diagnostics when it does not load. */
export function twoCoasts(timeline: string, faults: string, rootCause?: string): Scenario {
  return loadedScenario(twoCoastsText(timeline, faults, rootCause), 'two-coasts.yaml');
}
