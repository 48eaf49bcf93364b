import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { logQuery } from '../../../src/engine/query/logql/index.ts';
import { LogStore } from '../../../src/engine/world/logStore.ts';

const T0 = Date.parse('2026-10-25T01:00:00Z');
const SERVICES = ['web', 'web', 'web', 'cart', 'cart', 'db', 'queue'];

/** Short lines over a small alphabet (needles straddle lines and repeat), some outside Latin-1. */
function fill(s: LogStore, from: number, to: number, seed: number): void {
  let x = seed;
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  for (let i = from; i < to; i++) {
    let line = '';
    const len = next(12);
    for (let k = 0; k < len; k++) line += 'abcab'[next(5)];
    if (next(97) === 0) line += 'é→ab';
    if (next(50) === 0) line += '\nat frame';
    s.append({ service: SERVICES[next(SERVICES.length)]! }, T0 + Math.floor(i / 3) * 1000, line);
  }
}

/** What a line filter should return, read line by line with `includes`, newest first. */
function expected(s: LogStore, service: string, needle: string, startMs: number, endMs: number): number[] {
  const out: number[] = [];
  for (let id = s.size - 1; id >= 0; id--) {
    const t = s.tsMs(id);
    if (t < startMs || t >= endMs || s.streamOf(id).labels.service !== service) continue;
    if (s.line(id).includes(needle)) out.push(id);
  }
  return out;
}

const ids = (s: LogStore, query: string, startMs: number, endMs: number): number[] => {
  const r = logQuery(s, query, { startMs, endMs, limit: 100_000 });
  if (!r.ok || r.value.resultType !== 'streams') throw new Error('query failed');
  return r.value.result.flatMap((st) => st.entries.map((e) => e.id)).sort((a, b) => b - a);
};

describe("a line filter over a stream's own text", () => {
  test('finds exactly the lines that contain the text, in any range, and again after the store grows', () => {
    const s = new LogStore();
    fill(s, 0, 1500, 11);
    s.seal();
    fc.assert(
      fc.property(
        fc.constantFrom('web', 'cart', 'db', 'queue'),
        fc.constantFrom('ab', 'ca', 'bca', 'abcab', 'é→', '→ab', 'a\nat', 'frame', 'zz', 'b'),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        (service, needle, a, b) => {
          const startMs = T0 + Math.min(a, b) * 1000;
          const endMs = T0 + Math.max(a, b) * 1000 + 1;
          const q = `{service="${service}"} |= ${JSON.stringify(needle)}`;
          expect(ids(s, q, startMs, endMs)).toEqual(expected(s, service, needle, startMs, endMs));
        },
      ),
      { numRuns: 300 },
    );
    // The world goes on: later lines join the texts already joined.
    fill(s, 1500, 2400, 12);
    s.seal();
    for (const service of ['web', 'cart', 'db']) {
      const q = `{service="${service}"} |= "bca"`;
      expect(ids(s, q, T0, T0 + 3_600_000)).toEqual(expected(s, service, 'bca', T0, T0 + 3_600_000));
    }
  });
});
