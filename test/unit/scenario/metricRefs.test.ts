import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { faultWorldText } from '../sim/faultWorld.ts';

const FAULT = '{ id: f, kind: custom, service: api, trigger: change, log: { message: x } }';

/** The diagnostics of the fault world with these `metrics:` lines and this fault. */
function diagnose(metrics: string, fault = FAULT) {
  return loadScenario(faultWorldText(fault, '', metrics), 'metrics.yaml').diagnostics;
}

const cases: [why: string, metrics: string, path: string, message: string][] = [
  [
    'a counter not ending in _total',
    '  - { name: orders, help: Orders., service: api, route: "POST /v1/orders" }',
    'metrics[0].name',
    `a counter's name ends in _total: "orders_total"`,
  ],
  [
    'a gauge ending in _total',
    '  - { name: lag_total, type: gauge, help: Lag., service: db }',
    'metrics[0].name',
    "a gauge's name does not end in _total (it goes up and down): drop it, or set `type: counter`",
  ],
  [
    'a histogram named like one of its series',
    '  - { name: size_bucket, type: histogram, help: Size., service: api, route: "POST /v1/orders" }',
    'metrics[0].name',
    `name the histogram's family, "size": its series get _bucket, _sum and _count`,
  ],
  [
    'an unknown service',
    '  - { name: lag_seconds, type: gauge, help: Lag., service: dbb }',
    'metrics[0].service',
    'unknown service "dbb" (did you mean "db"?)',
  ],
  [
    'an unknown route',
    '  - { name: orders_total, help: Orders., service: api, route: "POST /v1/order" }',
    'metrics[0].route',
    '"api" has no route "POST /v1/order" (did you mean "POST /v1/orders"?)',
  ],
  [
    'a histogram without a route',
    '  - { name: size, type: histogram, help: Size., service: api }',
    'metrics[0]',
    'a histogram observes one value per request: give it the `route` whose requests it observes',
  ],
  [
    'buckets that do not increase',
    '  - { name: size, type: histogram, help: Size., service: api, route: "POST /v1/orders", buckets: [1, 5, 5] }',
    'metrics[0].buckets[2]',
    'bucket bounds increase: 5 is not above 5',
  ],
  [
    'buckets on a gauge',
    '  - { name: size, type: gauge, help: Size., service: api, buckets: [1] }',
    'metrics[0].buckets',
    'only a histogram has buckets: set `type: histogram`, or remove `buckets`',
  ],
  [
    'a label every series has already',
    '  - { name: lag_seconds, type: gauge, help: Lag., service: db, labels: { instance: replica-1 } }',
    'metrics[0].labels.instance',
    'every series has its own "instance" label already: name yours differently (e.g. "instance_name")',
  ],
  [
    'a step after an unknown event',
    '  - { name: lag_seconds, type: gauge, help: Lag., service: db, steps: [{ after: chnage, value: 3 }] }',
    'metrics[0].steps[0].after',
    'unknown timeline event "chnage" (did you mean "change"?)',
  ],
  [
    'a step with neither a time nor an event',
    '  - { name: lag_seconds, type: gauge, help: Lag., service: db, steps: [{ value: 3 }] }',
    'metrics[0].steps[0]',
    'a step starts `at` a time or `after` a timeline event: give one of them',
  ],
  [
    'a counter that would go down',
    '  - { name: bytes_total, help: Bytes., service: db, value: 5, steps: [{ after: change, value: -1 }] }',
    'metrics[0].steps[0].value',
    'a counter only goes up (rate() would read a fall as a restart): give 0 or more',
  ],
  [
    'one name with two types',
    '  - { name: lag_seconds, type: gauge, help: Lag., service: db }\n  - { name: lag_seconds, type: histogram, help: Lag., service: api, route: "POST /v1/orders" }',
    'metrics[1].type',
    '"lag_seconds" is declared above as a gauge: one name, one type',
  ],
  [
    'two declarations of the same series',
    '  - { name: hits_total, help: Hits., service: api, labels: { rule_id: "1" } }\n  - { name: hits_total, help: Hits., service: api, labels: { rule_id: "1" } }',
    'metrics[1]',
    '"hits_total" of "api" is declared above with the same labels: give each its own labels',
  ],
];

describe('declared metrics', () => {
  for (const [why, metrics, path, message] of cases)
    it(`refuses ${why}, where it is written`, () => {
      const found = diagnose(metrics).filter((d) => d.path === path);
      expect(found.map((d) => d.message)).toEqual([message]);
      expect(found[0]!.line).toBeGreaterThan(50);
    });

  it('accepts one name on several series told apart by their labels', () => {
    const metrics =
      '  - { name: hits_total, help: Hits., service: api, labels: { rule_id: "1" } }\n  - { name: hits_total, help: Hits., service: api, labels: { rule_id: "2" } }';
    expect(diagnose(metrics)).toEqual([]);
  });
});

const LAG =
  '  - { name: lag_seconds, type: gauge, help: Lag., service: db, labels: { replica: r1 } }\n  - { name: bytes_total, help: Bytes., service: db }';
const faultCases: [why: string, effect: string, path: string, message: string][] = [
  [
    'an unknown metric',
    '{ name: lag_second, set: 3 }',
    'faults[0].metrics[0].name',
    'unknown metric "lag_second" (did you mean "lag_seconds"?): declare it under metrics',
  ],
  [
    'labels no declaration has',
    '{ name: lag_seconds, labels: { replica: r2 }, set: 3 }',
    'faults[0].metrics[0].labels',
    'no "lag_seconds" has these labels; declared: {"replica":"r1"}',
  ],
  [
    'a value below zero for a counter',
    '{ name: bytes_total, set: -3 }',
    'faults[0].metrics[0].set',
    'a counter only goes up (rate() would read a fall as a restart): set 0 or more',
  ],
  [
    'neither a value nor a factor',
    '{ name: lag_seconds, over: 5m }',
    'faults[0].metrics[0]',
    'say what the fault does to the metric: `set` a value or scale it by a `factor`, one of them',
  ],
];

describe("a fault's metrics", () => {
  for (const [why, effect, path, message] of faultCases)
    it(`refuses ${why}`, () => {
      const fault = `{ id: f, kind: custom, service: db, trigger: change, metrics: [${effect}] }`;
      const found = diagnose(LAG, fault).filter((d) => d.path === path);
      expect(found.map((d) => d.message)).toEqual([message]);
    });

  it('count as the symptom a custom fault must declare', () => {
    const fault =
      '{ id: f, kind: custom, service: db, trigger: change, metrics: [{ name: lag_seconds, set: 30 }] }';
    expect(diagnose(LAG, fault)).toEqual([]);
  });

  it('refuses a `counter` naming a metric that requests do not drive: it multiplies what a request counts', () => {
    const fault =
      '{ id: f, kind: custom, service: db, trigger: change, counter: { name: lag_seconds, factor: 2 } }';
    const found = diagnose(LAG, fault).filter((d) => d.path === 'faults[0].counter.name');
    expect(found.map((d) => d.message)).toEqual([
      'unknown business metric "lag_seconds": declare it under metrics, a counter with a `route` (for other metrics, use the fault\'s `metrics`)',
    ]);
  });
});
