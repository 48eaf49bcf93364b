import { describe, expect, test } from 'vitest';
import { normalQuantile, Rng } from '../../../src/engine/sim/rng.ts';

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
    const a = new Rng(42).fork('latency');
    const b = new Rng(42).fork('latency');
    for (let i = 0; i < 100; i++) expect(a.logNormal(20, 0.35)).toBe(b.logNormal(20, 0.35));
  });
});
