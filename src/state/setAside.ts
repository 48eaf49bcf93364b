import type { KeyValueStorage } from './save.ts';

/** How many set-aside copies of one record are kept: a new one makes room by removing the oldest. */
export const SET_ASIDE_KEEP = 3;

/** Storage that can list its keys, as Web Storage does; stubs and prefixed views may not. */
type ListableStorage = KeyValueStorage & {
  readonly length?: number;
  key?(index: number): string | null;
};

const prefixOf = (baseKey: string) => `${baseKey}.corrupt.`;

/**
 * The keys of the set-aside copies of the record at `baseKey`, oldest first (by the time in the key).
 * Empty when the storage cannot list its keys or refuses to.
 */
export function setAsideKeys(storage: KeyValueStorage, baseKey: string): string[] {
  const listable = storage as ListableStorage;
  const prefix = prefixOf(baseKey);
  const keys: string[] = [];
  try {
    if (typeof listable.length !== 'number' || typeof listable.key !== 'function') return [];
    for (let i = 0; i < listable.length; i++) {
      const key = listable.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
  } catch {
    return [];
  }
  const time = (key: string) => Number(key.slice(prefix.length)) || 0;
  return keys.sort((a, b) => time(a) - time(b) || a.localeCompare(b));
}

/**
 * Keeps a copy of an unreadable record aside under `<baseKey>.corrupt.<nowMs>`, so nothing is lost
 * silently, with at most {@link SET_ASIDE_KEEP} copies per record. When the storage is full it removes
 * older copies to make room; a record too big for the storage even then is not kept. Answers the key of
 * the copy, or undefined when none could be kept. Never throws.
 *
 * @example
 * const key = setAside(localStorage, 'twoam.investigation', raw, Date.now()); // 'twoam.investigation.corrupt.1767139200000'
 */
export function setAside(
  storage: KeyValueStorage,
  baseKey: string,
  raw: string,
  nowMs: number,
): string | undefined {
  const key = `${prefixOf(baseKey)}${nowMs}`;
  const older = setAsideKeys(storage, baseKey).filter((k) => k !== key);
  while (older.length > SET_ASIDE_KEEP - 1) remove(storage, older.shift()!);
  for (;;) {
    try {
      storage.setItem(key, raw);
      return key;
    } catch {
      // Most likely QuotaExceededError: an older copy is worth less than this one.
      if (older.length === 0) return undefined;
      remove(storage, older.shift()!);
    }
  }
}

/** Removes every set-aside copy of the records at `baseKeys`; answers how many were removed. Never throws. */
export function clearSetAside(storage: KeyValueStorage, baseKeys: readonly string[]): number {
  let removed = 0;
  for (const baseKey of baseKeys)
    for (const key of setAsideKeys(storage, baseKey)) if (remove(storage, key)) removed++;
  return removed;
}

/** Removes a key; false when the storage refused. */
export function remove(storage: KeyValueStorage, key: string): boolean {
  try {
    storage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}
