import type { LogEvidence } from '../investigation/evidence.ts';
import type { ToolResult } from '../investigation/tools.ts';
import type { Edge } from '../scenario/schema.ts';

/** A call between two services, as the map and the chain name it. */
export interface Call {
  readonly from: string;
  readonly to: string;
}

/** A call's key, `from>to`, as the map telemetry is keyed. */
export const callKey = (c: Call): string => `${c.from}>${c.to}`;

/** Whether `text` names `service` as a word of its own (not inside a longer name). */
function names(text: string, service: string): boolean {
  let at = text.indexOf(service);
  while (at >= 0) {
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + service.length] ?? '';
    if (!/[A-Za-z0-9_-]/.test(before) && !/[A-Za-z0-9_-]/.test(after)) return true;
    at = text.indexOf(service, at + 1);
  }
  return false;
}

/**
 * The calls the team's diagram leaves out that a trainee's own results have shown: a span whose parent
 * span is on the caller and which is on the callee, a caller's client span naming the callee as its
 * server, or a log line of one side that names the other.
 * Only what was shown counts, so an undocumented call stays hidden until the trainee has looked at it.
 */
export class Discovery {
  private readonly hidden: ReadonlyMap<string, Call>;
  private readonly found = new Set<string>();

  constructor(edges: readonly Edge[]) {
    this.hidden = new Map(
      edges.filter((e) => e.undocumented).map((e) => [callKey(e), { from: e.from, to: e.to }] as const),
    );
  }

  /** Takes note of a tool's answer as the trainee sees it. */
  notice(result: ToolResult): void {
    if (!result.ok || this.hidden.size === 0) return;
    const serviceOf = new Map<string, string>();
    for (const item of result.items)
      if (item.evidence.kind === 'span') serviceOf.set(item.evidence.spanId, item.evidence.service);
    for (const item of result.items) {
      const e = item.evidence;
      if (e.kind === 'span' && item.span) {
        const caller = serviceOf.get(item.span.parentSpanId);
        if (caller !== undefined) this.mark({ from: caller, to: e.service });
        // A callee that writes no spans of its own (a database, a cache) is named by its caller's client span.
        const peer = item.span.attributes['server.address'];
        if (item.span.kind !== 'server' && typeof peer === 'string') this.mark({ from: e.service, to: peer });
      } else if (e.kind === 'log') this.noticeLines([e]);
    }
  }

  /** Takes note of log lines shown (a page of the log explorer's list). */
  noticeLines(lines: readonly LogEvidence[]): void {
    if (this.hidden.size === 0) return;
    for (const line of lines)
      for (const call of this.hidden.values()) {
        const other = line.service === call.from ? call.to : line.service === call.to ? call.from : undefined;
        if (other !== undefined && names(line.line, other)) this.mark(call);
      }
  }

  /** Whether the scenario has any call the team's diagram leaves out. */
  hides(): boolean {
    return this.hidden.size > 0;
  }

  /** The undocumented calls found so far, in the scenario's order. */
  calls(): Call[] {
    return [...this.hidden.entries()].filter(([key]) => this.found.has(key)).map(([, call]) => call);
  }

  private mark(call: Call): void {
    const key = callKey(call);
    if (this.hidden.has(key)) this.found.add(key);
  }
}
