import type { Rng } from './rng.ts';

/** Character codes of the hex digits. */
const HEX_CODES: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Eight hex digits of a 32-bit word as character codes, into `out` from `at`. */
function hexCodes(n: number, out: number[], at: number): void {
  for (let k = 7; k >= 0; k--) {
    out[at + k] = HEX_CODES[n & 15]!;
    n >>>= 4;
  }
}

// Scratch character codes, one array per length so `String.fromCharCode.apply` takes each whole.
const codes8: number[] = new Array<number>(8).fill(0);
const codes16: number[] = new Array<number>(16).fill(0);
const codes32: number[] = new Array<number>(32).fill(0);

/** Eight lower-case hex characters for a 32-bit value. */
export function hex32(n: number): string {
  hexCodes(n, codes8, 0);
  return String.fromCharCode.apply(null, codes8);
}

/**
 * Sixteen hex characters for two 32-bit words (a span id), made as one string from its character codes:
 * one small string rather than two halves and their join, and no table of 65,536 strings to look in.
 */
export function hex64(hi: number, lo: number): string {
  hexCodes(hi, codes16, 0);
  hexCodes(lo, codes16, 8);
  return String.fromCharCode.apply(null, codes16);
}

/**
 * A W3C trace id (32 hex characters) and its first word, which decides head sampling. The id is made as one
 * string from its character codes: every line of the request carries it, and a string made in one piece is
 * copied into each line's block without being flattened first.
 */
export function traceId(rng: Rng): { id: string; word: number } {
  const word = rng.nextUint32();
  hexCodes(word, codes32, 0);
  hexCodes(rng.nextUint32(), codes32, 8);
  hexCodes(rng.nextUint32(), codes32, 16);
  hexCodes(rng.nextUint32(), codes32, 24);
  return { id: String.fromCharCode.apply(null, codes32), word };
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
