import { describe, expect, it } from 'vitest';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { faultWorld } from './faultWorld.ts';

describe("a fault's counter effect", () => {
  it('multiplies only the counter it names, not every business counter of the route', () => {
    const base = faultWorld(
      '{ id: f, kind: custom, service: api, route: "POST /v1/orders", trigger: change, counter: { name: orders_total, factor: 2 } }',
    );
    // A second counter on the same route, which the fault does not name.
    const scenario = {
      ...base,
      metrics: [...base.metrics, { ...base.metrics[0]!, name: 'order_emails_total', help: 'Emails sent.' }],
    };
    const world = simulate(scenario);
    const increase = (name: string, at: string) => {
      const r = instantQuery(world.metrics, `sum(increase(${name}[10m]))`, Date.parse(at));
      if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
      return r.value.resultType === 'vector' ? (r.value.result[0]?.v ?? 0) : Number.NaN;
    };
    for (const name of ['orders_total', 'order_emails_total'])
      expect(increase(name, '2026-03-01T00:14:00Z')).toBeGreaterThan(100);
    // Before the fault both count each order once; after, only the named one counts it twice.
    expect(
      increase('orders_total', '2026-03-01T00:14:00Z') /
        increase('order_emails_total', '2026-03-01T00:14:00Z'),
    ).toBeCloseTo(1, 5);
    expect(
      increase('orders_total', '2026-03-01T00:39:00Z') /
        increase('order_emails_total', '2026-03-01T00:39:00Z'),
    ).toBeCloseTo(2, 1);
  });
});
