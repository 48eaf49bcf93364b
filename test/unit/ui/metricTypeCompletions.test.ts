import { describe, expect, it } from 'vitest';
import { typedCompletions } from '../../../src/ui/editor/metricTypeCompletions.ts';
import { traceIdIn } from '../../../src/ui/logs/logFields.ts';

const metadata = {
  http_requests_total: { type: 'counter', help: '' },
  http_request_duration_seconds_bucket: { type: 'histogram', help: '' },
  http_request_duration_seconds_count: { type: 'histogram', help: '' },
  http_request_duration_seconds_sum: { type: 'histogram', help: '' },
  http_inflight_requests: { type: 'gauge', help: '' },
  process_cpu_seconds_total: { type: 'counter', help: '' },
};

describe('completion by metric type', () => {
  it('reads counters with rate(), histogram buckets with histogram_quantile(), and leaves gauges as they are', () => {
    expect(typedCompletions({ metadata }, 'http_')).toEqual([
      { label: 'rate(http_requests_total[5m])', detail: 'counter: per-second rate' },
      {
        label: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
        detail: 'histogram: 99th percentile',
      },
      { label: 'rate(http_request_duration_seconds_count[5m])', detail: 'histogram: per-second rate' },
      { label: 'rate(http_request_duration_seconds_sum[5m])', detail: 'histogram: per-second rate' },
    ]);
    expect(typedCompletions({ metadata }, 'http_inflight')).toEqual([]);
    expect(typedCompletions({ metadata }, 'process')).toEqual([
      { label: 'rate(process_cpu_seconds_total[5m])', detail: 'counter: per-second rate' },
    ]);
  });
});

describe('a trace id in a log line', () => {
  it.each([
    ['trace_id', '7296f4f6683b6b182d6df9388f4b4765', '7296f4f6683b6b182d6df9388f4b4765'],
    ['traceId', '5d003afd10e10c80a1b2c3d4e5f60718', '5d003afd10e10c80a1b2c3d4e5f60718'],
    ['span_id', '5d003afd10e10c80', undefined],
    ['trace_id', 'not-an-id', undefined],
    ['msg', '7296f4f6683b6b182d6df9388f4b4765', undefined],
  ])('%s=%s opens %s', (name, value, id) => {
    expect(traceIdIn(name, value)).toBe(id);
  });
});
