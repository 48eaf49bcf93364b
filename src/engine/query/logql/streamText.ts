import type { LogStore } from '../../world/logStore.ts';
import { spend } from '../budget.ts';
import type { Needle } from './blockScan.ts';

/**
 * One stream's lines joined by newlines, with where each starts: built the second time a line filter
 * selects the stream, extended as the store grows (a world that goes on with the clock), and kept, so
 * later filters on the same stream search only that stream's text instead of every stream's blocks.
 */
interface StreamText {
  /** How many of the stream's entries the text holds. */
  entries: number;
  text: string;
  /** Offset of each entry's line in `text`. */
  starts: Uint32Array;
}

/** Streams' texts per store, with the characters they hold in all. */
interface Cache {
  readonly streams: Map<number, StreamText>;
  /**
   * Streams searched line by line from now on: their text alone would not fit, or it was dropped to
   * make room once (joining it again would copy it again, and searches that cycle through more streams
   * than fit would rebuild every text each time).
   */
  readonly tooBig: Set<number>;
  /** Streams a filter has asked for once. */
  readonly asked: Set<number>;
  chars: number;
}

/**
 * At most this many characters of stream texts are kept per store (about 64 MB of one-byte strings): the
 * least recently searched streams make room for another, and are searched line by line after that.
 */
const MAX_CACHED_CHARS = 64 * 1024 * 1024;

const caches = new WeakMap<LogStore, Cache>();

function cacheOf(store: LogStore): Cache {
  let c = caches.get(store);
  if (!c) {
    c = { streams: new Map(), tooBig: new Set(), asked: new Set(), chars: 0 };
    caches.set(store, c);
  }
  return c;
}

/**
 * The stream's joined text, built or extended to every entry it has now. The least recently searched
 * streams make room when the cache is full; undefined for a stream too big to keep at all.
 */
function textOf(store: LogStore, streamId: number): StreamText | undefined {
  const cache = cacheOf(store);
  const ids = store.streamEntries(streamId);
  let st = cache.streams.get(streamId);
  if (st) {
    // Most recently searched last: Map keeps insertion order.
    cache.streams.delete(streamId);
    cache.streams.set(streamId, st);
    if (st.entries === ids.length) return st;
  } else if (cache.tooBig.has(streamId)) return undefined;
  else if (!cache.asked.has(streamId)) {
    // A stream filtered once may never be again: its text is joined the second time it is asked for.
    cache.asked.add(streamId);
    return undefined;
  }
  const from = st?.entries ?? 0;
  const lines: string[] = [];
  let chars = 0;
  for (let k = from; k < ids.length; k++) {
    const line = store.line(ids[k]!);
    lines.push(line);
    chars += line.length + 1;
  }
  const size = (st?.text.length ?? 0) + chars;
  if (size > MAX_CACHED_CHARS) {
    if (st) {
      cache.streams.delete(streamId);
      cache.chars -= st.text.length;
    }
    cache.tooBig.add(streamId);
    return undefined;
  }
  for (const [other, t] of cache.streams) {
    if (cache.chars + chars <= MAX_CACHED_CHARS) break;
    if (other === streamId) continue;
    cache.streams.delete(other);
    cache.tooBig.add(other);
    cache.chars -= t.text.length;
  }
  const starts = new Uint32Array(ids.length + 1);
  let at = 0;
  if (st) {
    starts.set(st.starts.subarray(0, from));
    at = st.text.length + 1;
  }
  for (let k = from; k < ids.length; k++) {
    starts[k] = at;
    at += lines[k - from]!.length + 1;
  }
  starts[ids.length] = at;
  const added = lines.join('\n');
  const text = st && from > 0 ? `${st.text}\n${added}` : added;
  cache.chars += text.length - (st?.text.length ?? 0);
  st = { entries: ids.length, text, starts };
  cache.streams.set(streamId, st);
  return st;
}

/**
 * Whether the stream's text is kept and up to date for a search, joining it if this is the second time a
 * filter asks for it (the first time only notes the request). Ask for every selected stream before
 * searching any, so each is noted, and later joined, in the same query.
 */
export function streamTextReady(store: LogStore, streamId: number): boolean {
  return textOf(store, streamId) !== undefined;
}

/**
 * Calls `visit` with the position (in the stream's entries) of every line in `[lo, hi)` that contains the
 * needle, in increasing order, and answers how many characters those lines hold; undefined when the
 * stream's text could not be kept (search it line by line instead). Only the needle's short anchor is
 * searched for; the whole needle is checked at each hit.
 */
export function searchStreamText(
  store: LogStore,
  streamId: number,
  needle: Needle,
  lo: number,
  hi: number,
  visit: (k: number) => void,
): number | undefined {
  const st = textOf(store, streamId);
  if (!st) return undefined;
  if (lo >= hi) return 0;
  const { text, starts } = st;
  spend(hi - lo);
  const end = starts[hi]! - 1;
  let from = starts[lo]! + needle.at;
  let k = lo;
  while (from < end) {
    const hit = text.indexOf(needle.anchor, from);
    if (hit < 0 || hit >= end) break;
    const start = hit - needle.at;
    // The line holding the hit: starts are increasing, so walk forward (hits come in order).
    while (k + 1 < hi && starts[k + 1]! <= start) k++;
    if (start < starts[k]!) {
      // The needle would begin before its line does: no match in this line from here.
      from = hit + 1;
      continue;
    }
    const lineEnd = starts[k + 1]! - 1;
    if (start + needle.text.length <= lineEnd && text.startsWith(needle.text, start)) {
      visit(k);
      // One report per line: go on from the next line.
      from = starts[k + 1]! + needle.at;
      k++;
      continue;
    }
    from = hit + 1;
  }
  return starts[hi]! - starts[lo]! - (hi - lo);
}
