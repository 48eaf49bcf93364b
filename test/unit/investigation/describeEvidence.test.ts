import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../src/engine/investigation/evidence.ts';
import { briefEvidence, describeEvidence } from '../../../src/engine/investigation/evidence.ts';

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

describe('a pinned log line inside a sentence', () => {
  const log = (line: string) =>
    ({ kind: 'log', ref: 'log:1', id: 1, service: 'cart', tsMs: 0, line }) as Evidence;

  it.each([
    [
      'a JSON line, by its message',
      '{"ts":"2026-10-25T02:04:59.417Z","level":"error","msg":"TypeError: Cannot read properties of undefined (reading \\"percent\\")","trace_id":"ab"}',
      'cart: TypeError: Cannot read properties of undefined (reading "percent")',
    ],
    [
      'a logfmt line, by its message',
      'ts=2026-10-25T02:04:59Z level=error msg="pool exhausted: 10 of 10 in use" trace_id=ab',
      'cart: pool exhausted: 10 of 10 in use',
    ],
    [
      'a line without one, as written',
      '10.3.78.230 - - [25/Oct/2026:02:04:59 +0000] "POST /checkout HTTP/1.1" 502 152',
      'cart: 10.3.78.230 - - [25/Oct/2026:02:04:59 +0000] "POST /checkout HTTP/1.1" 502 152',
    ],
  ])('reads %s', (_, line, brief) => {
    expect(briefEvidence(log(line))).toBe(brief);
    // Lists and the case board keep the line as it was logged.
    expect(describeEvidence(log(line))).toBe(`cart: ${line.length > 120 ? `${line.slice(0, 117)}…` : line}`);
  });
});
