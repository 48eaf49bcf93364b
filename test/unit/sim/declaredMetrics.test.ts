import { describe, expect, it } from 'vitest';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { metricIndex } from '../../../src/engine/views/metricIndex.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { faultWorld } from './faultWorld.ts';

/** The value of a query that answers one number (a sum, a quantile), at a time of the 00:00–00:40 window. */
function one(world: World, expr: string, at: string): number {
  const r = instantQuery(world.metrics, expr, Date.parse(`2026-03-01T${at}Z`));
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  if (r.value.resultType === 'scalar') return r.value.result.v;
  if (r.value.resultType !== 'vector' || r.value.result.length !== 1)
    throw new Error(`${expr} at ${at}: ${JSON.stringify(r.value)}`);
  return r.value.result[0]!.v;
}

/** The value of each series a query answers, keyed by the value of `label`. */
function by(world: World, expr: string, label: string, at: string): Record<string, number> {
  const r = instantQuery(world.metrics, expr, Date.parse(`2026-03-01T${at}Z`));
  if (!r.ok || r.value.resultType !== 'vector') throw new Error(`${expr}: not a vector`);
  return Object.fromEntries(r.value.result.map((s) => [s.labels[label] ?? '', s.v]));
}

const WAF = `
  - { name: waf_rule_matches_total, help: Requests a WAF rule matched., service: web, route: "GET /items", labels: { rule_id: "942100" }, value: 0.5 }
  - { name: waf_rule_matches_total, help: Requests a WAF rule matched., service: web, route: "GET /items", labels: { rule_id: "941100" }, value: 0.1 }`;

describe('a counter driven by a route', () => {
  const world = simulate(
    faultWorld(
      '{ id: f, kind: custom, service: web, trigger: change, metrics: [{ name: waf_rule_matches_total, labels: { rule_id: "942100" }, factor: 10 }] }',
      '',
      WAF,
    ),
  );
  const items = 'http_server_requests_total{service="web",route="/items",status=~"[23].."}';

  it('counts its value per successful request, with its own labels on every series', () => {
    const served = one(world, `sum(${items})`, '00:14:45');
    expect(served).toBeGreaterThan(1000);
    const matched = by(world, 'sum by (rule_id) (waf_rule_matches_total)', 'rule_id', '00:14:45');
    expect(matched['942100']).toBeCloseTo(0.5 * served, 6);
    expect(matched['941100']).toBeCloseTo(0.1 * served, 6);
  });

  it('is scaled by a fault that names it, for the labels it names only', () => {
    const rates = (at: string) =>
      by(world, 'sum by (rule_id) (rate(waf_rule_matches_total[5m]))', 'rule_id', at);
    const requests = (at: string) => one(world, `sum(rate(${items}[5m]))`, at);
    expect(rates('00:14:00')['942100']! / requests('00:14:00')).toBeCloseTo(0.5, 6);
    expect(rates('00:25:00')['942100']! / requests('00:25:00')).toBeCloseTo(5, 6);
    expect(rates('00:25:00')['941100']! / requests('00:25:00')).toBeCloseTo(0.1, 6);
  });

  it('is described as a counter, with its help, for completion', () => {
    expect(metricIndex(world.metrics).metadata.waf_rule_matches_total).toEqual({
      type: 'counter',
      help: 'Requests a WAF rule matched.',
    });
  });
});

describe('a gauge over time', () => {
  const world = simulate(
    faultWorld(
      '{ id: lag, kind: custom, service: db, from: 2026-03-01T00:25:00Z, until: 2026-03-01T00:35:00Z, metrics: [{ name: pg_replication_lag_seconds, set: 120, over: 5m }] }',
      '',
      `
  - name: pg_replication_lag_seconds
    type: gauge
    help: How far the replica is behind its primary.
    service: db
    labels: { replica: db-replica-1 }
    value: 0.2
    steps: [{ after: change, value: 1.5 }]
  - { name: db_primary_info, type: gauge, help: Where the primary runs., service: api, labels: { location: us-east-1 } }
  - { name: db_primary_info, type: gauge, help: Where the primary runs., service: api, labels: { location: us-west-2 }, value: 0, steps: [{ at: 2026-03-01T00:30:00Z, value: 1 }] }
  - { name: db_backup_bytes_written_total, help: Bytes the backup wrote., service: db, value: 1000 }`,
    ),
  );
  const lag = 'pg_replication_lag_seconds{replica="db-replica-1"}';

  const cases: [at: string, value: number, why: string][] = [
    ['00:00:00', 0.2, 'its value from the window start'],
    ['00:14:45', 0.2, 'until the event of its step'],
    ['00:15:00', 1.5, 'the step from the event on'],
    ['00:25:00', 1.5, 'the fault starts ramping'],
    ['00:27:30', 1.5 + (120 - 1.5) / 2, 'halfway up the ramp'],
    ['00:32:00', 120, 'the value the fault sets, once ramped'],
    ['00:35:00', 1.5, 'back when the fault ends'],
  ];
  for (const [at, value, why] of cases)
    it(`is ${value} at ${at}: ${why}`, () => {
      expect(one(world, lag, at)).toBeCloseTo(value, 9);
    });

  it('answers the queries an author writes about where something runs', () => {
    const primary = (at: string) => by(world, 'count by (location) (db_primary_info == 1)', 'location', at);
    expect(primary('00:20:00')).toEqual({ 'us-east-1': 2 });
    expect(primary('00:31:00')).toEqual({ 'us-east-1': 2, 'us-west-2': 2 });
  });

  it('grows a counter without a route by its value every second', () => {
    expect(one(world, 'sum(rate(db_backup_bytes_written_total[5m]))', '00:20:00')).toBeCloseTo(1000, 6);
  });

  it('is described as a gauge', () => {
    expect(world.metrics.metadata.get('pg_replication_lag_seconds')).toEqual({
      type: 'gauge',
      help: 'How far the replica is behind its primary.',
    });
  });
});

