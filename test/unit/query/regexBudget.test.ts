import { describe, expect, test } from 'vitest';
import type { QueryBudget } from '../../../src/engine/query/budget.ts';
import { UNITS_PER_CHECK, underBudget } from '../../../src/engine/query/budget.ts';
import { evaluateLogQL } from '../../../src/engine/query/logql/index.ts';
import { instantQuery, rangeQuery } from '../../../src/engine/query/promql/index.ts';
import type { QueryResult } from '../../../src/engine/query/types.ts';
import { CodeSchema } from '../../../src/engine/scenario/codeSchema.ts';
import { CodeRepo } from '../../../src/engine/world/codeRepo.ts';
import { LogStore } from '../../../src/engine/world/logStore.ts';
import { MetricStore } from '../../../src/engine/world/metricStore.ts';

/**
 * Every place a user's regular expression reaches the engine counts its work against the query's budget,
 * so a query that would run long is stopped at the budget's next check. Budgets here are counted, not
 * timed: `expired` answers from how often it was asked.
 */

const T0 = Date.parse('2026-10-25T01:00:00Z');
/** Long lines with a mismatch at the end: the texts a runaway pattern spends the most on. */
const TEXTS = [`${'a'.repeat(3000)}!`, `${'x='.repeat(1500)}y`, `${'1'.repeat(3000)}z`, 'ab'.repeat(1500)];
const RUNAWAY = '(.*.*)*=$';
const raw = (pattern: string) => `\`${pattern}\``;

function logStore(): LogStore {
  const store = new LogStore();
  for (let i = 0; i < 40; i++) {
    const text = TEXTS[i % TEXTS.length]!;
    store.append({ service: 'svc', kind: text.slice(0, 40 + i) }, T0 + i * 1000, `level=info msg=${text}`);
  }
  store.seal();
  return store;
}

function metricStore(): MetricStore {
  const store = new MetricStore();
  TEXTS.forEach((text, i) => {
    store.add({ __name__: 'm', v: text, i: String(i) }, Float64Array.of(T0), Float64Array.of(i));
  });
  return store;
}

const logs = logStore();
const metrics = metricStore();
const code = new CodeRepo(
  CodeSchema.parse({
    repo: 'shop/demo',
    files: TEXTS.map((content, i) => ({ path: `f${i}.txt`, content: `${content}\n${content}\n` })),
    commits: [{ id: 'aaaaaaa', author: 'ann', date: '2026-01-01T00:00:00Z', message: 'Start' }],
  }),
);

const range = { startMs: T0, endMs: T0 + 60_000, limit: 100 };
const logql = (query: string) => () => evaluateLogQL(logs, query, range);
const promql = (query: string) => () => instantQuery(metrics, query, T0 + 1000);

/** Each place a regex reaches, with the runaway pattern in it. */
const PLACES: { place: string; run: () => unknown }[] = [
  { place: 'LogQL |~', run: logql(`{service="svc"} |~ ${raw(RUNAWAY)}`) },
  { place: 'LogQL !~', run: logql(`{service="svc"} !~ ${raw(RUNAWAY)}`) },
  { place: 'LogQL selector =~', run: logql(`{kind=~${raw(RUNAWAY)}}`) },
  { place: 'LogQL selector !~', run: logql(`{service="svc", kind!~${raw(RUNAWAY)}}`) },
  { place: 'LogQL label filter =~', run: logql(`{service="svc"} | logfmt | msg=~${raw(RUNAWAY)}`) },
  { place: 'LogQL regexp parser', run: logql(`{service="svc"} | regexp ${raw(`(?P<x>${RUNAWAY})`)}`) },
  {
    place: 'LogQL metric line filter',
    run: logql(`sum(count_over_time({service="svc"} |~ ${raw(RUNAWAY)} [1m]))`),
  },
  {
    place: 'LogQL label_replace',
    run: logql(
      `sum by (y) (label_replace(count_over_time({service="svc"}[1m]), "y", "$1", "kind", ${raw(RUNAWAY)}))`,
    ),
  },
  { place: 'PromQL =~', run: promql(`m{v=~${raw(RUNAWAY)}}`) },
  { place: 'PromQL !~', run: promql(`m{v!~${raw(RUNAWAY)}}`) },
  { place: 'PromQL {__name__=~…}', run: promql(`{__name__=~${raw(`m|${RUNAWAY}`)}, v=~${raw(RUNAWAY)}}`) },
  { place: 'PromQL label_replace', run: promql(`label_replace(m, "y", "$1", "v", ${raw(RUNAWAY)})`) },
  { place: 'metric store selection', run: () => metrics.select([{ name: 'v', op: '=~', value: RUNAWAY }]) },
  { place: 'code search', run: () => code.grep(RUNAWAY, { regex: true }) },
  { place: 'code search, ignoring case', run: () => code.grep(RUNAWAY, { regex: true, ignoreCase: true }) },
];

