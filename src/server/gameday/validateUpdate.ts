import * as Y from 'yjs';
import type { Role, SharedSpec } from './schemas.ts';

/**
 * The parts of Yjs' AbstractType this check reads: a type created as a map keeps its entries in `_map`, a
 * type created as an array chains its items from `_start`. Reading them tells which one a peer created,
 * even when the server reads the type the other way.
 */
interface TypeInternals {
  readonly _map: Map<string, unknown>;
  readonly _start: unknown;
}

function jsonOf(doc: Y.Doc, name: string, spec: SharedSpec): unknown {
  return spec.type === 'array' ? doc.getArray(name).toJSON() : doc.getMap(name).toJSON();
}

/** Whether every entry of `before` is still in `after`, in the same order (concurrent appends may interleave). */
function keepsEntries(before: readonly unknown[], after: readonly unknown[]): boolean {
  let j = 0;
  for (const entry of before) {
    const key = JSON.stringify(entry);
    while (j < after.length && JSON.stringify(after[j]) !== key) j++;
    if (j === after.length) return false;
    j++;
  }
  return true;
}

/**
 * Checks an update a client sent before the server applies it: it is applied to a copy of the document,
 * and the copy must still fit the document's schema, hold no shared types the schema does not name, and
 * differ from the original only where the sender's role may write. Returns why it was refused, or
 * undefined when it may be applied. `frozen`, when given, refuses any change with that reason.
 *
 * Checking a copy first (rather than applying and reverting) means a refused update is never broadcast,
 * never persisted and never seen by another client; Yjs has no undo for a remote update that others
 * have already merged.
 */
export function refuseUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  specs: Readonly<Record<string, SharedSpec>>,
  role: Role,
  frozen?: string,
): string | undefined {
  const copy = new Y.Doc({ gc: false });
  try {
    return check(doc, copy, update, specs, role, frozen);
  } finally {
    copy.destroy();
  }
}

function check(
  doc: Y.Doc,
  copy: Y.Doc,
  update: Uint8Array,
  specs: Readonly<Record<string, SharedSpec>>,
  role: Role,
  frozen: string | undefined,
): string | undefined {
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  try {
    Y.applyUpdate(copy, update);
  } catch (err) {
    return `malformed update: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (copy.store.pendingStructs !== null || copy.store.pendingDs !== null)
    return 'the update depends on changes the server has not seen';
  for (const name of copy.share.keys()) if (!(name in specs)) return `unknown shared type "${name}"`;
  for (const [name, spec] of Object.entries(specs)) {
    const internals = copy.share.get(name) as unknown as TypeInternals | undefined;
    if (internals && spec.type === 'array' && internals._map.size > 0) return `"${name}" must be an array`;
    if (internals && spec.type === 'map' && internals._start !== null) return `"${name}" must be a map`;
    const after = jsonOf(copy, name, spec);
    const before = jsonOf(doc, name, spec);
    if (JSON.stringify(after) === JSON.stringify(before)) continue;
    if (frozen !== undefined) return frozen;
    if (!spec.writers.includes(role)) return `${role}s may not change "${name}"`;
    const parsed = spec.schema.safeParse(after);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return `"${name}" does not fit its schema at ${[name, ...issue.path].join('.')}: ${issue.message}`;
    }
    if (spec.appendOnly && !keepsEntries(before as unknown[], after as unknown[]))
      return `"${name}" only grows: entries may not be removed or changed`;
  }
  return undefined;
}
