import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { scenarioText } from '../helpers.ts';

/** only-in-europe (as written: eu-west is the region it breaks) with one more fault on payments → payments-db. */
function withFault(kind: string, region: string | undefined) {
  const doc = parseDocument(scenarioText('only-in-europe.yaml'));
  doc.addIn(['faults'], {
    id: 'extra',
    kind,
    service: 'payments',
    edge: { from: 'payments', to: 'payments-db' },
    ...(region ? { region } : {}),
    severity: 0.6,
    from: doc.getIn(['faults', 0, 'from']) ?? '2026-11-10T10:00:00Z',
  });
  return loadScenario(doc.toString(), 'extra.yaml');
}

describe('a fault on a call’s shared state', () => {
  const regionOf = () => {
    const { scenario } = loadScenario(scenarioText('only-in-europe.yaml'), 'o.yaml');
    return scenario!.system.services.find((s) => s.id === 'payments')!.regions[0]!;
  };

  for (const kind of ['connection-pool-exhaustion', 'cache-stampede'])
    it(`refuses a region on a ${kind} fault, which every region's calls share`, () => {
      const { diagnostics } = withFault(kind, regionOf());
      const messages = diagnostics.filter((d) => d.path === 'faults[1].region').map((d) => d.message);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(
        new RegExp(`^a ${kind} fault acts on the call's .*: \`region\` cannot narrow it`),
      );
    });

  it('keeps a region on a kind that acts per request', () => {
    const { diagnostics } = withFault('edge-latency', regionOf());
    expect(diagnostics.filter((d) => d.path === 'faults[1].region')).toEqual([]);
  });
});
