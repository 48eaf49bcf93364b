import { StringTable } from './labels.ts';

/** OpenTelemetry span kinds, in OTLP's numbering. */
export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
const KINDS: readonly SpanKind[] = ['internal', 'server', 'client', 'producer', 'consumer'];

/** OTLP span status codes. */
export type SpanStatus = 'unset' | 'ok' | 'error';
const STATUSES: readonly SpanStatus[] = ['unset', 'ok', 'error'];

/** A span attribute value: OpenTelemetry allows strings and numbers here (ints for status codes). */
export type AttrValue = string | number;

/** A span as it is appended and as it is read back. */
export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly service: string;
  readonly name: string;
  readonly kind: SpanKind;
  readonly startMs: number;
  readonly durationMs: number;
  readonly status: SpanStatus;
  /** OpenTelemetry semantic-convention names, e.g. `http.route`, `db.system`, `error.type`. */
  readonly attributes: Readonly<Record<string, AttrValue>>;
}

/**
 * Columnar span storage with interned strings and two indexes: spans by trace id and spans by service, the
 * lookups a trace view and a service filter need (as Tempo's search does).
 *
 * @example
 * const traces = new TraceStore();
 * traces.append({ traceId, spanId, parentSpanId: '', service: 'web', name: 'GET /', kind: 'server', ... });
 * traces.trace(traceId); // every span of the trace, in the order appended
 */
export class TraceStore {
  private readonly strings = new StringTable();
  private traceCol: number[] = [];
  private spanCol: string[] = [];
  private parentCol: string[] = [];
  private serviceCol: number[] = [];
  private nameCol: number[] = [];
  private kindCol: number[] = [];
  private statusCol: number[] = [];
  private startCol: number[] = [];
  private durationCol: number[] = [];
  /** Attributes per span; spans of one kind share a shape, so V8 stores them compactly. */
  private attrCol: Readonly<Record<string, AttrValue>>[] = [];
  private readonly byTrace = new Map<string, number[]>();
  private readonly byService = new Map<string, number[]>();
  /** Trace ids in the order their first span arrived. */
  readonly traceIds: string[] = [];

  /** Number of spans. */
  get size(): number {
    return this.spanCol.length;
  }

  /** Adds a span and returns its row. */
  append(span: Span): number {
    const row = this.spanCol.length;
    const traceIdx = this.strings.intern(span.traceId);
    this.traceCol.push(traceIdx);
    this.spanCol.push(span.spanId);
    this.parentCol.push(span.parentSpanId);
    this.serviceCol.push(this.strings.intern(span.service));
    this.nameCol.push(this.strings.intern(span.name));
    this.kindCol.push(KINDS.indexOf(span.kind));
    this.statusCol.push(STATUSES.indexOf(span.status));
    this.startCol.push(span.startMs);
    this.durationCol.push(span.durationMs);
    this.attrCol.push(span.attributes);
    let rows = this.byTrace.get(span.traceId);
    if (!rows) {
      rows = [];
      this.byTrace.set(span.traceId, rows);
      this.traceIds.push(span.traceId);
    }
    rows.push(row);
    let svc = this.byService.get(span.service);
    if (!svc) {
      svc = [];
      this.byService.set(span.service, svc);
    }
    svc.push(row);
    return row;
  }

  /** The span at a row. */
  span(row: number): Span {
    const attributes = { ...this.attrCol[row]! };
    return {
      traceId: this.strings.get(this.traceCol[row]!),
      spanId: this.spanCol[row]!,
      parentSpanId: this.parentCol[row]!,
      service: this.strings.get(this.serviceCol[row]!),
      name: this.strings.get(this.nameCol[row]!),
      kind: KINDS[this.kindCol[row]!]!,
      startMs: this.startCol[row]!,
      durationMs: this.durationCol[row]!,
      status: STATUSES[this.statusCol[row]!]!,
      attributes,
    };
  }

  /** Every span of a trace, parents before children; empty when the trace was not kept. */
  trace(traceId: string): Span[] {
    return (this.byTrace.get(traceId) ?? []).map((row) => this.span(row));
  }

  /** Rows of the spans a service wrote, in the order appended. */
  spansOf(service: string): readonly number[] {
    return this.byService.get(service) ?? [];
  }

  /** Services that wrote at least one span, sorted. */
  services(): string[] {
    return [...this.byService.keys()].sort();
  }

  /** Whether any span of the trace has an error status. */
  hasError(traceId: string): boolean {
    return (this.byTrace.get(traceId) ?? []).some((row) => this.statusCol[row] === 2);
  }
}
