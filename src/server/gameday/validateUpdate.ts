import * as Y from 'yjs';
import { z } from 'zod';
import type { Role, SharedSpec } from '../../protocol/gamedaySchemas.ts';
import { entrySchemaOf } from '../../protocol/gamedaySchemas.ts';

/** The largest entry a client may add (one board step, member, status update, inject…), as JSON. */
export const MAX_ENTRY_BYTES = 64 << 10;
/** The most a document may hold, as the JSON of its entries: a long round's board stays far below. */
export const MAX_DOC_BYTES = 4 << 20;
/**
 * How many of the server's structs one update's deletions may walk. An honest client's deletions are a
 * few overwritten member entries; a forged delete set over every clock would otherwise walk the board.
 */
const MAX_DELETE_VISITS = 20_000;

/** Who sent an update: their role, and for a player the member id their connection proved. */
export interface Writer {
  readonly role: Role;
  readonly member?: string;
}

/** What an update does, once checked: the bytes it adds to the document (negative when it frees some). */
export type UpdateVerdict = { readonly refused: string } | { readonly growth: number };

/** Where an item of an update lands: a top-level type and, in a map, a key. */
interface Place {
  readonly name: string;
  readonly key: string | null;
}
/** Yjs drops an item whose neighbours were garbage-collected ('gone'); one whose neighbours it lacks waits. */
type Located = Place | 'gone' | 'pending' | 'nested';

/** One entry an update adds or removes, where it lands. */
interface Change extends Place {
  readonly value: unknown;
}

type Struct = Y.Item | Y.GC | Y.Skip;
/** The delete set of a decoded update: per client, the clock ranges it deletes. */
interface DeleteSet {
  readonly clients: ReadonlyMap<number, readonly { readonly clock: number; readonly len: number }[]>;
}

/** The struct holding `id` in the server's document, or undefined when the server has not seen it. */
function inDoc(doc: Y.Doc, id: Y.ID): Y.Item | Y.GC | undefined {
  const structs = doc.store.clients.get(id.client);
  if (!structs || id.clock >= Y.getState(doc.store, id.client)) return undefined;
  return structs[Y.findIndexSS(structs, id.clock)];
}

