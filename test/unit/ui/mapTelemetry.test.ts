import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { mapTelemetry } from '../../../src/engine/views/mapTelemetry.ts';
import { builtinScenario } from '../helpers.ts';

describe('the ops map telemetry', () => {
  const world = simulate(builtinScenario('tutorial.yaml'));

  it.each([
    ['at the start of the window, before any rate can be taken', '2026-10-25T01:00:00Z', [0, 0], {}],
    ['when the page fired', '2026-10-25T02:05:00Z', [5.267, 5.267], { web: ['CheckoutErrorRate'] }],
  ])('%s', (_, at, rates, alerts) => {
    const t = mapTelemetry(world, Date.parse(at));
    expect(Object.keys(t.edges)).toEqual(['web>cart', 'cart>cart-db']);
    expect(Object.values(t.edges).map((e) => Math.round(e.rate * 1000) / 1000)).toEqual(rates);
    expect(t.alerts).toEqual(alerts);
    // Every cart pod runs one build: the deploy before the page replaced them all.
    expect(t.builds).toEqual({});
  });

  it('colours web → cart by the share of its calls that failed, from the client counters', () => {
    const t = mapTelemetry(world, Date.parse('2026-10-25T02:05:00Z'));
    expect(Math.round(t.edges['web>cart']!.errorRatio * 1000) / 1000).toBe(0.084);
    expect(t.edges['cart>cart-db']!.errorRatio).toBe(0);
  });
});