/** A budget that counts its checks and expires at check number `expireAt` (never, if Infinity). */
function counted(expireAt: number, unitsPerCheck?: number): QueryBudget & { checks: number } {
  const budget = {
    checks: 0,
    unitsPerCheck,
    expired: () => ++budget.checks >= expireAt,
  };
  return budget;
}

describe('every place a regex reaches answers or refuses within a small budget', () => {
  test.each(PLACES)('$place: stopped at the first check its regex work brings', ({ run }) => {
    // 256 units is less than one line: the first regex run brings a check, which stops the query.
    const budget = counted(2, 256);
    expect(underBudget(budget, run)).toEqual({ ok: false });
    expect(budget.checks).toBe(2);
  });

  test.each(PLACES)('$place: answers when the budget allows it', ({ run }) => {
    const budget = counted(Number.POSITIVE_INFINITY, 256);
    const answer = underBudget(budget, run);
    expect(answer.ok).toBe(true);
    // The answer is a result, or errors positioned in the query: never an exception.
    const value = answer.ok ? (answer.value as QueryResult | unknown[]) : undefined;
    if (value && 'ok' in value && !value.ok)
      for (const e of value.errors) expect(e.from).toBeGreaterThanOrEqual(0);
    // Its regex work was counted: more than one check of 256 units each.
    expect(budget.checks).toBeGreaterThan(1);
  });
});

describe('a budget costs fast queries nothing', () => {
  const big = new LogStore();
  for (let i = 0; i < 30_000; i++)
    big.append({ service: `s${i % 3}` }, T0 + i * 100, `level=info request ${i} served in ${i % 97} ms`);
  big.seal();
  const store = new MetricStore();
  for (let s = 0; s < 20; s++) {
    const ts = Float64Array.from({ length: 240 }, (_, k) => T0 + k * 15_000);
    store.add(
      { __name__: 'http_requests_total', pod: `p${s}` },
      ts,
      ts.map((_, k) => k * s),
    );
  }

  test.each([
    {
      query: 'LogQL line filter',
      run: () =>
        evaluateLogQL(big, '{service="s1"} |= "served in 5 ms"', {
          startMs: T0,
          endMs: T0 + 3_600_000,
          limit: 100,
        }),
      checks: 1,
    },
    {
      query: 'LogQL regex over every line',
      run: () =>
        evaluateLogQL(big, '{service=~"s.*"} |~ "in 9[0-9] ms"', {
          startMs: T0,
          endMs: T0 + 3_600_000,
          limit: 10_000,
        }),
      checks: 20,
    },
    {
      query: 'LogQL metric range',
      run: () =>
        evaluateLogQL(big, 'sum by (service) (count_over_time({service=~"s.*"}[1m]))', {
          startMs: T0,
          endMs: T0 + 3_000_000,
          stepMs: 60_000,
        }),
      checks: 1,
    },
    {
      query: 'PromQL range',
      run: () =>
        rangeQuery(store, 'sum by (pod) (rate(http_requests_total[5m]))', T0, T0 + 3_600_000, 15_000),
      checks: 2,
    },
  ])('$query: $checks checks', ({ run, checks }) => {
    const budget = counted(Number.POSITIVE_INFINITY);
    const answer = underBudget(budget, run);
    expect(answer.ok && (answer.value as QueryResult).ok).toBe(true);
    // One check when it starts, then one per UNITS_PER_CHECK units of work.
    expect(budget.checks).toBe(checks);
    expect(UNITS_PER_CHECK).toBe(65_536);
  });
});