/** The struct holding `id` among an update's structs of that client (sorted by clock), if any. */
function inUpdate(byClient: ReadonlyMap<number, Struct[]>, id: Y.ID): Struct | undefined {
  const structs = byClient.get(id.client);
  if (!structs) return undefined;
  let lo = 0;
  let hi = structs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = structs[mid]!;
    if (id.clock < s.id.clock) hi = mid - 1;
    else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** The top-level name and key of an item the server already holds. */
function placeInDoc(roots: ReadonlyMap<unknown, string>, item: Y.Item): Located {
  const name = roots.get(item.parent);
  return name === undefined ? 'nested' : { name, key: item.parentSub };
}

/**
 * Finds where each new item of an update lands without applying it. An item that names no parent takes
 * its left neighbour's (`origin`), or its right one's when the left was garbage-collected, as Yjs does on
 * integration; neighbours are looked up in the update itself, then in the server's document (a binary
 * search), so the cost follows the update's size, not the document's.
 */
function locator(doc: Y.Doc, structs: readonly Struct[]): (item: Y.Item) => Located {
  const roots = new Map<unknown, string>();
  for (const [name, type] of doc.share) roots.set(type, name);
  const byClient = new Map<number, Struct[]>();
  for (const s of structs) {
    const list = byClient.get(s.id.client) ?? [];
    list.push(s);
    byClient.set(s.id.client, list);
  }
  const known = new Map<Y.Item, Located>();
  /** The neighbour an id points to: an update's item to follow, a place, or undefined for a collected one. */
  const neighbour = (id: Y.ID | null): Y.Item | Located | undefined => {
    if (id === null) return undefined;
    const held = inDoc(doc, id);
    if (held instanceof Y.Item) return placeInDoc(roots, held);
    if (held) return undefined;
    const sent = inUpdate(byClient, id);
    if (sent instanceof Y.Item) return sent;
    return sent instanceof Y.GC ? undefined : 'pending';
  };
  return (start) => {
    const chain: Y.Item[] = [];
    let item = start;
    let found: Located;
    for (;;) {
      const memo = known.get(item);
      if (memo) {
        found = memo;
        break;
      }
      if (item.parent !== null) {
        found = typeof item.parent === 'string' ? { name: item.parent, key: item.parentSub } : 'nested';
        break;
      }
      chain.push(item);
      // Items that lead back to themselves never integrate: Yjs would keep them waiting.
      if (chain.length > structs.length) {
        found = 'pending';
        break;
      }
      const left = neighbour(item.origin);
      const right = neighbour(item.rightOrigin);
      if (left === 'pending' || right === 'pending') {
        found = 'pending';
        break;
      }
      const next = left ?? right;
      if (next === undefined) {
        found = 'gone';
        break;
      }
      if (!(next instanceof Y.Item)) {
        found = next;
        break;
      }
      item = next;
    }
    for (const c of chain) known.set(c, found);
    return found;
  };
}

/** The entries an update adds, where they land; or why it cannot be applied as it stands. */
function additions(doc: Y.Doc, structs: readonly Struct[], specs: Readonly<Record<string, SharedSpec>>) {
  const locate = locator(doc, structs);
  const added: Change[] = [];
  const state = new Map<number, number>();
  const next = new Map<number, number>();
  for (const s of structs) {
    let have = state.get(s.id.client);
    if (have === undefined) {
      have = Y.getState(doc.store, s.id.client);
      state.set(s.id.client, have);
      if (s.id.clock > have) return { refused: 'the update depends on changes the server has not seen' };
    } else if (next.get(s.id.client) !== s.id.clock)
      return { refused: 'malformed update: structs out of order' };
    next.set(s.id.client, s.id.clock + s.length);
    // Structs the server has are skipped on integration; a partly known one counts from where it stops.
    if (s.id.clock + s.length <= have) continue;
    if (s instanceof Y.Skip) return { refused: 'the update depends on changes the server has not seen' };
    if (!(s instanceof Y.Item)) continue;
    const place = locate(s);
    if (place === 'pending') return { refused: 'the update depends on changes the server has not seen' };
    if (place === 'nested')
      return { refused: 'shared types hold plain values: nested types are not allowed' };
    if (place === 'gone') continue;
    const spec = specs[place.name];
    if (!spec) return { refused: `unknown shared type "${place.name}"` };
    if (spec.type === 'array' && place.key !== null) return { refused: `"${place.name}" must be an array` };
    if (spec.type === 'map' && place.key === null) return { refused: `"${place.name}" must be a map` };
    if (s.content instanceof Y.ContentDeleted) continue;
    if (!(s.content instanceof Y.ContentAny))
      return { refused: `"${place.name}" holds plain JSON values only` };
    for (const value of s.content.arr.slice(Math.max(0, have - s.id.clock))) added.push({ ...place, value });
  }
  return { added, ends: next };
}

/** The live entries an update's delete set removes, where they were; or why it is refused. */
function removals(doc: Y.Doc, ds: DeleteSet, sentEnd: (client: number) => number) {
  const roots = new Map<unknown, string>();
  for (const [name, type] of doc.share) roots.set(type, name);
  const removed: Change[] = [];
  let visits = 0;
  for (const [client, ranges] of ds.clients) {
    const have = Y.getState(doc.store, client);
    const structs = doc.store.clients.get(client);
    for (const { clock, len } of ranges) {
      // Deleting what the update itself adds is allowed; deleting what nobody sent makes Yjs wait.
      if (clock + len > Math.max(have, sentEnd(client)))
        return { refused: 'the update depends on changes the server has not seen' };
      if (!structs || clock >= have) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const s = structs[i]!;
        if (s.id.clock >= clock + len) break;
        if (++visits > MAX_DELETE_VISITS) return { refused: 'the update deletes too much at once' };
        if (!(s instanceof Y.Item) || s.deleted) continue;
        const place = placeInDoc(roots, s);
        if (place === 'nested' || place === 'gone' || place === 'pending') continue;
        const values = s.content instanceof Y.ContentAny ? s.content.arr : [undefined];
        for (const value of values) removed.push({ ...place, value });
      }
    }
  }
  return { removed };
}

function byteSize(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text);
}

/** Why `writer` may not add `change` under `spec`, or undefined. */
function refuseAddition(change: Change, spec: SharedSpec, writer: Writer): string | undefined {
  const { name, key, value } = change;
  if (byteSize(value) > MAX_ENTRY_BYTES)
    return `an entry of "${name}" is larger than ${MAX_ENTRY_BYTES >> 10} KiB`;
  const schemas = entrySchemaOf(spec, key);
  if (!schemas) return `"${name}" has no field "${key}"`;
  if (schemas.key && key !== null && !z.safeParse(schemas.key, key).success)
    return `"${name}" does not take the key "${key.slice(0, 40)}"`;
  const parsed = z.safeParse(schemas.value, value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = [name, ...(key === null ? [] : [key]), ...issue.path].join('.');
    return `"${name}" does not fit its schema at ${at}: ${issue.message}`;
  }
  return refuseOwner(change, spec, writer);
}

