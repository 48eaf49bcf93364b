import type { LogStore } from '../world/logStore.ts';

/**
 * Escapes line breaks so a multi-line entry (a stack trace) stays one line of the export: `\n` and `\r`
 * become the two characters `\` `n` and `\` `r`. Other characters, backslashes included, are kept as they
 * are, so a text search over the export finds what a LogQL line filter finds.
 */
export function oneLine(line: string): string {
  return line.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/** An RFC 3339 time in UTC with milliseconds, e.g. 2026-10-25T01:40:00.123Z. */
export function rfc3339Ms(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The store as plain text, one entry a line in time order, each prefixed by its stream's labels as
 * Prometheus prints a label set: `{env="prod",instance="cart-0",service="cart"} <line>`.
 * The store must be sealed.
 */
export function writeLogText(store: LogStore): string {
  const out: string[] = [];
  for (let id = 0; id < store.size; id++) out.push(`${store.streamOf(id).key} ${oneLine(store.line(id))}\n`);
  return out.join('');
}

/**
 * The store as JSON lines, one object per entry in time order: `ts` (RFC 3339 with milliseconds), the
 * stream's `labels`, the `line` as written, and the entry's `id` (what evidence refers to). The store must
 * be sealed.
 */
export function writeLogJsonl(store: LogStore): string {
  const out: string[] = [];
  for (let id = 0; id < store.size; id++) {
    const stream = store.streamOf(id);
    const labels: Record<string, string> = {};
    for (const name of Object.keys(stream.labels).sort()) labels[name] = stream.labels[name]!;
    out.push(`${JSON.stringify({ ts: rfc3339Ms(store.tsMs(id)), labels, line: store.line(id), id })}\n`);
  }
  return out.join('');
}
