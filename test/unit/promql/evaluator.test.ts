import { describe, expect, test } from 'vitest';
import { instantQuery, rangeQuery } from '../../../src/engine/query/promql/index.ts';
import type { Labels } from '../../../src/engine/world/labels.ts';
import { buildStore } from './fixture.ts';

const store = buildStore();
const T = 600_000;

type Expected =
  | { vector: [Labels, number][] }
  | { scalar: number }
  | { error: string }
  | { ordered: [Labels, number][] };

interface Case {
  readonly query: string;
  readonly time?: number;
  readonly expected: Expected;
}

const A1 = { __name__: 'c_total', job: 'a', inst: '1' };
const A2 = { __name__: 'c_total', job: 'a', inst: '2' };
const B1 = { __name__: 'c_total', job: 'b', inst: '1' };
const v = (...rows: [Labels, number][]): Expected => ({ vector: rows });

const CASES: Case[] = [
  // Selectors and matchers
  { query: 'c_total{job="a"}', expected: v([A1, 400], [A2, 100]) },
  { query: 'c_total{job!="a"}', expected: v([B1, 80]) },
  { query: 'c_total{inst=~"2|3"}', expected: v([A2, 100]) },
  { query: 'c_total{job!~"a"}', expected: v([B1, 80]) },
  { query: 'c_total{job=~"(?i)B"}', expected: v([B1, 80]) },
  { query: 'c_total offset 1m', expected: v([A1, 360], [A2, 80], [B1, 72]) },
  { query: 'c_total @ 300', expected: v([A1, 200], [A2, 0], [B1, 40]) },
  { query: 'c_total @ start()', time: 30_000, expected: v([A1, 20], [A2, 10], [B1, 4]) },
  // Lookback: g{job="b"} has its last sample at 150 s.
  { query: 'g{job="b"}', time: 400_000, expected: v([{ __name__: 'g', job: 'b' }, 10]) },
  { query: 'g{job="b"}', time: 450_000, expected: v() },
  { query: 'g{job="b"}', expected: v() },
  // Counters and gauges over windows
  {
    query: 'rate(c_total{job="a",inst="1"}[5m])',
    expected: v([{ job: 'a', inst: '1' }, 190 * (300 / 285 / 300)]),
  },
  { query: 'rate(c_total{inst="2"}[5m])', expected: v([{ job: 'a', inst: '2' }, 95 * (300 / 285 / 300)]) },
  {
    query: 'rate(c_total{inst="2"}[5m])',
    time: 450_000,
    expected: v([{ job: 'a', inst: '2' }, 90 * (300 / 285 / 300)]),
  },
  { query: 'increase(c_total{job="b"}[5m])', expected: v([{ job: 'b', inst: '1' }, 38 * (300 / 285)]) },
  { query: 'irate(c_total{inst="2"}[1m])', expected: v([{ job: 'a', inst: '2' }, 5 / 15]) },
  { query: 'irate(c_total{inst="2"}[1m])', time: 300_000, expected: v([{ job: 'a', inst: '2' }, 0]) },
  { query: 'delta(g{job="a"}[5m])', expected: v([{ job: 'a' }, -10 * (300 / 285)]) },
  { query: 'idelta(g{job="a"}[1m])', expected: v([{ job: 'a' }, -30]) },
  { query: 'deriv(c_total{job="b"}[5m])', expected: v([{ job: 'b', inst: '1' }, 2 / 15]) },
  { query: 'resets(c_total{inst="2"}[5m])', time: 450_000, expected: v([{ job: 'a', inst: '2' }, 1]) },
  { query: 'changes(g{job="a"}[1m])', expected: v([{ job: 'a' }, 3]) },
  { query: 'avg_over_time(g{job="a"}[1m])', expected: v([{ job: 'a' }, 15]) },
  { query: 'sum_over_time(g{job="a"}[1m])', expected: v([{ job: 'a' }, 60]) },
  { query: 'count_over_time(g{job="a"}[1m])', expected: v([{ job: 'a' }, 4]) },
  { query: 'min_over_time(g{job="a"}[1m])', expected: v([{ job: 'a' }, 0]) },
  { query: 'max_over_time(g{job="a"}[1m])', expected: v([{ job: 'a' }, 30]) },
  { query: 'last_over_time(g{job="a"}[1m])', expected: v([{ __name__: 'g', job: 'a' }, 0]) },
  { query: 'present_over_time(g{job="a"}[1m])', expected: v([{ job: 'a' }, 1]) },
  { query: 'quantile_over_time(0.5, g{job="a"}[1m])', expected: v([{ job: 'a' }, 15]) },
  { query: 'stdvar_over_time(g{job="a"}[1m])', expected: v([{ job: 'a' }, 125]) },
  { query: 'stddev_over_time(g{job="a"}[1m])', expected: v([{ job: 'a' }, Math.sqrt(125)]) },
  { query: 'absent_over_time(nope[5m])', expected: v([{}, 1]) },
  { query: 'absent_over_time(g{job="b"}[5m])', expected: v([{ job: 'b' }, 1]) },
  // Aggregations
  { query: 'sum(c_total)', expected: v([{}, 580]) },
  { query: 'sum by (job) (c_total)', expected: v([{ job: 'a' }, 500], [{ job: 'b' }, 80]) },
  { query: 'avg by (job) (c_total)', expected: v([{ job: 'a' }, 250], [{ job: 'b' }, 80]) },
  { query: 'min(c_total)', expected: v([{}, 80]) },
  { query: 'max(c_total)', expected: v([{}, 400]) },
  { query: 'count without (inst) (c_total)', expected: v([{ job: 'a' }, 2], [{ job: 'b' }, 1]) },
  { query: 'group by (job) (c_total)', expected: v([{ job: 'a' }, 1], [{ job: 'b' }, 1]) },
  {
    query: 'stdvar(c_total)',
    expected: v([{}, ((400 - 580 / 3) ** 2 + (100 - 580 / 3) ** 2 + (80 - 580 / 3) ** 2) / 3]),
  },
  {
    query: 'topk(2, c_total)',
    expected: {
      ordered: [
        [A1, 400],
        [A2, 100],
      ],
    },
  },
  { query: 'bottomk(1, c_total)', expected: { ordered: [[B1, 80]] } },
  { query: 'quantile(0.5, c_total)', expected: v([{}, 100]) },
  {
    query: 'count_values("v", c_total)',
    expected: v([{ v: '400' }, 1], [{ v: '100' }, 1], [{ v: '80' }, 1]),
  },
  // Functions
  { query: 'abs(-g{job="a"})', time: 15_000, expected: v([{ job: 'a' }, 10]) },
  { query: 'clamp(c_total, 90, 200)', expected: cl([200, 100, 90]) },
  { query: 'clamp_min(c_total, 90)', expected: cl([400, 100, 90]) },
  { query: 'clamp_max(c_total, 90)', expected: cl([90, 90, 80]) },
  { query: 'round(c_total / 7)', expected: cl([57, 14, 11]) },
  { query: 'round(c_total, 30)', expected: cl([390, 90, 90]) },
  { query: 'sqrt(c_total{job="b"} * 20)', expected: v([{ job: 'b', inst: '1' }, 40]) },
  { query: 'vector(3)', expected: v([{}, 3]) },
  { query: 'scalar(c_total{job="b"})', expected: { scalar: 80 } },
  { query: 'scalar(c_total)', expected: { scalar: Number.NaN } },
  { query: 'time()', expected: { scalar: 600 } },
  { query: 'timestamp(g{job="b"})', time: 400_000, expected: v([{ job: 'b' }, 150]) },
  { query: 'absent(nope{x="y"})', expected: v([{ x: 'y' }, 1]) },
  { query: 'absent(c_total)', expected: v() },
  {
    query: 'label_replace(c_total{job="b"}, "dst", "x-$1", "job", "(.*)")',
    expected: v([{ ...B1, dst: 'x-b' }, 80]),
  },
  {
    query: 'label_join(c_total{job="b"}, "id", "/", "job", "inst")',
    expected: v([{ ...B1, id: 'b/1' }, 80]),
  },
  { query: 'histogram_quantile(0.5, h_bucket)', expected: v([{}, 0.5]) },
  { query: 'histogram_quantile(0.65, h_bucket)', expected: v([{}, 0.75]) },
  { query: 'histogram_quantile(0.9, h_bucket)', expected: v([{}, 1]) },
  // Binary operators
  { query: '1 + 2 * 3', expected: { scalar: 7 } },
  { query: '2 ^ 3 ^ 2', expected: { scalar: 512 } },
  { query: '-2 ^ 2', expected: { scalar: -4 } },
  { query: '10 % 3', expected: { scalar: 1 } },
  { query: '0x10 + Inf', expected: { scalar: Number.POSITIVE_INFINITY } },
  { query: '1 == bool 1', expected: { scalar: 1 } },
  { query: 'c_total > 90', expected: v([A1, 400], [A2, 100]) },
  { query: 'c_total > bool 90', expected: cl([1, 1, 0]) },
  { query: '90 < c_total', expected: v([A1, 400], [A2, 100]) },
  {
    query: 'c_total{job="a"} / on(job) group_left sum by (job) (c_total)',
    expected: v([{ job: 'a', inst: '1' }, 0.8], [{ job: 'a', inst: '2' }, 0.2]),
  },
  {
    query: 'sum by (job) (c_total) / on(job) group_right c_total{job="a"}',
    expected: v([{ job: 'a', inst: '1' }, 500 / 400], [{ job: 'a', inst: '2' }, 5]),
  },
  {
    query: 'c_total{inst="1"} - ignoring(job) c_total{inst="1",job="b"}',
    expected: { error: 'multiple matches for labels' },
  },
  {
    query: 'c_total + on(job) c_total',
    expected: { error: 'found duplicate series for the match group {job="a"}' },
  },
  { query: 'c_total and c_total{job="b"}', expected: v([B1, 80]) },
  { query: 'c_total unless c_total{job="b"}', expected: v([A1, 400], [A2, 100]) },
  { query: 'c_total{job="b"} or g', expected: v([B1, 80], [{ __name__: 'g', job: 'a' }, 0]) },
  // Subqueries
  { query: 'max_over_time(c_total{job="b"}[5m:1m])', expected: v([{ job: 'b', inst: '1' }, 80]) },
  { query: 'sum_over_time(vector(1)[5m:1m])', expected: v([{}, 5]) },
  { query: 'sum_over_time(vector(1)[5m:1m] offset 30s)', expected: v([{}, 5]) },
];

