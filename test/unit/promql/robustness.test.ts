import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { instantQuery, parsePromQL, rangeQuery } from '../../../src/engine/query/promql/index.ts';
import type { Diagnostic, QueryResult } from '../../../src/engine/query/types.ts';
import { buildStore } from './fixture.ts';

const store = buildStore();

const VALID = [
  'sum by (job) (rate(c_total{job=~"a|b"}[5m]))',
  'histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))',
  'c_total{job="a"} / on(job) group_left sum by (job) (c_total)',
  'max_over_time(rate(c_total[1m])[5m:30s] offset 1m)',
  'label_replace(g, "x", "$1", "job", "(.*)") or vector(1)',
  'topk(2, c_total @ end()) > bool 10 unless absent(g)',
  'count_values("v", round(c_total / 3)) - -2 ^ 2 % 0x1f',
  'sum(quantile_over_time(0.5, g[10m])) * on() group_right c_total',
  'clamp(-g, -Inf, NaN) and c_total{inst!~"2"} offset -30s',
  'sort_desc(avg without (inst) (c_total)) + time() - timestamp(g)',
];

const ALPHABET = '(){}[]"\'`,:@=!~<>+-*/%^ abcdefgijklmnoprstuvwxyz_0123456789.#\n\\';

function checkPositions(text: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    expect(d.from).toBeGreaterThanOrEqual(0);
    expect(d.to).toBeGreaterThanOrEqual(d.from);
    expect(d.to).toBeLessThanOrEqual(text.length);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

function checkResult(text: string, r: QueryResult): void {
  if (!r.ok) {
    expect(r.errors.length).toBeGreaterThan(0);
    checkPositions(text, r.errors);
  }
}

/** Parses and evaluates; any exception fails the property. */
function exercise(text: string): void {
  const parsed = parsePromQL(text);
  checkPositions(text, parsed.diagnostics);
  expect(parsed.ast === undefined).toBe(parsed.diagnostics.length > 0);
  checkResult(text, instantQuery(store, text, 600_000));
  checkResult(text, rangeQuery(store, text, 0, 600_000, 60_000));
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 6 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  if (m.kind === 'delete') return text.slice(0, at) + text.slice(at + m.len);
  if (m.kind === 'insert') return text.slice(0, at) + m.text + text.slice(at);
  const b = Math.min(text.length, at + m.len);
  if (b + m.len > text.length) return text;
  return text.slice(0, at) + text.slice(b, b + m.len) + text.slice(at, b) + text.slice(b + m.len);
}

describe('no query makes the engine throw, hang or point outside the text', () => {
  test('the valid seed queries evaluate without errors', () => {
    for (const q of VALID) {
      const r = instantQuery(store, q, 600_000);
      expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([]);
    }
  });

  test('mutated valid queries (deletions, insertions, swaps)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, ms) => {
          exercise(ms.reduce(mutate, seed));
        },
      ),
      { numRuns: 2500, seed: 20261025 },
    );
  });

  test('random strings over the PromQL alphabet', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 40 }), (text) => {
        exercise(text);
      }),
      { numRuns: 1500, seed: 7 },
    );
  });

  test('pathological subqueries stop with an error instead of running forever', () => {
    const r = instantQuery(store, 'sum_over_time(vector(1)[100y:1ms])', 600_000);
    expect(r.ok ? '' : r.errors[0]?.message).toBe(
      'subquery has too many steps: use a larger step or a shorter range',
    );
  });
});
