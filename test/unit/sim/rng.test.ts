import { describe, expect, test } from 'vitest';
import { LogNormalTable, normalQuantile, Rng } from '../../../src/engine/sim/model/rng.ts';

describe('random draws', () => {
  test('the normal quantile matches the standard normal distribution', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    expect(normalQuantile(1e-9)).toBeCloseTo(-5.997807, 5);
    // Symmetric, and continuous where the middle meets the tails.
    for (const p of [0.001, 0.02, 0.1, 0.3]) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 9);
    expect(normalQuantile(0.02425 + 1e-12)).toBeCloseTo(normalQuantile(0.02425 - 1e-12), 7);
  });

  test('normal draws have the mean, spread and quantiles asked for', () => {
    const rng = new Rng(7);
    const n = 200_000;
    const xs = new Float64Array(n);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal(10, 2);
      xs[i] = x;
      sum += x;
      squares += x * x;
    }
    xs.sort();
    const mean = sum / n;
    expect(mean).toBeCloseTo(10, 1);
    expect(Math.sqrt(squares / n - mean * mean)).toBeCloseTo(2, 1);
    expect(xs[Math.floor(n * 0.025)]!).toBeCloseTo(10 - 2 * 1.96, 1);
    expect(xs[Math.floor(n * 0.975)]!).toBeCloseTo(10 + 2 * 1.96, 1);
  });

  test('the same seed gives the same draws', () => {
    const table = new LogNormalTable(0.35);
    const a = new Rng(42).fork('latency');
    const b = new Rng(42).fork('latency');
    for (let i = 0; i < 100; i++) expect(table.draw(a, 20)).toBe(table.draw(b, 20));
  });

  test('log-normal draws from the table are the exact ones to a few parts in a million', () => {
    const sigma = 0.35;
    const table = new LogNormalTable(sigma);
    // A generator that hands out chosen words, so each draw's quantile is known.
    const fixed = (word: number) => ({ nextUint32: () => word }) as unknown as Rng;
    for (let i = 0; i < 20_000; i++) {
      const word = (i * 2654435761) >>> 0;
      const exact = 20 * Math.exp(sigma * normalQuantile((word + 0.5) / 4294967296));
      expect(Math.abs(table.draw(fixed(word), 20) / exact - 1)).toBeLessThan(3e-6);
    }
    // The tails are drawn exactly.
    for (const word of [0, 1, 2 ** 20, 2 ** 32 - 1]) {
      const exact = 20 * Math.exp(sigma * normalQuantile((word + 0.5) / 4294967296));
      expect(table.draw(fixed(word), 20)).toBe(exact);
    }
  });

  test('log-normal draws centre on the median and skew right', () => {
    const table = new LogNormalTable(0.35);
    const rng = new Rng(3);
    const xs = Float64Array.from({ length: 100_000 }, () => table.draw(rng, 20)).sort();
    expect(xs[50_000]!).toBeCloseTo(20, 0);
    expect(xs[97_500]! - 20).toBeGreaterThan(20 - xs[2_500]!);
  });
});
