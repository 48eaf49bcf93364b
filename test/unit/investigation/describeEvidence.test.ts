import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../src/engine/investigation/evidence.ts';
import { describeEvidence } from '../../../src/engine/investigation/evidence.ts';

const series = (query: string, labels: Record<string, string>, first: number, last: number, max: number) =>
  ({
    kind: 'series',
    ref: 's',
    query,
    labels,
    startMs: 0,
    endMs: 60_000,
    min: 0,
    first,
    last,
    max,
  }) as Evidence;

describe('a pinned series, described', () => {
  it('is written as Prometheus writes a series when a selector found it', () => {
    const e = series(
      'http_server_requests_total{service="cart"}',
      { __name__: 'http_server_requests_total', service: 'cart', status: '200' },
      43,
      2285,
      2285,
    );
    expect(describeEvidence(e)).toBe(
      'http_server_requests_total{service="cart", status="200"} (43 → 2285, max 2285)',
    );
  });

  it('keeps the expression that computed it, with values to four significant digits', () => {
    const e = series(
      'sum by (status) (rate(http_server_requests_total{service="web"}[1m]))',
      { status: '502' },
      0.13333333333,
      2.4666666666,
      3.1,
    );
    expect(describeEvidence(e)).toBe(
      'sum by (status) (rate(http_server_requests_total{service="web"}[1m])) → {status="502"} (0.1333 → 2.467, max 3.1)',
    );
    expect(describeEvidence(series('sum(rate(x[1m]))', {}, 0, 1e-7, Number.NaN))).toBe(
      'sum(rate(x[1m])) (0 → 1e-7, max NaN)',
    );
  });
});
