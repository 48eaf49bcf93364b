import { describe, expect, it } from 'vitest';
import type { ToolResult } from '../../../src/engine/investigation/tools.ts';
import { CHARTED_SERIES, chartOf } from '../../../src/ui/metrics/chartData.ts';

function answer(n: number): ToolResult {
  return {
    ok: true,
    tool: 'metrics',
    query: 'up',
    scope: { startMs: 0, endMs: 30_000 },
    matched: n,
    items: Array.from({ length: n }, (_, i) => ({
      evidence: {
        kind: 'series' as const,
        ref: `series:${i}`,
        query: 'up',
        labels: { instance: `i${i}`, status: i === 0 ? '500' : '200' },
        startMs: 0,
        endMs: 30_000,
        min: i,
        max: i,
        first: i,
        last: i,
      },
      samples: [
        { t: 0, v: i },
        { t: 15_000, v: i },
      ],
    })),
  };
}

describe('a chart of a metric answer', () => {
  it('draws the first series up to the limit, each with its labels, and all when asked', () => {
    const some = chartOf(answer(25), (e) => e.labels.instance!, undefined, CHARTED_SERIES);
    expect(some.names).toHaveLength(20);
    expect(some.ys).toHaveLength(20);
    expect(some.labels?.[0]).toEqual({ instance: 'i0', status: '500' });
    expect(some.xs).toEqual([0, 15]);
    // The x axis spans the range asked, not just the samples found in it.
    expect(some.range).toEqual({ startMs: 0, endMs: 30_000 });
    expect(chartOf(answer(25), (e) => e.labels.instance!).names).toHaveLength(25);
  });
});
