import type { LogStore } from '../../world/logStore.ts';
import type { SelectorMatcher } from './ast.ts';
import { compileValueTest } from './labelFilter.ts';

/**
 * Stream ids whose labels satisfy every matcher, in stream-id order. Streams are few next to lines, so
 * testing each stream's labels once is what keeps label-selected queries cheap.
 */
export function selectStreams(store: LogStore, matchers: readonly SelectorMatcher[]): number[] {
  const tests = matchers.map((m) => ({ name: m.name, test: compileValueTest(m) }));
  const out: number[] = [];
  for (const s of store.streams) {
    let ok = true;
    for (const t of tests) {
      if (!t.test(s.labels[t.name] ?? '')) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(s.id);
  }
  return out;
}

/** First entry id in `[lo, hi)` whose time is ≥ `tsMs`; entry ids are in time order once the store is sealed. */
export function lowerBoundId(store: LogStore, lo: number, hi: number, tsMs: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (store.tsMs(mid) < tsMs) a = mid + 1;
    else b = mid;
  }
  return a;
}
