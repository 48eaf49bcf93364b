import type { Rng } from './rng.ts';

/** Four hex characters for every 16-bit value, so an id is two lookups per word and few short strings. */
export const HEX4: readonly string[] = Array.from({ length: 65536 }, (_, i) =>
  i.toString(16).padStart(4, '0'),
);

/** Eight lower-case hex characters for a 32-bit value. */
export function hex32(n: number): string {
  return HEX4[n >>> 16]! + HEX4[n & 65535]!;
}

/** A W3C trace id (32 hex characters) and its first word, which decides head sampling. */
export function traceId(rng: Rng): { id: string; word: number } {
  const word = rng.nextUint32();
  return {
    id: hex32(word) + hex32(rng.nextUint32()) + hex32(rng.nextUint32()) + hex32(rng.nextUint32()),
    word,
  };
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
