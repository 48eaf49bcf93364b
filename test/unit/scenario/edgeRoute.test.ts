import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { scenarioText } from '../helpers.ts';

/** The tutorial with one more fault, on the web → cart edge, limited to `route`. */
function withEdgeFault(route: string) {
  const doc = parseDocument(scenarioText('tutorial.yaml'));
  doc.addIn(['faults'], {
    id: 'slow-pricing-calls',
    kind: 'edge-latency',
    service: 'web',
    edge: { from: 'web', to: 'cart' },
    route,
    from: '2026-10-25T01:50:00Z',
  });
  return loadScenario(doc.toString(), 'edge.yaml');
}

describe('the route of a fault on an edge', () => {
  it("is the callee's endpoint that the caller calls", () => {
    const { scenario, diagnostics } = withEdgeFault('POST /api/cart/price');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(scenario?.faults.at(-1)?.route).toBe('POST /api/cart/price');
  });

  it("is refused when it names the caller's own endpoint", () => {
    const { scenario, diagnostics } = withEdgeFault('POST /checkout');
    expect(scenario).toBeUndefined();
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'faults[1].route: "cart" has no route "POST /checkout"',
    ]);
  });
});