describe('a gauge driven by a route', () => {
  const world = simulate(
    faultWorld(
      '{ id: f, kind: custom, service: api, instances: [api-2], trigger: change, metrics: [{ name: orders_in_flight, factor: 4 }] }',
      '',
      '  - { name: orders_in_flight, type: gauge, help: Orders being placed., service: api, route: "POST /v1/orders", value: 0.5 }',
    ),
  );
  const orders = 'http_server_requests_total{service="api",route="/v1/orders",status=~"[23].."}';

  it("is its value times the route's successful requests per second at each scrape", () => {
    const perSecond = one(world, `sum(${orders}) - sum(${orders} offset 15s)`, '00:10:00') / 15;
    expect(perSecond).toBeGreaterThan(1);
    expect(one(world, 'sum(orders_in_flight)', '00:10:00')).toBeCloseTo(0.5 * perSecond, 9);
  });

  it('is changed by a fault on the instances it acts on only', () => {
    const ratio = (at: string) => {
      const gauge = by(world, 'sum by (instance) (avg_over_time(orders_in_flight[5m]))', 'instance', at);
      const rate = by(world, `sum by (instance) (rate(${orders}[5m]))`, 'instance', at);
      return Object.fromEntries(
        Object.keys(gauge).map((i) => [i, Math.round((gauge[i]! / rate[i]!) * 10) / 10]),
      );
    };
    const [first, second] = world.instances.api!;
    expect(ratio('00:14:00')).toEqual({ [first!]: 0.5, [second!]: 0.5 });
    expect(ratio('00:30:00')).toEqual({ [first!]: 0.5, [second!]: 2 });
  });
});

describe('a histogram driven by a route', () => {
  const world = simulate(
    faultWorld(
      '{ id: f, kind: custom, service: api, trigger: change, metrics: [{ name: payment_provider_duration_seconds, factor: 5 }] }',
      '',
      `
  - { name: payment_provider_duration_seconds, type: histogram, help: Time the payment provider took., service: api, route: "POST /v1/orders", value: 0.2 }
  - { name: order_items, type: histogram, help: Items in an order., service: api, route: "POST /v1/orders", value: 3, buckets: [1, 2, 5, 10] }`,
    ),
  );
  const quantile = (q: number, name: string, at: string) =>
    one(world, `histogram_quantile(${q}, sum by (le) (rate(${name}_bucket[10m])))`, at);

  it('observes about its value per request: histogram_quantile finds the median', () => {
    expect(quantile(0.5, 'payment_provider_duration_seconds', '00:14:45')).toBeCloseTo(0.2, 1);
    expect(quantile(0.5, 'payment_provider_duration_seconds', '00:14:45')).toBeLessThan(0.25);
    expect(quantile(0.99, 'payment_provider_duration_seconds', '00:14:45')).toBeGreaterThan(0.25);
  });

  it('moves with a fault that scales it', () => {
    expect(quantile(0.5, 'payment_provider_duration_seconds', '00:39:00')).toBeGreaterThan(0.75);
    expect(quantile(0.5, 'payment_provider_duration_seconds', '00:39:00')).toBeLessThan(1.25);
  });

  it('counts one observation per successful request in _count, their total in _sum', () => {
    const orders = 'http_server_requests_total{service="api",route="/v1/orders",status=~"[23].."}';
    expect(one(world, 'sum(payment_provider_duration_seconds_count)', '00:14:45')).toBe(
      one(world, `sum(${orders})`, '00:14:45'),
    );
    const mean = one(
      world,
      'sum(rate(payment_provider_duration_seconds_sum[10m])) / sum(rate(payment_provider_duration_seconds_count[10m]))',
      '00:14:45',
    );
    // The mean of a log-normal spread of 0.3 around a median of 0.2: 0.2 × e^(0.045).
    expect(mean).toBeCloseTo(0.209, 2);
  });

  it('has the buckets it declares, and is described as a histogram', () => {
    const les = Object.keys(by(world, 'sum by (le) (order_items_bucket)', 'le', '00:10:00'));
    expect(les.sort()).toEqual(['+Inf', '1', '10', '2', '5']);
    const meta = metricIndex(world.metrics).metadata;
    for (const suffix of ['_bucket', '_sum', '_count'])
      expect(meta[`order_items${suffix}`]).toEqual({ type: 'histogram', help: 'Items in an order.' });
  });

  it('gives the same bytes for the same scenario and seed', () => {
    const again = simulate(world.scenario);
    expect(one(again, 'sum(payment_provider_duration_seconds_sum)', '00:39:00')).toBe(
      one(world, 'sum(payment_provider_duration_seconds_sum)', '00:39:00'),
    );
  });
});
