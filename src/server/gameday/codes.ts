import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand stays unambiguous. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A join code: 8 characters of Crockford base32 from the system's CSPRNG, 40 bits, so guessing one among a
 * few rooms' codes takes on the order of 10^11 tries. Each character uses 5 fresh random bits.
 */
export function newJoinCode(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 8; i++) out += CROCKFORD[Number((bits >> BigInt(35 - i * 5)) & 31n)];
  return out;
}

/** Reads a code as a person may type it: case-insensitive, I and L as 1, O as 0, dashes and spaces ignored. */
export function normaliseCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** The facilitator's secret: 32 random bytes as 64 hex digits. */
export function newFacilitatorToken(): string {
  return randomBytes(32).toString('hex');
}

/** Compares two secrets in constant time, so response timing does not reveal how much of a guess was right. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