function cl(values: [number, number, number]): Expected {
  const drop = (l: Labels) => {
    const { __name__: _n, ...rest } = l;
    return rest;
  };
  return v([drop(A1), values[0]], [drop(A2), values[1]], [drop(B1), values[2]]);
}

function key(l: Labels): string {
  return JSON.stringify(Object.entries(l).sort());
}

describe('instant queries', () => {
  test.each(CASES)('$query @ $time', ({ query, time = T, expected }) => {
    const r = instantQuery(store, query, time);
    if ('error' in expected) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]?.message).toContain(expected.error);
      return;
    }
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
    if ('scalar' in expected) {
      expect(r.value).toEqual({ resultType: 'scalar', result: { t: time, v: expected.scalar } });
      return;
    }
    expect(r.value.resultType).toBe('vector');
    if (r.value.resultType !== 'vector') return;
    const got = r.value.result.map((e) => [key(e.labels), e.v] as const);
    const rows = 'ordered' in expected ? expected.ordered : expected.vector;
    const want = rows.map(([l, x]) => [key(l), x] as const);
    if ('ordered' in expected) expect(got).toEqual(want);
    else expect([...got].sort()).toEqual([...want].sort());
    expect(r.value.result.every((e) => e.t === time)).toBe(true);
  });
});

