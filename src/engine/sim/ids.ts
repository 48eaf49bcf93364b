import type { Rng } from './rng.ts';

/** Character codes of the hex digits. */
const H: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * Eight lower-case hex characters for a 32-bit value, made as one string from its character codes passed
 * as arguments (faster than spreading an array into `String.fromCharCode`).
 */
export function hex32(n: number): string {
  return String.fromCharCode(
    H[n >>> 28]!,
    H[(n >>> 24) & 15]!,
    H[(n >>> 20) & 15]!,
    H[(n >>> 16) & 15]!,
    H[(n >>> 12) & 15]!,
    H[(n >>> 8) & 15]!,
    H[(n >>> 4) & 15]!,
    H[n & 15]!,
  );
}

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
 * A W3C trace id (32 hex characters) and its first word, which decides head sampling. The id is made as one
 * string: every line of the request carries it, and a string made in one piece is copied into each line's
 * block without being flattened first.
 */
export function traceId(rng: Rng): { id: string; word: number } {
  const a = rng.nextUint32();
  const b = rng.nextUint32();
  const c = rng.nextUint32();
  const d = rng.nextUint32();
  const id = String.fromCharCode(
    H[a >>> 28]!,
    H[(a >>> 24) & 15]!,
    H[(a >>> 20) & 15]!,
    H[(a >>> 16) & 15]!,
    H[(a >>> 12) & 15]!,
    H[(a >>> 8) & 15]!,
    H[(a >>> 4) & 15]!,
    H[a & 15]!,
    H[b >>> 28]!,
    H[(b >>> 24) & 15]!,
    H[(b >>> 20) & 15]!,
    H[(b >>> 16) & 15]!,
    H[(b >>> 12) & 15]!,
    H[(b >>> 8) & 15]!,
    H[(b >>> 4) & 15]!,
    H[b & 15]!,
    H[c >>> 28]!,
    H[(c >>> 24) & 15]!,
    H[(c >>> 20) & 15]!,
    H[(c >>> 16) & 15]!,
    H[(c >>> 12) & 15]!,
    H[(c >>> 8) & 15]!,
    H[(c >>> 4) & 15]!,
    H[c & 15]!,
    H[d >>> 28]!,
    H[(d >>> 24) & 15]!,
    H[(d >>> 20) & 15]!,
    H[(d >>> 16) & 15]!,
    H[(d >>> 12) & 15]!,
    H[(d >>> 8) & 15]!,
    H[(d >>> 4) & 15]!,
    H[d & 15]!,
  );
  return { id, word: a };
}

/** A W3C span id (16 hex characters). */
export function spanId(rng: Rng): string {
  const hi = rng.nextUint32();
  return hex64(hi, rng.nextUint32());
}

/**
 * Whether a trace is head-sampled: its first 32 bits under `ratio` of the range, the rule OpenTelemetry's
 * TraceIdRatioBased sampler applies, so every service of a trace makes the same choice.
 */
export function headSampled(word: number, ratio: number): boolean {
  return word < ratio * 4294967296;
}