/** Why a player may not write this entry: members write only their own member entry and steps. */
function refuseOwner(change: Change, spec: SharedSpec, writer: Writer): string | undefined {
  if (spec.owner === undefined || writer.role !== 'player') return undefined;
  if (writer.member === undefined) return `a player writes "${change.name}" only with their member key`;
  const owner = spec.owner === 'key' ? change.key : (change.value as Record<string, unknown> | undefined)?.by;
  if (owner !== writer.member) return `a player may write only their own entries of "${change.name}"`;
  return undefined;
}

/**
 * Checks an update a client sent before the server applies it, and tells how many bytes it adds. The
 * update is decoded, not applied: each new entry is located (its top-level type, its key in a map) and
 * checked against that type's entry schema, its byte limit and the sender's role and member id, and each
 * entry it deletes against the type's rules (append-only logs keep theirs). The document's size after it
 * must stay under {@link MAX_DOC_BYTES}. Nothing here walks the whole document, so the cost follows the
 * update, not the board. `frozen`, when given, refuses any change with that reason.
 *
 * Checking before applying (rather than applying and reverting) means a refused update is never
 * broadcast, never persisted and never seen by another client; Yjs has no undo for a remote update that
 * others have already merged.
 */
export function checkUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  specs: Readonly<Record<string, SharedSpec>>,
  writer: Writer,
  docBytes: number,
  frozen?: string,
): UpdateVerdict {
  let decoded: { structs: Struct[]; ds: DeleteSet };
  try {
    decoded = Y.decodeUpdate(update) as { structs: Struct[]; ds: DeleteSet };
  } catch (err) {
    return { refused: `malformed update: ${err instanceof Error ? err.message : String(err)}` };
  }
  const adds = additions(doc, decoded.structs, specs);
  if ('refused' in adds) return { refused: adds.refused! };
  const removes = removals(doc, decoded.ds, (client) => adds.ends.get(client) ?? 0);
  if ('refused' in removes) return { refused: removes.refused! };
  const { added } = adds;
  const { removed } = removes;
  if (added.length + removed.length === 0) return { growth: 0 };
  if (frozen !== undefined) return { refused: frozen };
  for (const change of [...added, ...removed]) {
    const spec = specs[change.name]!;
    if (!spec.writers.includes(writer.role))
      return { refused: `${writer.role}s may not change "${change.name}"` };
  }
  const counts = new Map<string, number>();
  for (const change of added) {
    const spec = specs[change.name]!;
    const reason = refuseAddition(change, spec, writer);
    if (reason) return { refused: reason };
    counts.set(change.name, (counts.get(change.name) ?? 0) + 1);
  }
  for (const [name, count] of counts) {
    const max = specs[name]!.maxEntries;
    const length = (doc.share.get(name) as unknown as { _length: number } | undefined)?._length ?? 0;
    if (max !== undefined && length + count > max)
      return { refused: `"${name}" holds at most ${max} entries` };
  }
  for (const change of removed) {
    const spec = specs[change.name]!;
    if (spec.appendOnly)
      return { refused: `"${change.name}" only grows: entries may not be removed or changed` };
    const reason = refuseOwner(change, spec, writer);
    if (reason) return { refused: reason };
  }
  let growth = 0;
  for (const change of added) growth += byteSize(change.value);
  for (const change of removed) growth -= byteSize(change.value);
  if (growth > 0 && docBytes + growth > MAX_DOC_BYTES)
    return { refused: `the document would grow past ${MAX_DOC_BYTES >> 20} MiB` };
  return { growth };
}

/** The bytes a document's entries take as JSON: where {@link checkUpdate}'s running count starts. */
export function docBytesOf(doc: Y.Doc): number {
  let bytes = 0;
  for (const type of doc.share.values()) {
    const internals = type as unknown as { _map: Map<string, Y.Item>; _start: Y.Item | null };
    for (const item of internals._map.values())
      if (!item.deleted && item.content instanceof Y.ContentAny) bytes += byteSize(item.content.arr[0]);
    for (let item = internals._start; item !== null; item = item.right as Y.Item | null)
      if (!item.deleted && item.content instanceof Y.ContentAny)
        for (const value of item.content.arr) bytes += byteSize(value);
  }
  return bytes;
}
