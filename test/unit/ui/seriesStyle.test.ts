import { describe, expect, it } from 'vitest';
import { axisWidth, lastPoint, seriesStyles, seriesTone } from '../../../src/ui/metrics/seriesStyle.ts';

describe("series drawn by Grafana's conventions", () => {
  it.each([
    [{ status: '500' }, 'bad'],
    [{ status: '503', service: 'web' }, 'bad'],
    [{ code: '5xx' }, 'bad'],
    [{ outcome: 'failure' }, 'bad'],
    [{ level: 'error' }, 'bad'],
    [{ error: 'true' }, 'bad'],
    [{ success: 'false' }, 'bad'],
    [{ status: '404' }, 'warn'],
    [{ level: 'warn' }, 'warn'],
    [{ status: '200' }, 'good'],
    [{ status_class: '2xx' }, 'good'],
    [{ result: 'success' }, 'good'],
    [{ error: 'false' }, 'good'],
    [{ service: 'web', route: '/checkout' }, 'neutral'],
    [{}, 'neutral'],
  ] as const)('reads %j as %s', (labels, tone) => {
    expect(seriesTone(labels)).toBe(tone);
  });

  it('draws failures in reds and successes in greens, and no neutral series in either', () => {
    const styles = seriesStyles([{ status: '200' }, { status: '500' }, { service: 'a' }, { status: '502' }]);
    expect(styles.map((s) => s.tone)).toEqual(['good', 'bad', 'neutral', 'bad']);
    expect(styles[0]!.color).toBe('#4fd18b');
    expect(styles[1]!.color).toBe('#ff6b6b');
    expect(styles[3]!.color).not.toBe(styles[1]!.color);
    expect(['#ff6b6b', '#4fd18b', '#ffa94d']).not.toContain(styles[2]!.color);
  });

  it('gives series side by side different dashes, so two that coincide both show', () => {
    const styles = seriesStyles([{}, {}, {}, {}, {}]);
    const dashes = styles.map((s) => s.dash.join(','));
    expect(new Set(dashes).size).toBe(5);
    expect(styles[0]!.dash).toEqual([]);
  });

  it('makes the y axis as wide as its longest label', () => {
    expect(axisWidth([])).toBe(40);
    expect(axisWidth(['0', '5', '10'])).toBe(40);
    expect(axisWidth(['1,234,567 req/s'])).toBe(Math.ceil(15 * 7.5) + 18);
    expect(axisWidth(['12 ms', null, '1.25 s'])).toBeGreaterThan(axisWidth(['12 ms']));
  });

  it('finds the last value and when it was, past gaps', () => {
    expect(lastPoint(undefined)).toBeUndefined();
    expect(lastPoint([])).toBeUndefined();
    expect(
      lastPoint([
        { t: 1, v: 3 },
        { t: 2, v: 4 },
        { t: 3, v: Number.NaN },
      ]),
    ).toEqual({ t: 2, v: 4 });
  });
});
