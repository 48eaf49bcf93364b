import { describe, expect, test } from 'vitest';
import { evaluateLogQL } from '../../../src/engine/query/logql/index.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import type { QueryResult } from '../../../src/engine/query/types.ts';
import { CodeSchema } from '../../../src/engine/scenario/codeSchema.ts';
import { CodeRepo } from '../../../src/engine/world/codeRepo.ts';
import { LogStore } from '../../../src/engine/world/logStore.ts';
import { MetricStore } from '../../../src/engine/world/metricStore.ts';

/**
 * Patterns that make a backtracking engine run for hours on the texts below: nested and overlapping
 * quantifiers, alternations that match the same text two ways, and what RE2 refuses outright
 * (backreferences, lookaround, huge repeats). Each must answer, or be refused with a positioned error;
 * one that hung would fail this file by the test runner's timeout.
 */
const PATTERNS = [
  '(.*.*)*=$',
  '(.*.*)*=',
  '(a+)+$',
  '(a|aa)+$',
  '(a|a?)+$',
  '(a*)*b',
  '((a+)+)+b',
  '(.*a){20}',
  '(x+x+)+y',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '(\\w+\\s?)+$',
  '^(\\d+)*$',
  '([a-zA-Z]+)*$',
  '(\\w|\\d)+$',
  '^(a?){25}a{25}$',
  '(?:(?:a*)*)*b',
  '(?i)(A+)+!x',
  '(.*){1,32000}[bc]',
  '(a*)\\1b',
  '(?=a+)+b',
  '[\\s\\S]{1000}[\\s\\S]{1000}[\\s\\S]{1000}[\\s\\S]{1000}',
];

/** Texts that drive the patterns above into their worst case: long runs with a mismatch at the end. */
const TEXTS = [`${'a'.repeat(3000)}!`, `${'x='.repeat(1500)}y`, `${'1'.repeat(3000)}z`, 'ab'.repeat(1500)];

const T0 = Date.parse('2026-10-25T01:00:00Z');

function logStore(): LogStore {
  const store = new LogStore();
  TEXTS.forEach((text, i) => {
    store.append({ service: 'svc', kind: text }, T0 + i * 1000, text);
  });
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

const code = new CodeRepo(
  CodeSchema.parse({
    repo: 'shop/demo',
    files: TEXTS.map((content, i) => ({ path: `f${i}.txt`, content: `${content}\n${content}\n` })),
    commits: [{ id: 'aaaaaaa', author: 'ann', date: '2026-01-01T00:00:00Z', message: 'Start' }],
  }),
);

/** A query string literal holding the pattern: backquotes take it raw in both languages. */
const raw = (pattern: string) => `\`${pattern}\``;

const LOGQL = (p: string) => [
  `{service="svc"} |~ ${raw(p)}`,
  `{service="svc"} !~ ${raw(p)}`,
  `{service="svc", kind=~${raw(p)}}`,
  `{service="svc", kind!~${raw(p)}}`,
  `{service="svc"} | kind=~${raw(p)}`,
  `{service="svc"} | regexp ${raw(`(?P<x>${p})`)}`,
  `sum by (y) (label_replace(count_over_time({service="svc"}[1m]), "y", "$1", "kind", ${raw(p)}))`,
];

const PROMQL = (p: string) => [
  `m{v=~${raw(p)}}`,
  `m{v!~${raw(p)}}`,
  `{__name__=~${raw(p)}, i="0"}`,
  `label_replace(m, "y", "$1", "v", ${raw(p)})`,
];

/** Either an answer, or errors that each point inside the query. */
function answeredOrRefused(query: string, r: QueryResult): void {
  if (r.ok) return;
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(e.from).toBeGreaterThanOrEqual(0);
    expect(e.to).toBeLessThanOrEqual(query.length);
    expect(e.message).not.toMatch(/could not be evaluated|RangeError|SyntaxError/);
  }
}

describe('no regex runs away, wherever it reaches the engine', () => {
  const logs = logStore();
  const metrics = metricStore();

  test.each(PATTERNS)('LogQL: %s', (p) => {
    for (const query of LOGQL(p)) {
      const r = evaluateLogQL(logs, query, { startMs: T0, endMs: T0 + 60_000, limit: 100 });
      answeredOrRefused(query, r);
    }
  });

  test.each(PATTERNS)('PromQL: %s', (p) => {
    for (const query of PROMQL(p)) answeredOrRefused(query, instantQuery(metrics, query, T0 + 1000));
  });

  test.each(PATTERNS)('metric store selection and code search: %s', (p) => {
    expect(Array.isArray(metrics.select([{ name: 'v', op: '=~', value: p }]))).toBe(true);
    expect(Array.isArray(code.grep(p, { regex: true }))).toBe(true);
    expect(Array.isArray(code.grep(p, { regex: true, ignoreCase: true }))).toBe(true);
  });

  test('the answers are the right ones', () => {
    const ok = (r: QueryResult) => (r.ok ? r.value : r.errors.map((e) => e.message));
    const lines = evaluateLogQL(logs, `{service="svc"} |~ ${raw('(a+)+!$')}`, {
      startMs: T0,
      endMs: T0 + 60_000,
      limit: 100,
    });
    const ids =
      lines.ok && lines.value.resultType === 'streams'
        ? lines.value.result.map((stream) => stream.entries.map((e) => e.id))
        : lines;
    expect(ids).toEqual([[0]]);
    const series = instantQuery(metrics, `count(m{v=~${raw('(x=)+y|(1+)+z')}})`, T0 + 1000);
    expect(ok(series)).toMatchObject({ result: [{ v: 2 }] });
    expect(code.grep('(a|aa)+!$', { regex: true }).map((g) => [g.path, g.line])).toEqual([
      ['f0.txt', 1],
      ['f0.txt', 2],
    ]);
  });

  test('refusals say what RE2 refuses', () => {
    const r = instantQuery(metrics, `m{v=~${raw('(a*)\\1b')}}`, T0 + 1000);
    expect(r.ok ? [] : r.errors.map((e) => [e.from, e.message])).toEqual([
      [5, 'invalid regular expression "(a*)\\\\1b": invalid escape sequence: `\\1`'],
    ]);
  });
});
