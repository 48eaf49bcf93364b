import { describe, expect, test } from 'vitest';
import { readOpenMetrics, writeOpenMetrics } from '../../../src/engine/world/openMetrics.ts';
import { buildStore } from './fixture.ts';

describe('OpenMetrics export', () => {
  test('families carry TYPE and HELP; counters are <family>_total; timestamps are in seconds', () => {
    const text = writeOpenMetrics(buildStore());
    const lines = text.split('\n');
    expect(lines[0]).toBe('# TYPE c counter');
    expect(lines[1]).toBe('# HELP c A counter.');
    expect(lines[2]).toBe('c_total{inst="1",job="a"} 0 0');
    expect(lines[3]).toBe('c_total{inst="1",job="a"} 10 15');
    expect(lines).toContain('# TYPE h histogram');
    expect(lines).toContain('h_bucket{le="+Inf"} 100 600');
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  test('reading the export back gives the same series and metadata', () => {
    const original = buildStore();
    const { store, diagnostics } = readOpenMetrics(writeOpenMetrics(original));
    expect(diagnostics).toEqual([]);
    const dump = (s: typeof original) =>
      s.series
        .map((x) => ({ key: x.key, ts: [...x.ts], values: [...x.values] }))
        .sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(dump(store)).toEqual(dump(original));
    expect(store.metadata.get('c')).toEqual({ type: 'counter', help: 'A counter.' });
  });

  test('the Prometheus text format has timestamps in milliseconds and escapes in label values', () => {
    const { store, diagnostics } = readOpenMetrics(
      '# TYPE up gauge\nup{job="a\\"b\\nc"} 1 1000\nup{job="x"} +Inf 2000\nnot a sample\n',
    );
    expect(diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual(['4:1: invalid value "a"']);
    expect(store.series.map((s) => [s.labels, [...s.ts], [...s.values]])).toEqual([
      [{ __name__: 'up', job: 'a"b\nc' }, [1000], [1]],
      [{ __name__: 'up', job: 'x' }, [2000], [Number.POSITIVE_INFINITY]],
    ]);
  });
});
