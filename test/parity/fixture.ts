import { MetricStore } from '../../src/engine/world/metricStore.ts';

/** Start of the fixture window: 2026-10-25T00:00:00Z. */
export const FIXTURE_START_MS = Date.UTC(2026, 9, 25, 0, 0, 0);
/** End of the fixture window (three hours later). */
export const FIXTURE_END_MS = FIXTURE_START_MS + 3 * 3600_000;
const STEP_MS = 15_000;

/** A small deterministic PRNG (mulberry32) so the fixture is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function times(fromMs: number, toMs: number, jitter?: () => number): number[] {
  const out: number[] = [];
  for (let t = fromMs; t <= toMs; t += STEP_MS) out.push(jitter ? t + Math.floor(jitter() * 900) : t);
  return out;
}

/**
 * Counters with resets, gauges (one with a gap longer than the lookback, one starting late), and a
 * classic histogram, over 3 h at 15 s; values are short decimals so the text round-trip is exact.
 */
export function buildFixture(): MetricStore {
  const store = new MetricStore();
  const r = rng(42);
  store.describe('http_requests', { type: 'counter', help: 'Requests served.' });
  store.describe('memory_bytes', { type: 'gauge', help: 'Resident memory.' });
  store.describe('temperature_celsius', { type: 'gauge', help: 'Room temperature.' });
  store.describe('request_duration_seconds', { type: 'histogram', help: 'Request latency.' });
  const services = ['api', 'billing', 'web'];
  for (const service of services) {
    for (const code of ['200', '500']) {
      for (const instance of ['i-1', 'i-2']) {
        const ts = times(FIXTURE_START_MS, FIXTURE_END_MS - STEP_MS, service === 'web' ? r : undefined);
        const rate = code === '200' ? 5 + Math.floor(r() * 20) : Math.floor(r() * 3);
        const resetAt = instance === 'i-2' ? Math.floor(r() * ts.length) : -1;
        let v = Math.floor(r() * 1000);
        const values = ts.map((_, i) => {
          if (i === resetAt) v = 0;
          v += rate + Math.floor(r() * 5);
          return v;
        });
        store.add(
          { __name__: 'http_requests_total', service, code, instance },
          Float64Array.from(ts),
          Float64Array.from(values),
        );
      }
    }
    const memTs = times(FIXTURE_START_MS, FIXTURE_END_MS - STEP_MS).filter(
      // billing's exporter is down for 20 minutes: longer than the 5-minute lookback.
      (t) => service !== 'billing' || t < FIXTURE_START_MS + 3600_000 || t >= FIXTURE_START_MS + 4800_000,
    );
    store.add(
      { __name__: 'memory_bytes', service },
      Float64Array.from(memTs),
      Float64Array.from(memTs, () => 1e8 + Math.floor(r() * 5e7)),
    );
    const buckets = ['0.1', '0.25', '0.5', '1', '+Inf'];
    const hts = times(FIXTURE_START_MS, FIXTURE_END_MS - STEP_MS);
    const counts = buckets.map(() => new Float64Array(hts.length));
    const sums = new Float64Array(hts.length);
    const total = new Float64Array(hts.length);
    let acc = [0, 0, 0, 0, 0];
    let sum = 0;
    for (let i = 0; i < hts.length; i++) {
      const per = [
        Math.floor(r() * 10),
        Math.floor(r() * 6),
        Math.floor(r() * 3),
        Math.floor(r() * 2),
        Math.floor(r() * 2),
      ];
      let cum = 0;
      acc = acc.map((a, b) => {
        cum += per[b]!;
        return a + cum;
      });
      sum += Math.round(cum * 0.2 * 1000) / 1000;
      acc.forEach((a, b) => {
        counts[b]![i] = a;
      });
      sums[i] = Math.round(sum * 1000) / 1000;
      total[i] = acc[4]!;
    }
    buckets.forEach((le, b) => {
      store.add(
        { __name__: 'request_duration_seconds_bucket', service, le },
        Float64Array.from(hts),
        counts[b]!,
      );
    });
    store.add({ __name__: 'request_duration_seconds_sum', service }, Float64Array.from(hts), sums);
    store.add({ __name__: 'request_duration_seconds_count', service }, Float64Array.from(hts), total);
  }
  const lateTs = times(FIXTURE_START_MS + 5400_000, FIXTURE_END_MS - STEP_MS);
  store.add(
    { __name__: 'temperature_celsius', room: 'lab' },
    Float64Array.from(lateTs),
    Float64Array.from(lateTs, () => Math.round((r() * 40 - 10) * 100) / 100),
  );
  return store;
}
