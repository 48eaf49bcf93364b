import { z } from 'zod';
import { seriesName } from '../world/labels.ts';

/**
 * Evidence a trainee can pin, one kind per tool result, each carrying what it showed at the time. Scoring
 * reads only these records, never the world, so a score can be recomputed from a saved investigation alone.
 *
 * Every item has a `ref`, a string that names it across tools and saves:
 * `log:123`, `series:<labelsKey>@<startMs>-<endMs>`, `span:<traceId>/<spanId>`, `trace:<traceId>`,
 * `code:<commit>:<path>#L40-L48`, `change:<eventId>`, `ticket:<id>`, `alert:<name>@<startMs>`.
 */

const ref = z.string().min(1);

/** A log line: the world's entry id, its service and text. */
export const LogEvidenceSchema = z.object({
  kind: z.literal('log'),
  ref,
  /** The world's log entry id. */
  id: z.number().int().min(0),
  service: z.string(),
  tsMs: z.number(),
  line: z.string(),
});

/** One series of a metrics query over a window, with the query that produced it and what it showed. */
export const SeriesEvidenceSchema = z.object({
  kind: z.literal('series'),
  ref,
  query: z.string(),
  labels: z.record(z.string(), z.string()),
  startMs: z.number(),
  endMs: z.number(),
  min: z.number(),
  max: z.number(),
  first: z.number(),
  last: z.number(),
});

/** One span of a trace. */
export const SpanEvidenceSchema = z.object({
  kind: z.literal('span'),
  ref,
  traceId: z.string(),
  spanId: z.string(),
  service: z.string(),
  operation: z.string(),
  status: z.enum(['ok', 'error', 'unset']),
  startMs: z.number(),
  durationMs: z.number(),
});

/** A whole trace: its root and every service it passed through. */
export const TraceEvidenceSchema = z.object({
  kind: z.literal('trace'),
  ref,
  traceId: z.string(),
  rootService: z.string(),
  rootOperation: z.string(),
  services: z.array(z.string()),
  error: z.boolean(),
  startMs: z.number(),
  durationMs: z.number(),
});

/** A range of lines of one file at one commit. */
export const CodeEvidenceSchema = z.object({
  kind: z.literal('code'),
  ref,
  commit: z.string(),
  path: z.string(),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  text: z.string(),
});

/** A change event from the timeline (deploy, config, flag, cron, …). */
export const ChangeEvidenceSchema = z.object({
  kind: z.literal('change'),
  ref,
  eventId: z.string(),
  atMs: z.number(),
  changeKind: z.string(),
  service: z.string().optional(),
  description: z.string(),
});

/** A support ticket. */
export const TicketEvidenceSchema = z.object({
  kind: z.literal('ticket'),
  ref,
  ticketId: z.string(),
  atMs: z.number(),
  subject: z.string(),
});

/** An alert that fired (the page is one). */
export const AlertEvidenceSchema = z.object({
  kind: z.literal('alert'),
  ref,
  name: z.string(),
  startMs: z.number(),
  title: z.string(),
});

/** Anything that can be pinned. */
export const EvidenceSchema = z.discriminatedUnion('kind', [
  LogEvidenceSchema,
  SeriesEvidenceSchema,
  SpanEvidenceSchema,
  TraceEvidenceSchema,
  CodeEvidenceSchema,
  ChangeEvidenceSchema,
  TicketEvidenceSchema,
  AlertEvidenceSchema,
]);

export type LogEvidence = z.infer<typeof LogEvidenceSchema>;
export type SeriesEvidence = z.infer<typeof SeriesEvidenceSchema>;
export type SpanEvidence = z.infer<typeof SpanEvidenceSchema>;
export type TraceEvidence = z.infer<typeof TraceEvidenceSchema>;
export type CodeEvidence = z.infer<typeof CodeEvidenceSchema>;
export type ChangeEvidence = z.infer<typeof ChangeEvidenceSchema>;
export type TicketEvidence = z.infer<typeof TicketEvidenceSchema>;
export type AlertEvidence = z.infer<typeof AlertEvidenceSchema>;
/** Any pinnable item. */
export type Evidence = z.infer<typeof EvidenceSchema>;
/** The kinds of evidence, as the `kind` field names them. */
export type EvidenceKind = Evidence['kind'];

