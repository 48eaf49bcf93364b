import { describe, expect, it } from 'vitest';
import { isRatio, matchesClue, matchesSeries } from '../../../src/engine/investigation/clues.ts';
import type { Evidence, SeriesEvidence } from '../../../src/engine/investigation/evidence.ts';
import { naiveQueries, taughtMetricFindings } from '../../../src/engine/scenario/lint/metricClues.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { ClueSchema } from '../../../src/engine/scenario/solutionSchema.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

function series(query: string, labels: Record<string, string>): SeriesEvidence {
  return {
    kind: 'series',
    ref: `series:${query}`,
    query,
    labels,
    startMs: 0,
    endMs: 1,
    min: 0,
    max: 1,
    first: 0,
    last: 1,
  };
}

describe('a metric clue that states what it teaches', () => {
  const name = 'http_server_requests_total';
  it.each([
    [
      'split by region: the split matches',
      { by: ['region'] },
      `sum by (region) (rate(${name}{service="payments"}[5m]))`,
      { region: 'eu' },
      true,
    ],
    [
      'split by region: the total does not',
      { by: ['region'] },
      `sum(rate(${name}{service="payments"}[5m]))`,
      {},
      false,
    ],
    [
      'split by region: filtering one region is not the split',
      { by: ['region'] },
      `sum(rate(${name}{service="payments",region="eu"}[5m]))`,
      {},
      false,
    ],
    [
      'split by region: a raw selector keeps every label',
      { by: ['region'] },
      `${name}{service="payments"}`,
      { __name__: name, service: 'payments', region: 'eu' },
      true,
    ],
    [
      'p99: histogram_quantile(0.99) matches',
      { quantile: 0.99 },
      `histogram_quantile(0.99, sum by (le) (rate(${name}_bucket{service="payments"}[5m])))`,
      {},
      true,
    ],
    [
      'p99: the median does not',
      { quantile: 0.99 },
      `histogram_quantile(0.5, sum by (le) (rate(${name}_bucket{service="payments"}[5m])))`,
      {},
      false,
    ],
    [
      'p99: the mean does not',
      { quantile: 0.99 },
      `sum(rate(${name}_sum{service="payments"}[5m])) / sum(rate(${name}_count{service="payments"}[5m]))`,
      {},
      false,
    ],
    [
      'p99: a summary quantile series matches',
      { quantile: 0.99 },
      `${name}{service="payments"}`,
      { __name__: name, quantile: '0.99', service: 'payments' },
      true,
    ],
    [
      'ratio: errors over all matches',
      { ratio: true as const },
      `sum(rate(${name}{service="payments",status="500"}[5m])) / sum(rate(${name}{service="payments"}[5m]))`,
      {},
      true,
    ],
    [
      'ratio: the raw count does not',
      { ratio: true as const },
      `sum(rate(${name}{service="payments",status="500"}[5m]))`,
      {},
      false,
    ],
  ])('%s', (_, taught, query, labels, expected) => {
    const matcher = { name, labels: { service: 'payments' }, ...taught };
    expect(matchesSeries(series(query, labels), matcher)).toBe(expected);
  });

  it.each([
    ['a / b', true],
    ['sum(rate(x[5m])) / sum(rate(y[5m]))', true],
    ['rate(x[5m]) / 60', false],
    ['sum(rate(x{route="/api/orders"}[5m]))', false],
    ['sum(rate(x{route="/a/b"}[5m])) / 1e3', false],
    ['sum(rate(x{route="/a/b"}[5m])) / 60 * 100', false],
    ['100 * sum(rate(x[5m])) / sum(rate(y[5m]))', true],
  ])('isRatio(%s) is %s', (query, expected) => expect(isRatio(query)).toBe(expected));

  it('derives one naive query per thing taught, each keeping the rest', () => {
    expect(
      naiveQueries(
        { name: 'lat_seconds', labels: { service: 's' }, by: ['instance'], quantile: 0.99 },
        'histogram_quantile(0.99, sum by (le, instance) (rate(lat_seconds_bucket{service="s"}[5m])))',
      ),
    ).toEqual([
      {
        misses: 'the split by instance',
        query: 'histogram_quantile(0.99, sum by (le) (rate(lat_seconds_bucket{service="s"}[5m])))',
      },
      {
        misses: 'the 0.99 quantile (the mean)',
        query:
          'sum by (instance) (rate(lat_seconds_sum{service="s"}[5m])) / sum by (instance) (rate(lat_seconds_count{service="s"}[5m]))',
      },
      {
        misses: 'the 0.99 quantile (the 0.5 one)',
        query: 'histogram_quantile(0.5, sum by (le, instance) (rate(lat_seconds_bucket{service="s"}[5m])))',
      },
    ]);
  });
});

describe('a clue shown by several kinds of evidence', () => {
  const clue = ClueSchema.parse({
    id: 'checkout-fails',
    description: 'checkout fails',
    log: { service: 'web', contains: '502' },
    anyOf: [{ ticket: 't-1' }, { span: { service: 'cart', status: 'error' } }],
  });
  it.each<[string, Evidence, boolean]>([
    [
      'its own log line',
      { kind: 'log', ref: 'log:1', id: 1, service: 'web', tsMs: 0, line: 'POST 502' },
      true,
    ],
    ['the ticket', { kind: 'ticket', ref: 'ticket:t-1', ticketId: 't-1', atMs: 0, subject: 's' }, true],
    [
      'an error span of cart',
      {
        kind: 'span',
        ref: 'span:a/b',
        traceId: 'a',
        spanId: 'b',
        service: 'cart',
        operation: 'x',
        status: 'error',
        startMs: 0,
        durationMs: 1,
      },
      true,
    ],
    ['another ticket', { kind: 'ticket', ref: 'ticket:t-2', ticketId: 't-2', atMs: 0, subject: 's' }, false],
  ])('is backed by %s: %s', (_, e, expected) => expect(matchesClue(e, clue)).toBe(expected));

  it('refuses an alternative naming two matchers, and a clue naming none of its own', () => {
    expect(
      ClueSchema.safeParse({
        id: 'x',
        description: 'd',
        log: { service: 'a', contains: 'b' },
        anyOf: [{ ticket: 't', alert: 'A' }],
      }).success,
    ).toBe(false);
    expect(ClueSchema.safeParse({ id: 'x', description: 'd', anyOf: [{ ticket: 't' }] }).success).toBe(false);
  });
});

describe('lint proves each taught metric clue', () => {
  const scenario = builtinScenario('misleading-dashboard.yaml');
  const world = simulate(scenario);

  it('passes the built-in p99 and per-instance clues', () => {
    expect(taughtMetricFindings(scenario, world)).toEqual([]);
  });

  it('names the clue whose own query is the naive reading', () => {
    const clues = scenario.solution.clues.map((c) =>
      c.id === 'search-p99'
        ? {
            ...c,
            query:
              'sum(rate(http_server_request_duration_seconds_sum{service="search"}[5m])) / sum(rate(http_server_request_duration_seconds_count{service="search"}[5m]))',
          }
        : c,
    );
    const broken: Scenario = { ...scenario, solution: { ...scenario.solution, clues } };
    const findings = taughtMetricFindings(broken, world);
    expect(findings.map((f) => [f.rule, f.severity, f.path.join('.')])).toEqual([
      ['taught-metric', 'error', `solution.clues.${clues.findIndex((c) => c.id === 'search-p99')}.query`],
    ]);
    expect(findings[0]!.message).toMatch(
      /^clue "search-p99": its own query .* shows no series with what the clue teaches \(the 0\.99 quantile\)/,
    );
  });
});
