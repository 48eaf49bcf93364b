import type { LogStore } from '../../world/logStore.ts';
import { spend } from '../budget.ts';

/**
 * A substring every kept line must contain (the text of a leading `|= "…"`), with the part of it that
 * is searched for: `anchor` starts at the needle's rarest character (at `at`) and is at most 6 characters
 * long, because V8 looks for patterns that short with `memchr` on their first character, which runs at
 * memory speed when that character is rare. Longer patterns go through Boyer–Moore–Horspool, which is
 * several times slower on log text whose common letters keep defeating its skips.
 */
export interface Needle {
  readonly text: string;
  readonly anchor: string;
  readonly at: number;
}

/** Characters sampled from the start of a block to rank how common each one is. */
const SAMPLE_CHARS = 32_768;

/** Character counts of a sample of a store's text, the sample itself, and its length. */
interface CharCounts {
  readonly counts: Uint32Array;
  readonly samples: readonly string[];
  readonly total: number;
}

const countsByStore = new WeakMap<LogStore, CharCounts>();

/**
 * How often each character of Latin-1 occurs in a sample of the store's text: the first and the middle
 * block. Only the speed of a search depends on it, never its result.
 */
function charCounts(store: LogStore): CharCounts {
  const cached = countsByStore.get(store);
  if (cached) return cached;
  const counts = new Uint32Array(256);
  const samples: string[] = [];
  let total = 0;
  for (const b of fullBlocks(store) > 0 ? [0, fullBlocks(store) >> 1] : []) {
    const text = store.blockText(b)!.slice(0, SAMPLE_CHARS);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 256) counts[c]!++;
    }
    samples.push(text);
    total += text.length;
  }
  const found = { counts, samples, total };
  // A store without a full block yet is sampled again once it has one.
  if (total > 0) countsByStore.set(store, found);
  return found;
}

function fullBlocks(store: LogStore): number {
  const n = store.blockCount;
  return n > 0 && store.blockText(n - 1) === undefined ? n - 1 : n;
}

/** The needle for `text` in this store: its anchor starts at the character the store's text holds least. */
export function needleFor(store: LogStore, text: string): Needle {
  const { counts } = charCounts(store);
  const countOf = (i: number): number => {
    const c = text.charCodeAt(i);
    return c < 256 ? counts[c]! : 0;
  };
  let at = 0;
  for (let i = 1; i < text.length; i++) if (countOf(i) < countOf(at)) at = i;
  return { text, anchor: text.slice(at, at + 6), at };
}

/**
 * Testing one line costs about as much as searching this many characters of a block for a character that
 * never occurs: slicing it and calling a string search are a few hundred nanoseconds, and the lines of
 * one stream are scattered over memory. Measured on the bench world: 250–600 ns against 0.065 ns, the
 * line's share growing on a busy machine, where its cache misses cost more than a streaming search.
 */
const LINE_COST_IN_CHARS = 6000;
/**
 * How much slower a block search gets per unit of the anchor's first character's frequency: `memchr`
 * stops at each occurrence and the rest of the anchor is compared there (fitted on the bench world).
 */
const STOP_COST = 120;
/** Each occurrence of the whole anchor costs a return to the scan's loop and a new search, like a line. */
const HIT_COST_IN_CHARS = LINE_COST_IN_CHARS;

/**
 * Whether searching whole blocks for the needle is expected to beat testing `selectedLines` lines one by
 * one. Both shrink alike with the time range, so the store's totals decide; how often the anchor and its
 * first character occur is estimated from the sample.
 */
export function blockSearchPays(store: LogStore, needle: Needle, selectedLines: number): boolean {
  const { counts, samples, total } = charCounts(store);
  if (total === 0) return false;
  const first = needle.anchor.charCodeAt(0);
  const stops = first < 256 ? counts[first]! / total : 0;
  let hits = 0;
  for (const text of samples)
    for (let p = text.indexOf(needle.anchor); p >= 0; p = text.indexOf(needle.anchor, p + 1)) hits++;
  let chars = 0;
  for (let b = 0; b < store.blockCount; b++) chars += store.blockText(b)?.length ?? 0;
  const blockCost = chars * (1 + STOP_COST * stops + (HIT_COST_IN_CHARS * hits) / total);
  return blockCost < selectedLines * LINE_COST_IN_CHARS;
}

