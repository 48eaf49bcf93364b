import { digest } from 'lib0/hash/sha256';

/** The query parameter a player's connections carry their member key in. */
export const MEMBER_PARAM = 'member';

/** Member keys are long random strings; anything outside these bounds is not one. */
const KEY = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The member id a member key stands for: the first 24 hex digits of its SHA-256. A player's page keeps
 * its key to itself and writes its steps under the id; teammates see only ids, which do not lead back to
 * the key, so nobody can write a board entry under another member's name. Undefined for a malformed key.
 */
export function memberIdOf(key: string): string | undefined {
  if (!KEY.test(key)) return undefined;
  const hash = digest(new TextEncoder().encode(key));
  let hex = '';
  for (const byte of hash.subarray(0, 12)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
