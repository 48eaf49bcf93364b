import { describe, expect, test } from 'vitest';
import { metricQueryRange } from '../../../src/engine/query/logql/index.ts';
import { LogStore } from '../../../src/engine/world/logStore.ts';

const T0 = Date.parse('2026-10-25T01:00:00Z');
const SERVICES = ['web', 'cart', 'billing', 'search'];
const WORDS = ['ok', 'slow', 'retry', 'cache', 'miss', 'hit', 'done', 'queue'];

/**
 * Four streams of 6,000 lines over two hours, a few of them holding a rare word: large enough that a
 * line filter over every stream searches the store's blocks, and over one stream (the second time) the
 * stream's own text.
 */
function store(): LogStore {
  const s = new LogStore();
  let x = 7;
  const next = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 4294967296;
  };
  for (let i = 0; i < 24_000; i++) {
    const service = SERVICES[i % 4]!;
    const words = [0, 1, 2].map(() => WORDS[Math.floor(next() * WORDS.length)]!);
    if (next() < 0.01) words.push('timeout');
    s.append(
      { service, env: 'prod' },
      T0 + i * 300,
      `level=info service=${service} msg="${words.join(' ')}" n=${i}`,
    );
  }
  s.seal();
  return s;
}

/** Per service, the lines containing `needle` in `(t - rangeMs, t]`, by reading every line. */
function bruteCounts(s: LogStore, needle: string, services: readonly string[], t: number, rangeMs: number) {
  const counts = new Map<string, number>();
  for (let id = 0; id < s.size; id++) {
    const ts = s.tsMs(id);
    const service = s.streamOf(id).labels.service!;
    if (ts <= t - rangeMs || ts > t || !services.includes(service) || !s.line(id).includes(needle)) continue;
    counts.set(service, (counts.get(service) ?? 0) + 1);
  }
  return counts;
}

/** The answer of a range query as service → value per step (absent steps left out). */
function answer(s: LogStore, q: string, from: number, to: number, step: number) {
  const r = metricQueryRange(s, q, from, to, step);
  if (!r.ok || r.value.resultType !== 'matrix') throw new Error(`query failed: ${q}`);
  const out = new Map<string, Map<number, number>>();
  for (const series of r.value.result)
    out.set(series.labels.service ?? '', new Map(series.samples.map((p) => [p.t, p.v])));
  return out;
}

describe('a metric query with a line filter counts what reading every line counts', () => {
  const s = store();
  const from = T0 + 600_000;
  const to = T0 + 7_000_000;
  const step = 300_000;
  const check = (q: string, needle: string, services: readonly string[]) => {
    const got = answer(s, q, from, to, step);
    let total = 0;
    for (let t = from; t <= to; t += step) {
      const want = bruteCounts(s, needle, services, t, 300_000);
      for (const service of services) {
        expect(got.get(service)?.get(t), `${service} at ${t}`).toBe(want.get(service));
        total += want.get(service) ?? 0;
      }
    }
    expect(total).toBeGreaterThan(0);
  };

  test('over every stream (the store blocks are searched)', () => {
    check('sum by (service) (count_over_time({env="prod"} |= "timeout" [5m]))', 'timeout', SERVICES);
    check('sum by (service) (count_over_time({env="prod"} |= "retry" [5m]))', 'retry', SERVICES);
  });

  test('over one stream, before and after its text is kept', () => {
    for (let k = 0; k < 3; k++)
      check('sum by (service) (count_over_time({service="cart"} |= "timeout" [5m]))', 'timeout', ['cart']);
  });

  test('a stage after the filter still sees only the lines that pass it', () => {
    const got = answer(
      s,
      'sum by (service) (count_over_time({env="prod"} |= "timeout" | logfmt | n > 12000 [5m]))',
      from,
      to,
      step,
    );
    for (let t = from; t <= to; t += step)
      for (const service of SERVICES) {
        let want = 0;
        for (let id = 0; id < s.size; id++) {
          const ts = s.tsMs(id);
          const line = s.line(id);
          if (
            ts > t - 300_000 &&
            ts <= t &&
            s.streamOf(id).labels.service === service &&
            line.includes('timeout')
          )
            if (Number(/n=(\d+)/.exec(line)![1]) > 12000) want++;
        }
        expect(got.get(service)?.get(t) ?? 0, `${service} at ${t}`).toBe(want);
      }
  });
});
