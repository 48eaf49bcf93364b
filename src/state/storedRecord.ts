import type { z } from 'zod';
import type { KeyValueStorage } from './save.ts';
import { remove, setAside } from './setAside.ts';

/**
 * What reading one record of the browser's storage found: none, a record its schema accepts, or one it
 * cannot read, which has been moved aside under `setAsideKey` (absent when no copy could be kept).
 */
export type StoredRecord<T> =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'corrupt'; readonly reason: string; readonly setAsideKey?: string };

/**
 * Reads the record at `key` with its schema, after `upgrade` (which turns an older shape into the current
 * one). Never throws: a record that is not JSON, or that the schema refuses, is set aside and removed, so
 * nothing is lost and nothing misread; `what` names the record in the reason ("the save").
 */
export function readStoredRecord<T>(
  storage: KeyValueStorage,
  key: string,
  schema: z.ZodType<T>,
  nowMs: number,
  what: string,
  upgrade: (json: unknown) => unknown = (json) => json,
): StoredRecord<T> {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch (err) {
    return { kind: 'corrupt', reason: `this browser's storage cannot be read (${(err as Error).message})` };
  }
  if (raw === null) return { kind: 'none' };
  let reason: string;
  try {
    const parsed = JSON.parse(raw) as unknown;
    const result = schema.safeParse(upgrade(parsed));
    if (result.success) return { kind: 'ok', value: result.data };
    const issue = result.error.issues[0]!;
    reason =
      issue.path[0] === 'version'
        ? `it was written by another version of 2AM (${JSON.stringify((parsed as { version?: unknown }).version)})`
        : `${issue.path.join('.') || what}: ${issue.message}`;
  } catch (err) {
    reason = `it is not valid JSON (${(err as Error).message})`;
  }
  const setAsideKey = setAside(storage, key, raw, nowMs);
  remove(storage, key);
  return setAsideKey === undefined ? { kind: 'corrupt', reason } : { kind: 'corrupt', reason, setAsideKey };
}
