import type { TraceSearchForm } from '../../state/store.ts';

function quoted(value: string): string {
  return /^[^\s"]+$/.test(value) ? value : JSON.stringify(value);
}

/**
 * The search form written as the traces tool's query (Tempo's tag-search words), so what is recorded is
 * what a Tempo user would type: `service=cart name="POST /checkout" status=error minDuration=500ms`.
 */
export function traceQueryText(form: TraceSearchForm): string {
  const parts: string[] = [];
  if (form.service) parts.push(`service=${quoted(form.service)}`);
  if (form.operation.trim()) parts.push(`name=${quoted(form.operation.trim())}`);
  if (form.status) parts.push(`status=${form.status}`);
  if (form.minDuration.trim()) parts.push(`minDuration=${form.minDuration.trim()}`);
  if (form.maxDuration.trim()) parts.push(`maxDuration=${form.maxDuration.trim()}`);
  if (form.attributes.trim()) parts.push(form.attributes.trim());
  return parts.join(' ');
}

/** A span placed in a waterfall: how deep it sits and where its bar starts and ends, as shares of the trace. */
export interface WaterfallRow {
  readonly index: number;
  readonly depth: number;
  readonly left: number;
  readonly width: number;
}

/**
 * Lays spans out as a waterfall: each under its parent (children by start time), indented by depth, its bar
 * placed on the trace's time axis. Spans whose parent is missing are shown at the top level.
 */
export function waterfall(
  spans: readonly { spanId: string; parentSpanId: string; startMs: number; durationMs: number }[],
): WaterfallRow[] {
  if (spans.length === 0) return [];
  const start = Math.min(...spans.map((s) => s.startMs));
  const end = Math.max(...spans.map((s) => s.startMs + s.durationMs));
  const total = Math.max(end - start, 1e-9);
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, number[]>();
  spans.forEach((s, i) => {
    const parent = ids.has(s.parentSpanId) ? s.parentSpanId : '';
    const list = children.get(parent) ?? [];
    list.push(i);
    children.set(parent, list);
  });
  const rows: WaterfallRow[] = [];
  const visit = (parent: string, depth: number) => {
    const list = (children.get(parent) ?? []).sort((a, b) => spans[a]!.startMs - spans[b]!.startMs || a - b);
    for (const i of list) {
      const s = spans[i]!;
      rows.push({ index: i, depth, left: (s.startMs - start) / total, width: s.durationMs / total });
      if (s.spanId !== parent) visit(s.spanId, depth + 1);
    }
  };
  visit('', 0);
  return rows;
}

/** `54 ms`, `1.2 s`. */
export function durationText(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}
