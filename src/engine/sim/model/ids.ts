import type { Rng } from './rng.ts';

/** Character codes of the hex digits. */
const H: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * Sixteen hex characters for two 32-bit words (a span id), made as one string from its character codes:
 * one small string rather than two halves and their join, and no table of 65,536 strings to look in.
 */
export function hex64(hi: number, lo: number): string {
  return String.fromCharCode(
    H[hi >>> 28]!,
    H[(hi >>> 24) & 15]!,
    H[(hi >>> 20) & 15]!,
    H[(hi >>> 16) & 15]!,
    H[(hi >>> 12) & 15]!,
    H[(hi >>> 8) & 15]!,
    H[(hi >>> 4) & 15]!,
    H[hi & 15]!,
    H[lo >>> 28]!,
    H[(lo >>> 24) & 15]!,
    H[(lo >>> 20) & 15]!,
    H[(lo >>> 16) & 15]!,
    H[(lo >>> 12) & 15]!,
    H[(lo >>> 8) & 15]!,
    H[(lo >>> 4) & 15]!,
    H[lo & 15]!,
  );
}

/** Draws a W3C trace id's four 32-bit words into `words`; the first decides head sampling. */
export function drawTraceId(rng: Rng, words: Uint32Array): void {
  words[0] = rng.nextUint32();
  words[1] = rng.nextUint32();
  words[2] = rng.nextUint32();
  words[3] = rng.nextUint32();
}

/**
 * A trace id as text: 32 hex characters. Every line of the request carries it, so it is gathered into one
 * run of characters (by reading one), copied into each line's block in one step.
 */
export function traceIdText(a: number, b: number, c: number, d: number): string {
  const id = `${hex64(a, b)}${hex64(c, d)}`;
  id.charCodeAt(0);
  return id;
}

/**
 * Whether a trace is head-sampled: its first 32 bits under `ratio` of the range, the rule OpenTelemetry's
 * TraceIdRatioBased sampler applies, so every service of a trace makes the same choice.
 */
export function headSampled(word: number, ratio: number): boolean {
  return word < ratio * 4294967296;
}
