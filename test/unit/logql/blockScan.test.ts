import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { blockSearchPays, needleFor, scanBlocks } from '../../../src/engine/query/logql/blockScan.ts';
import { logQuery } from '../../../src/engine/query/logql/index.ts';
import { LogStore } from '../../../src/engine/world/logStore.ts';

const T0 = Date.parse('2026-10-25T01:00:00Z');
const SERVICES = ['web', 'web', 'web', 'cart', 'cart', 'db', 'queue'];

/**
 * Several full blocks of short lines over a small alphabet, so needles often straddle two lines of a
 * block's joined text and appear many times in one line; a few lines outside Latin-1; a last block
 * still being filled. Streams hold very different shares, as services do.
 */
function store(): LogStore {
  const s = new LogStore();
  let x = 7;
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  // Five full blocks and half of a sixth, whatever a block holds.
  const lines = Math.floor(s.linesPerBlock * 5.5);
  for (let i = 0; i < lines; i++) {
    let line = '';
    const len = next(12);
    for (let k = 0; k < len; k++) line += 'abcab'[next(5)];
    if (next(97) === 0) line += 'é→ab';
    if (next(400) === 0) line += 'needle in the haystack';
    s.append({ service: SERVICES[next(SERVICES.length)]! }, T0 + Math.floor(i / 3) * 1000, line);
  }
  s.seal();
  return s;
}

interface Case {
  readonly selector: string;
  readonly services: readonly string[];
  readonly needles: readonly string[];
  readonly absent: string | undefined;
  readonly fromS: number;
  readonly toS: number;
  readonly limit: number;
  readonly backward: boolean;
}

/** What a log query should return, found by testing every line: ids in the range, first `limit` in direction. */
function expected(s: LogStore, c: Case): number[] {
  const ids: number[] = [];
  for (let id = 0; id < s.size; id++) {
    const t = s.tsMs(id);
    if (t < T0 + c.fromS * 1000 || t >= T0 + c.toS * 1000) continue;
    if (!c.services.includes(s.streamOf(id).labels.service!)) continue;
    const line = s.line(id);
    if (!c.needles.every((n) => line.includes(n))) continue;
    if (c.absent !== undefined && line.includes(c.absent)) continue;
    ids.push(id);
  }
  const kept = c.backward ? ids.reverse().slice(0, c.limit) : ids.slice(0, c.limit);
  return kept.sort((a, b) => a - b);
}

/** The same, from {@link scanBlocks} itself, whichever way a query would go. */
function scanned(s: LogStore, c: Case): number[] {
  const selected = new Uint8Array(s.streams.length);
  for (const st of s.streams) if (c.services.includes(st.labels.service!)) selected[st.id] = 1;
  let lo = 0;
  while (lo < s.size && s.tsMs(lo) < T0 + c.fromS * 1000) lo++;
  let hi = lo;
  while (hi < s.size && s.tsMs(hi) < T0 + c.toS * 1000) hi++;
  const ids: number[] = [];
  const test = (line: string) =>
    c.needles.every((n) => line.includes(n)) && (c.absent === undefined || !line.includes(c.absent));
  scanBlocks(
    s,
    selected,
    needleFor(s, c.needles[0]!),
    lo,
    hi,
    c.backward,
    (id, line) => {
      expect(line).toBe(s.line(id));
      if (test(line)) ids.push(id);
      return ids.length >= c.limit;
    },
    { bytes: 0 },
  );
  return ids.sort((a, b) => a - b);
}

function actual(s: LogStore, c: Case): number[] {
  const filters = [
    ...c.needles.map((n) => `|= ${JSON.stringify(n)}`),
    ...(c.absent === undefined ? [] : [`!= ${JSON.stringify(c.absent)}`]),
  ];
  const r = logQuery(s, `${c.selector} ${filters.join(' ')}`, {
    startMs: T0 + c.fromS * 1000,
    endMs: T0 + c.toS * 1000,
    limit: c.limit,
    direction: c.backward ? 'backward' : 'forward',
  });
  if (!r.ok || r.value.resultType !== 'streams') throw new Error('query failed');
  return r.value.result.flatMap((st) => st.entries.map((e) => e.id)).sort((a, b) => a - b);
}

const selectors: [string, string[]][] = [
  ['{service=~".+"}', ['web', 'cart', 'db', 'queue']],
  ['{service="web"}', ['web']],
  ['{service=~"cart|queue"}', ['cart', 'queue']],
  ['{service="queue"}', ['queue']],
];

describe('a line filter over whole blocks keeps exactly the lines a line-by-line test keeps', () => {
  const s = store();
  test('the store has full blocks and one being filled', () => {
    expect(s.blockCount).toBe(6);
    expect(s.blockText(4)).toBeDefined();
    expect(s.blockText(5)).toBeUndefined();
  });
  test('whole blocks are searched for a rare text even for the smallest stream, not for a common one', () => {
    expect(blockSearchPays(s, needleFor(s, 'needle'), 400)).toBe(true);
    expect(blockSearchPays(s, needleFor(s, 'needle'), 10)).toBe(false);
    // "ab" occurs several times in most lines: testing the queue's 400 lines one by one is cheaper.
    expect(blockSearchPays(s, needleFor(s, 'ab'), 400)).toBe(false);
  });
  test('random needles, ranges, limits and directions', () => {
    const needle = fc.oneof(
      fc.stringMatching(/^[abc]{1,8}$/),
      fc.constantFrom('needle', 'haystack', 'e in the h', 'é→', '→ab', 'ab', 'cc', 'aaaaaaa'),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...selectors),
        fc.array(needle, { minLength: 1, maxLength: 2 }),
        fc.option(fc.stringMatching(/^[abc]{1,3}$/), { nil: undefined }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom(1, 7, 100, 5000),
        fc.boolean(),
        ([selector, services], needles, absent, a, b, limit, backward) => {
          const c: Case = {
            selector,
            services,
            needles,
            absent,
            fromS: Math.min(a, b),
            toS: Math.max(a, b) + 1,
            limit,
            backward,
          };
          const want = expected(s, c);
          expect(scanned(s, c)).toEqual(want);
          expect(actual(s, c)).toEqual(want);
        },
      ),
      { numRuns: 400, seed: 11 },
    );
  });
});

describe('needleFor', () => {
  const s = store();
  test.each([
    // Lines are made of "a" and "b" twice as often as "c"; "→" is not Latin-1 and counts as rarest.
    ['abc', 2, 'c'],
    ['cab', 0, 'cab'],
    ['ab→', 2, '→'],
    ['bbbcabababab', 3, 'cababa'],
  ])('%s searches from its rarest character', (text, at, anchor) => {
    expect(needleFor(s, text)).toEqual({ text, at, anchor });
  });
});
