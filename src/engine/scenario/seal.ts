// A built-in scenario ships sealed: its text, solution included, is not readable in the built game's files
// or in the network panel. Sealing is a keyed scramble, not encryption — anyone who reads the game's code
// can undo it, which is accepted for solo play (a game day's players never receive a scenario at all).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

/** The scramble's bytes: a xorshift stream seeded from the key, so the same text seals the same way. */
function keystream(key: string, length: number): Uint8Array {
  let x = 0x9e3779b9;
  for (let i = 0; i < key.length; i++) x = Math.imul(x ^ key.charCodeAt(i), 0x01000193) >>> 0;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : '=';
  }
  return out;
}

function fromBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of clean) {
    const v = INDEX.get(c);
    if (v === undefined) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Seals a scenario's text under a key (its file name): UTF-8, scrambled, then base64.
 *
 * @example
 * unseal(seal(text, 'tutorial.yaml'), 'tutorial.yaml') === text; // true
 */
export function seal(text: string, key: string): string {
  const bytes = new TextEncoder().encode(text);
  const stream = keystream(key, bytes.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = bytes[i]! ^ stream[i]!;
  return toBase64(bytes);
}

/** Opens what {@link seal} sealed under the same key; undefined when it is not a sealed text. */
export function unseal(sealed: string, key: string): string | undefined {
  const bytes = fromBase64(sealed);
  if (!bytes) return undefined;
  const stream = keystream(key, bytes.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = bytes[i]! ^ stream[i]!;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
