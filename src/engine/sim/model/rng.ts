/** FNV-1a over a string's UTF-16 code units: a stable 32-bit hash for seeding named streams. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX = '0123456789abcdef';

/** The four words of an sfc32 generator. */
export type RngState = readonly [number, number, number, number];

/**
 * A small, fast, seeded random number generator (sfc32). The engine never uses Math.random: every
 * random choice comes from an Rng, so a scenario and seed give the same world everywhere.
 *
 * @example
 * const rng = new Rng(42).fork('traffic');
 * const jitter = rng.normal(0, 1);
 */
export class Rng {
  /**
   * The four words, as 32-bit integers in a typed array: a browser's V8 keeps small integers in 31 bits,
   * so half of these words would be boxed numbers in object fields, a heap allocation per draw.
   */
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    const s = this.s;
    s[0] = 0x9e3779b9;
    s[1] = 0x243f6a88;
    s[2] = 0xb7e15162;
    s[3] = seed >>> 0;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The generator's state, to resume it later with {@link Rng.fromState}. */
  state(): RngState {
    const s = this.s;
    return [s[0]!, s[1]!, s[2]!, s[3]!];
  }

  /** A generator that continues from a saved state. */
  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    r.s.set(state);
    return r;
  }

  /** Continues from where `other` is, as a copy that draws the same numbers from then on. */
  copyFrom(other: Rng): void {
    this.s.set(other.s);
  }

  /** An independent generator for a named purpose, so adding draws in one place does not shift another. */
  fork(label: string): Rng {
    return new Rng(hashString(label, this.s[3]! ^ this.s[0]!));
  }

  nextUint32(): number {
    const s = this.s;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * Normal, from one draw through the inverse of the standard normal distribution function (Acklam's
   * rational approximation, relative error under 1.2e-9): one draw and, for 95% of them, no logarithm,
   * root or cosine. Latencies draw one per span, so this is on the simulation's busiest path.
   */
  normal(mean = 0, sd = 1): number {
    // Strictly inside (0, 1): the middle of one of 2^32 equal steps.
    return mean + sd * normalQuantile((this.nextUint32() + 0.5) / 4294967296);
  }

  /** Poisson-distributed count with the given mean (Knuth for small means, normal approximation above). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Lower-case hex string of `chars` characters (trace ids are 32, span ids 16). */
  hex(chars: number): string {
    let out = '';
    while (out.length < chars) {
      let n = this.nextUint32();
      for (let i = 0; i < 8 && out.length < chars; i++) {
        out += HEX[n & 15];
        n >>>= 4;
      }
    }
    return out;
  }
}

const P_LOW = 0.02425;

/** The standard normal quantile of `p` in (0, 1), by Acklam's algorithm. */
export function normalQuantile(p: number): number {
  if (p < P_LOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r +
      1.38357751867269e2) *
      r -
      3.066479806614716e1) *
      r +
      2.506628277459239) *
      q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r +
      6.680131188771972e1) *
      r -
      1.328068155288572e1) *
      r +
      1)
  );
}

/** The lower tail of the quantile, from `sqrt(-2 ln p)`. */
function tail(q: number): number {
  return (
    (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) *
      q +
      4.374664141464968) *
      q +
      2.938163982698783) /
    ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) *
      q +
      1)
  );
}

/** Steps of the table a {@link LogNormalTable} interpolates in, and those at each end it leaves to the formula. */
const STEPS = 4096;
const EDGE = 100;

/**
 * Log-normal draws for one spread, from a table of `exp(sigma * z)` at 4,097 evenly spaced quantiles:
 * one uniform draw, a lookup and a straight line between two neighbours (relative error under 2e-6),
 * and the exact formula in the outer 100/4096 of each tail, where the curve bends most. A request's
 * spans each draw one, so this is the simulation's busiest draw.
 */
export class LogNormalTable {
  private readonly factors = new Float64Array(STEPS + 1);

  constructor(private readonly sigma: number) {
    for (let k = 1; k < STEPS; k++) this.factors[k] = Math.exp(sigma * normalQuantile(k / STEPS));
  }

  /** A draw around `median`. */
  draw(rng: Rng, median: number): number {
    const u = (rng.nextUint32() + 0.5) / 4294967296;
    const f = u * STEPS;
    const k = Math.floor(f);
    if (k < EDGE || k >= STEPS - EDGE) return median * Math.exp(this.sigma * normalQuantile(u));
    const lo = this.factors[k]!;
    return median * (lo + (this.factors[k + 1]! - lo) * (f - k));
  }
}
