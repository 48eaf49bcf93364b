import type { Rng } from './rng.ts';

/** Four hex characters for every 16-bit value, so an id is two lookups per word and few short strings. */
const HEX4: readonly string[] = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, '0'));

/** Eight lower-case hex characters for a 32-bit value. */
export function hex32(n: number): string {
  return HEX4[n >>> 16]! + HEX4[n & 65535]!;
}

/** Character codes of the hex digits. */
const HEX_CODES: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Eight hex digits of a 32-bit word as character codes, into `out` from `at`. */
function hexCodes(n: number, out: number[], at: number): void {
  for (let k = 7; k >= 0; k--) {
    out[at + k] = HEX_CODES[n & 15]!;
    n >>>= 4;
  }
}

const codes: number[] = new Array<number>(32).fill(0);

/**
 * A W3C trace id (32 hex characters) and its first word, which decides head sampling. The id is made as one
 * string from its character codes: every line of the request carries it, and a string made in one piece is
 * copied into each line's block without being flattened first.
 */
export function traceId(rng: Rng): { id: string; word: number } {
  const word = rng.nextUint32();
  hexCodes(word, codes, 0);
  hexCodes(rng.nextUint32(), codes, 8);
  hexCodes(rng.nextUint32(), codes, 16);
  hexCodes(rng.nextUint32(), codes, 24);
  return { id: String.fromCharCode.apply(null, codes), word };
}

/** A W3C span id (16 hex characters). */
export function spanId(rng: Rng): string {
  return hex32(rng.nextUint32()) + hex32(rng.nextUint32());
}

/**
 * Whether a trace is head-sampled: its first 32 bits under `ratio` of the range, the rule OpenTelemetry's
 * TraceIdRatioBased sampler applies, so every service of a trace makes the same choice.
 */
export function headSampled(word: number, ratio: number): boolean {
  return word < ratio * 4294967296;
}
