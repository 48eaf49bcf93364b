import { describe, expect, it } from 'vitest';
import type { TraceSearchForm } from '../../../src/state/store.ts';
import { durationText, traceQueryText, waterfall } from '../../../src/ui/traces/traceQueryText.ts';

const EMPTY: TraceSearchForm = {
  service: '',
  operation: '',
  status: '',
  minDuration: '',
  maxDuration: '',
  attributes: '',
  rangeMinutes: 0,
};

describe('traceQueryText', () => {
  it.each([
    [{}, ''],
    [{ service: 'cart', status: 'error' }, 'service=cart status=error'],
    [{ operation: ' POST /checkout ', minDuration: '500ms' }, 'name="POST /checkout" minDuration=500ms'],
    [
      { maxDuration: '2s', attributes: 'http.route=/price app.user.coupon=yes' },
      'maxDuration=2s http.route=/price app.user.coupon=yes',
    ],
  ] as const)('%o → %s', (patch, want) => expect(traceQueryText({ ...EMPTY, ...patch })).toBe(want));
});

describe('waterfall', () => {
  it('puts children under their parents by start time, on the trace time axis', () => {
    expect(
      waterfall([
        { spanId: 'a', parentSpanId: '', startMs: 0, durationMs: 100 },
        { spanId: 'c', parentSpanId: 'a', startMs: 50, durationMs: 25 },
        { spanId: 'b', parentSpanId: 'a', startMs: 10, durationMs: 20 },
        { spanId: 'd', parentSpanId: 'b', startMs: 15, durationMs: 5 },
        { spanId: 'e', parentSpanId: 'lost', startMs: 90, durationMs: 10 },
      ]),
    ).toEqual([
      { index: 0, depth: 0, left: 0, width: 1 },
      { index: 2, depth: 1, left: 0.1, width: 0.2 },
      { index: 3, depth: 2, left: 0.15, width: 0.05 },
      { index: 1, depth: 1, left: 0.5, width: 0.25 },
      { index: 4, depth: 0, left: 0.9, width: 0.1 },
    ]);
  });
  it('lays out nothing for no spans', () => expect(waterfall([])).toEqual([]));
});

describe('durationText', () => {
  it.each([
    [3.456, '3.5 ms'],
    [54.15, '54 ms'],
    [1234, '1.23 s'],
  ])('%s → %s', (ms, want) => expect(durationText(ms)).toBe(want));
});