/** Builders of evidence refs, so every tool spells them the same way. */
export const refs = {
  log: (id: number) => `log:${id}`,
  series: (labelsKey: string, startMs: number, endMs: number) => `series:${labelsKey}@${startMs}-${endMs}`,
  span: (traceId: string, spanId: string) => `span:${traceId}/${spanId}`,
  trace: (traceId: string) => `trace:${traceId}`,
  code: (commit: string, path: string, startLine: number, endLine: number) =>
    `code:${commit}:${path}#L${startLine}-L${endLine}`,
  change: (eventId: string) => `change:${eventId}`,
  ticket: (id: string) => `ticket:${id}`,
  alert: (name: string, startMs: number) => `alert:${name}@${startMs}`,
} as const;

/** The service an item belongs to, if it has one: what "the trainee looked at this component" means. */
export function evidenceService(e: Evidence): string | undefined {
  switch (e.kind) {
    case 'log':
    case 'span':
      return e.service;
    case 'series':
      return e.labels.service;
    case 'trace':
      return e.rootService;
    case 'change':
      return e.service;
    default:
      return undefined;
  }
}

/** When an item happened (its start), in milliseconds since the epoch, for ordering and the debrief. */
export function evidenceTime(e: Evidence): number | undefined {
  switch (e.kind) {
    case 'log':
      return e.tsMs;
    case 'series':
    case 'span':
    case 'trace':
    case 'alert':
      return e.startMs;
    case 'change':
    case 'ticket':
      return e.atMs;
    default:
      return undefined;
  }
}

/** A sample value in a description: integers whole, others to four significant digits. */
function sampleText(v: number): string {
  return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/**
 * Evidence inside a sentence: {@link describeEvidence}, with a log line told by its message when it has one
 * (a JSON `msg`, a logfmt `msg=`), not by its timestamp and fields.
 *
 * @example briefEvidence(pin) // 'cart: TypeError: Cannot read properties of undefined (reading 'percent')'
 */
export function briefEvidence(e: Evidence): string {
  if (e.kind !== 'log') return describeEvidence(e);
  const msg = /"msg":"((?:[^"\\]|\\.)*)"/.exec(e.line)?.[1] ?? /\bmsg="((?:[^"\\]|\\.)*)"/.exec(e.line)?.[1];
  const text = msg === undefined ? e.line : msg.replace(/\\(["\\])/g, '$1');
  return `${e.service}: ${text.length > 120 ? `${text.slice(0, 117)}…` : text}`;
}

/** A one-line description of an item for lists, the chain builder and the debrief. */
export function describeEvidence(e: Evidence): string {
  switch (e.kind) {
    case 'log':
      return `${e.service}: ${e.line.length > 120 ? `${e.line.slice(0, 117)}…` : e.line}`;
    case 'series': {
      // A selector's series names itself; an expression's result is shown with the expression.
      const name = e.labels.__name__;
      const plain = name !== undefined && e.query.trimStart().startsWith(name);
      const series = seriesName(e.labels);
      return `${plain ? series : series === '{}' ? e.query : `${e.query} → ${series}`} (${sampleText(e.first)} → ${sampleText(e.last)}, max ${sampleText(e.max)})`;
    }
    case 'span':
      return `${e.service} ${e.operation} span, ${e.status}, ${e.durationMs} ms`;
    case 'trace':
      return `trace ${e.traceId} from ${e.rootService} ${e.rootOperation}${e.error ? ', with errors' : ''}`;
    case 'code':
      return `${e.path} lines ${e.startLine}–${e.endLine} at ${e.commit}`;
    case 'change':
      return `${e.changeKind}${e.service ? ` ${e.service}` : ''}: ${e.description}`;
    case 'ticket':
      return `ticket ${e.ticketId}: ${e.subject}`;
    case 'alert':
      return `alert ${e.name}: ${e.title}`;
  }
}
