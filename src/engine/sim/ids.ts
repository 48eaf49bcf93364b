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

/**
 * A W3C trace id (32 hex characters) and its first word, which decides head sampling. Every line of the
 * request carries the id, so it is kept as one run of characters, copied into each line's block in one step.
 */
export function traceId(rng: Rng): { id: string; word: number } {
  const a = rng.nextUint32();
  const b = rng.nextUint32();
  const c = rng.nextUint32();
  const d = rng.nextUint32();
  const id = `${hex64(a, b)}${hex64(c, d)}`;
  // Reading a character gathers the two halves into one run, once per request rather than once per line.
  id.charCodeAt(0);
  return { id, word: a };
}

/**
 * Whether a trace is head-sampled: its first 32 bits under `ratio` of the range, the rule OpenTelemetry's
 * TraceIdRatioBased sampler applies, so every service of a trace makes the same choice.
 */
export function headSampled(word: number, ratio: number): boolean {
  return word < ratio * 4294967296;
}
