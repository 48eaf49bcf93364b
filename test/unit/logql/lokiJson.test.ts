import { describe, expect, test } from 'vitest';
import {
  logQuery,
  metricQueryInstant,
  metricQueryRange,
  nanosecondString,
  toLokiJSON,
} from '../../../src/engine/query/logql/index.ts';
import { at, fixtureStore } from './fixture.ts';

const store = fixtureStore();

describe('answers take the shape of the Loki HTTP API', () => {
  test('streams: labels sorted, [nanoseconds, line] pairs, stats summary', () => {
    const r = logQuery(store, '{service="billing", level="error"} |= "Timeout"', {
      startMs: at(0),
      endMs: at(60),
    });
    expect(toLokiJSON(r, r.ok ? r.stats : undefined)).toEqual({
      status: 'success',
      data: {
        resultType: 'streams',
        result: [
          {
            stream: { level: 'error', service: 'billing' },
            values: [['1792890030000000000', 'level=error msg="charge failed: Timeout" user=44 duration=2s']],
          },
        ],
        stats: {
          summary: {
            bytesProcessedPerSecond: 0,
            linesProcessedPerSecond: 0,
            totalBytesProcessed: 123,
            totalLinesProcessed: 2,
            totalEntriesReturned: 1,
            execTime: 0,
            queueTime: 0,
            subqueries: 0,
          },
        },
      },
    });
  });
  test('vector and matrix use seconds and string values', () => {
    const v = toLokiJSON(metricQueryInstant(store, 'sum(count_over_time({service="web"}[1m]))', at(60)));
    expect(v.status === 'success' && v.data.result).toEqual([{ metric: {}, value: [1792890060, '3'] }]);
    const m = toLokiJSON(metricQueryRange(store, 'sum(rate({service="web"}[1m]))', at(0), at(10), 10_000));
    expect(m.status === 'success' && m.data.result).toEqual([
      {
        metric: {},
        // At T0 the window (T0-1m, T0] holds no web line yet, so there is no sample.
        values: [[1792890010, '0.016666666666666666']],
      },
    ]);
    const s = toLokiJSON(metricQueryInstant(store, '1 / 0', at(1)));
    expect(s.status === 'success' && s.data.result).toEqual([1792890001, '+Inf']);
  });
  test('errors say where, in Loki words', () => {
    expect(toLokiJSON(logQuery(store, '{service="api"} |= ', { startMs: 0, endMs: 1 }))).toEqual({
      status: 'error',
      errorType: 'bad_data',
      error:
        'parse error at line 1, col 20: syntax error: unexpected end of query, expected a quoted string after the line filter, as in |= "error"',
    });
  });
  test('nanosecond timestamps stay exact beyond 2^53', () => {
    expect(nanosecondString(1792890030123.456)).toBe('1792890030123456000');
  });
});