/** Called with each line that contains the needle; returns true to stop the scan. */
export type LineVisitor = (id: number, line: string) => boolean;

/** What a block scan read, for the query's statistics: the characters searched. */
export interface ScanCount {
  bytes: number;
}

/**
 * Visits, in id order (newest first when `backward`), every entry in `[lo, hi)` of a selected stream whose
 * line contains the needle, until `visit` asks to stop. Full blocks are searched as one string, from one
 * occurrence of the anchor to the next; each is placed in its line by bisection over the line starts, so
 * lines without the anchor cost nothing and a line is never sliced out of its block unless it contains
 * the needle. `count.bytes` grows by the characters searched, those of other streams' lines included.
 */
export function scanBlocks(
  store: LogStore,
  selected: Uint8Array,
  needle: Needle,
  lo: number,
  hi: number,
  backward: boolean,
  visit: LineVisitor,
  count: ScanCount,
): void {
  if (hi <= lo) return;
  const per = store.linesPerBlock;
  const first = Math.floor(lo / per);
  const last = Math.floor((hi - 1) / per);
  const found = new Int32Array(per);
  for (let b = backward ? last : first; backward ? b >= first : b <= last; b += backward ? -1 : 1) {
    const base = b * per;
    const from = Math.max(lo, base);
    const to = Math.min(hi, base + per);
    const text = store.blockText(b);
    // Searching a block's text runs at memory speed: a line of it costs what one line read does.
    spend(to - from);
    if (text === undefined) {
      if (scanOpenBlock(store, selected, needle, from, to, backward, visit, count)) return;
      continue;
    }
    const starts = store.blockLineStarts(b);
    const n = hitsInBlock(store, text, starts, base, from, to, selected, needle, found, count);
    for (let k = backward ? n - 1 : 0; backward ? k >= 0 : k < n; k += backward ? -1 : 1) {
      const id = found[k]!;
      const i = id - base;
      const line = text.slice(starts[i]!, i === per - 1 ? text.length : starts[i + 1]!);
      if (visit(id, line)) return;
    }
  }
}

/**
 * Fills `found` with the ids in `[from, to)` of one full block whose stream is selected and whose line
 * contains the needle, in id order; returns how many.
 */
function hitsInBlock(
  store: LogStore,
  text: string,
  starts: Uint32Array,
  base: number,
  from: number,
  to: number,
  selected: Uint8Array,
  needle: Needle,
  found: Int32Array,
  count: ScanCount,
): number {
  const { anchor, at } = needle;
  const len = needle.text.length;
  const whole = needle.text;
  const lastLine = starts.length - 1;
  const stop = to - base > lastLine ? text.length : starts[to - base]!;
  let i = from - base;
  let q = starts[i]!;
  let n = 0;
  count.bytes += stop - q;
  while (q + len <= stop) {
    const p = text.indexOf(anchor, q + at);
    if (p < 0 || p - at + len > stop) break;
    const start = p - at;
    // The line holding `start`: the last one at or after `i` that starts at or before it.
    let a = i;
    let z = lastLine;
    while (a < z) {
      const mid = (a + z + 1) >>> 1;
      if (starts[mid]! <= start) a = mid;
      else z = mid - 1;
    }
    i = a;
    const end = i === lastLine ? text.length : starts[i + 1]!;
    const other = selected[store.streamIdOf(base + i)] === 0;
    if (
      !other &&
      start + len <= end &&
      ((at === 0 && len === anchor.length) || text.startsWith(whole, start))
    )
      found[n++] = base + i;
    else if (!other) {
      q = start + 1;
      continue;
    }
    // The line matched, or belongs to a stream not asked for: go on from the next one.
    if (i === lastLine) break;
    i++;
    q = end;
  }
  return n;
}

/** The block still being filled keeps its lines apart: test them one by one. */
function scanOpenBlock(
  store: LogStore,
  selected: Uint8Array,
  needle: Needle,
  from: number,
  to: number,
  backward: boolean,
  visit: LineVisitor,
  count: ScanCount,
): boolean {
  for (let id = backward ? to - 1 : from; backward ? id >= from : id < to; id += backward ? -1 : 1) {
    if (selected[store.streamIdOf(id)] === 0) continue;
    const line = store.line(id);
    count.bytes += line.length;
    if (line.includes(needle.text) && visit(id, line)) return true;
  }
  return false;
}
