import { MetricStore } from '../../../src/engine/world/metricStore.ts';

/** Sample times every 15 s from 0 to 600 s, in milliseconds. */
export const TIMES = Float64Array.from({ length: 41 }, (_, i) => i * 15_000);

function series(f: (i: number) => number, count = 41): [Float64Array, Float64Array] {
  return [TIMES.slice(0, count), Float64Array.from({ length: count }, (_, i) => f(i))];
}

/**
 * A small store whose values are easy to reason about: `c_total` counters (one resets at 300 s),
 * `g` gauges (job b stops at 150 s), and a constant classic histogram `h`.
 */
export function buildStore(): MetricStore {
  const store = new MetricStore();
  store.describe('c', { type: 'counter', help: 'A counter.' });
  store.describe('g', { type: 'gauge', help: 'A gauge.' });
  store.describe('h', { type: 'histogram', help: 'A histogram.' });
  store.add({ __name__: 'c_total', job: 'a', inst: '1' }, ...series((i) => i * 10));
  store.add({ __name__: 'c_total', job: 'a', inst: '2' }, ...series((i) => (i < 20 ? i * 5 : (i - 20) * 5)));
  store.add({ __name__: 'c_total', job: 'b', inst: '1' }, ...series((i) => i * 2));
  store.add({ __name__: 'g', job: 'a' }, ...series((i) => (i % 4) * 10));
  store.add({ __name__: 'g', job: 'b' }, ...series((i) => i, 11));
  store.add({ __name__: 'h_bucket', le: '0.5' }, ...series(() => 50));
  store.add({ __name__: 'h_bucket', le: '1' }, ...series(() => 80));
  store.add({ __name__: 'h_bucket', le: '+Inf' }, ...series(() => 100));
  return store;
}