describe('range queries', () => {
  test('a range query returns one series per label set with a sample per step', () => {
    const r = rangeQuery(store, 'sum(c_total{job="b"})', 0, 60_000, 15_000);
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: {
        resultType: 'matrix',
        result: [
          {
            labels: {},
            samples: [
              { t: 0, v: 0 },
              { t: 15_000, v: 2 },
              { t: 30_000, v: 4 },
              { t: 45_000, v: 6 },
              { t: 60_000, v: 8 },
            ],
          },
        ],
      },
    });
  });

  test('a series absent at some steps has samples only where present, sorted by labels', () => {
    const r = rangeQuery(store, 'g', 300_000, 600_000, 150_000);
    expect(r.ok && r.value).toEqual({
      resultType: 'matrix',
      result: [
        {
          labels: { __name__: 'g', job: 'a' },
          samples: [0, 10, 0].map((x, i) => ({ t: 300_000 + i * 150_000, v: x * 2 })),
        },
        { labels: { __name__: 'g', job: 'b' }, samples: [{ t: 300_000, v: 10 }] },
      ],
    });
  });

  test('range queries must produce scalars or instant vectors', () => {
    const r = rangeQuery(store, 'c_total[5m]', 0, 60_000, 15_000);
    expect(r.ok ? '' : r.errors[0]?.message).toBe(
      'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    );
  });

  test('an instant query of a range selector returns the raw samples in the window', () => {
    const r = instantQuery(store, 'c_total{job="b"}[1m]', T);
    expect(r.ok && r.value).toEqual({
      resultType: 'matrix',
      result: [{ labels: B1, samples: [37, 38, 39, 40].map((i) => ({ t: i * 15_000, v: i * 2 })) }],
    });
  });
});
