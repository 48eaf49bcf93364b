import { StringTable } from './labels.ts';
import { resized } from './typedArrays.ts';

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

const HEX = /^[0-9a-f]{16}$/;

/** The rows of one service's spans; `n` says how much of `rows` is used. */
interface ServiceRows {
  rows: Int32Array;
  n: number;
}

/** A span shape registered by {@link TraceStore.shape}: ids of what many spans share. */
export interface SpanShape {
  readonly service: number;
  readonly name: number;
  readonly kindStatus: number;
  readonly attrs: number;
  readonly rows: ServiceRows;
}

function addRow(svc: ServiceRows, row: number): void {
  if (svc.n === svc.rows.length) {
    const bigger = new Int32Array(svc.n * 2);
    bigger.set(svc.rows);
    svc.rows = bigger;
  }
  svc.rows[svc.n++] = row;
}

/**
 * Columnar span storage: typed columns, span ids kept as two 32-bit words, parents as row numbers, and
 * names and attribute sets interned (spans of one route, status and instance share one set). Indexed by
 * trace id and by service, the lookups a trace view and a service filter need (as Tempo's search does).
 *
 * @example
 * const traces = new TraceStore();
 * traces.append({ traceId, spanId, parentSpanId: '', service: 'web', name: 'GET /', kind: 'server', ... });
 * traces.trace(traceId); // every span of the trace, in the order appended
 */
export class TraceStore {
  private readonly strings = new StringTable();
  private n = 0;
  private traceCol = new Uint32Array(1024);
  private spanHi = new Uint32Array(1024);
  private spanLo = new Uint32Array(1024);
  private parentCol = new Int32Array(1024);
  private serviceCol = new Uint32Array(1024);
  private nameCol = new Uint32Array(1024);
  private attrCol = new Uint32Array(1024);
  private kindCol = new Uint8Array(1024);
  private startCol = new Float64Array(1024);
  private durationCol = new Float64Array(1024);
  /** Span ids that are not 16 hex characters, kept as written. */
  private readonly oddIds = new Map<number, string>();
  private readonly attrSets: Readonly<Record<string, AttrValue>>[] = [];
  private readonly attrIds = new Map<Readonly<Record<string, AttrValue>>, number>();
  /**
   * Attributes a span has of its own beside its shape's (the concrete `url.path` of a templated route,
   * which would otherwise make a shape per path), by id from 1; and each row's, once a row has one.
   */
  private readonly ownAttrs: { readonly key: string; readonly value: AttrValue }[] = [{ key: '', value: '' }];
  private readonly ownIds = new Map<string, Map<AttrValue, number>>();
  private ownCol: Uint16Array | Uint32Array | undefined;
  /** Trace number of each trace id; its spans are rows from `traceFirst` on while `traceCol` matches. */
  private readonly traceNumber = new Map<string, number>();
  private readonly traceFirst: number[] = [];
  /** Rows of traces whose spans were not appended together. */
  private readonly scattered = new Map<number, number[]>();
  private readonly byService = new Map<string, ServiceRows>();
  /** Trace ids in the order their first span arrived. */
  readonly traceIds: string[] = [];

  /** Number of spans. */
  get size(): number {
    return this.n;
  }

  /**
   * Adds a span and returns its row. A parent must be appended before its children; an attributes object
   * passed again (the same object) is stored once.
   */
  append(span: Span): number {
    const row = this.n;
    if (row === this.traceCol.length) this.grow();
    const t = this.traceFor(span.traceId, row);
    const rows = this.scattered.get(t) ?? this.rowsOf(t);
    this.traceCol[row] = t;
    if (HEX.test(span.spanId)) {
      this.spanHi[row] = Number.parseInt(span.spanId.slice(0, 8), 16);
      this.spanLo[row] = Number.parseInt(span.spanId.slice(8), 16);
    } else this.oddIds.set(row, span.spanId);
    let parent = -1;
    if (span.parentSpanId !== '') {
      const hex = HEX.test(span.parentSpanId);
      const hi = hex ? Number.parseInt(span.parentSpanId.slice(0, 8), 16) : -1;
      const lo = hex ? Number.parseInt(span.parentSpanId.slice(8), 16) : -1;
      for (let k = rows.length - 1; k >= 0; k--) {
        const r = rows[k]!;
        const same = hex
          ? this.spanHi[r] === hi && this.spanLo[r] === lo && !this.oddIds.has(r)
          : this.oddIds.get(r) === span.parentSpanId;
        if (same) {
          parent = r;
          break;
        }
      }
      if (parent < 0) this.oddIds.set(-row - 1, span.parentSpanId);
    }
    this.parentCol[row] = parent;
    const shape = this.shape(span.service, span.name, span.kind, span.status, span.attributes);
    this.writeRow(row, t, shape, span.startMs, span.durationMs);
    return row;
  }

  /**
   * The number of the trace a span appended at `row` belongs to, made on its first span. A trace whose
   * spans stop coming one after another starts keeping its rows in a list.
   */
  private traceFor(traceId: string, row: number): number {
    // A trace's spans usually come one after another: the previous row's trace is checked first.
    const previous = row > 0 ? this.traceCol[row - 1]! : -1;
    let t = previous >= 0 && this.traceIds[previous] === traceId ? previous : this.traceNumber.get(traceId);
    if (t === undefined) {
      t = this.traceIds.length;
      this.traceNumber.set(traceId, t);
      this.traceIds.push(traceId);
      this.traceFirst.push(row);
    } else if (row > 0 && previous !== t && !this.scattered.has(t)) {
      this.scattered.set(t, this.rowsOf(t));
    }
    return t;
  }

  /** Rows of trace `t` (before the row being appended). */
  private rowsOf(t: number): number[] {
    const scattered = this.scattered.get(t);
    if (scattered) return scattered;
    const rows: number[] = [];
    const first = this.traceFirst[t];
    if (first === undefined) return rows;
    for (let r = first; r < this.n && this.traceCol[r] === t; r++) rows.push(r);
    return rows;
  }

  /**
   * What many spans share (service, name, kind, status and attributes), registered once: the simulation
   * finds a span's shape in its own cache and appends rows by it, so a row costs no lookups by name.
   */
  shape(
    service: string,
    name: string,
    kind: SpanKind,
    status: SpanStatus,
    attributes: Readonly<Record<string, AttrValue>>,
  ): SpanShape {
    let attrs = this.attrIds.get(attributes);
    if (attrs === undefined) {
      attrs = this.attrSets.length;
      this.attrSets.push(attributes);
      this.attrIds.set(attributes, attrs);
    }
    return {
      service: this.strings.intern(service),
      name: this.strings.intern(name),
      kindStatus: KINDS.indexOf(kind) * 4 + STATUSES.indexOf(status),
      attrs,
      rows: this.serviceRows(service),
    };
  }

  /** The id of an attribute a span can have of its own (see {@link appendShaped}), registered once. */
  ownAttribute(key: string, value: AttrValue): number {
    let byValue = this.ownIds.get(key);
    if (byValue === undefined) {
      byValue = new Map();
      this.ownIds.set(key, byValue);
    }
    let id = byValue.get(value);
    if (id === undefined) {
      id = this.ownAttrs.length;
      this.ownAttrs.push({ key, value });
      byValue.set(value, id);
    }
    return id;
  }

  /**
   * Adds a span given as words: its id as two 32-bit halves, its parent as a row already stored (or -1),
   * its shape from {@link shape} and an attribute of its own from {@link ownAttribute} (0 for none). The
   * simulation writes spans this way, so ids are never spelt out and parsed back.
   */
  appendShaped(
    traceId: string,
    hi: number,
    lo: number,
    parentRow: number,
    shape: SpanShape,
    startMs: number,
    durationMs: number,
    own = 0,
  ): number {
    const row = this.n;
    if (row === this.traceCol.length) this.grow();
    const t = this.traceFor(traceId, row);
    this.traceCol[row] = t;
    this.spanHi[row] = hi;
    this.spanLo[row] = lo;
    this.parentCol[row] = parentRow;
    if (own > 0) {
      // Made on the first row that has one (most worlds have none), in 16 bits while the ids fit.
      this.ownCol ??= new Uint16Array(this.traceCol.length);
      if (own > 0xffff && this.ownCol instanceof Uint16Array) this.ownCol = Uint32Array.from(this.ownCol);
      this.ownCol[row] = own;
    }
    this.writeRow(row, t, shape, startMs, durationMs);
    return row;
  }

  /** Writes what follows a row's ids and parent, and counts the row in. */
  private writeRow(row: number, t: number, shape: SpanShape, startMs: number, durationMs: number): void {
    this.serviceCol[row] = shape.service;
    this.nameCol[row] = shape.name;
    this.attrCol[row] = shape.attrs;
    this.kindCol[row] = shape.kindStatus;
    this.startCol[row] = startMs;
    this.durationCol[row] = durationMs;
    if (this.scattered.size > 0) this.scattered.get(t)?.push(row);
    addRow(shape.rows, row);
    this.n = row + 1;
  }

  /** The rows of one service, made on its first span. */
  private serviceRows(service: string): ServiceRows {
    let rows = this.byService.get(service);
    if (!rows) {
      rows = { rows: new Int32Array(64), n: 0 };
      this.byService.set(service, rows);
    }
    return rows;
  }

  private spanIdOf(row: number): string {
    const odd = this.oddIds.get(row);
    if (odd !== undefined) return odd;
    return this.spanHi[row]!.toString(16).padStart(8, '0') + this.spanLo[row]!.toString(16).padStart(8, '0');
  }

  /** The span at a row. */
  span(row: number): Span {
    const parent = this.parentCol[row]!;
    const attributes = { ...this.attrSets[this.attrCol[row]!]! };
    const own = this.ownCol?.[row] ?? 0;
    if (own > 0) attributes[this.ownAttrs[own]!.key] = this.ownAttrs[own]!.value;
    return {
      traceId: this.traceIds[this.traceCol[row]!]!,
      spanId: this.spanIdOf(row),
      parentSpanId: parent >= 0 ? this.spanIdOf(parent) : (this.oddIds.get(-row - 1) ?? ''),
      service: this.strings.get(this.serviceCol[row]!),
      name: this.strings.get(this.nameCol[row]!),
      kind: KINDS[this.kindCol[row]! >> 2]!,
      startMs: this.startCol[row]!,
      durationMs: this.durationCol[row]!,
      status: STATUSES[this.kindCol[row]! & 3]!,
      attributes,
    };
  }

  /** Whether the span at a row has an error status, without building the span. */
  isError(row: number): boolean {
    return (this.kindCol[row]! & 3) === 2;
  }

  /** When the span at a row started, without building the span. */
  startMsOf(row: number): number {
    return this.startCol[row]!;
  }

  /** The service of the span at a row, without building the span (as are the readers below). */
  serviceOf(row: number): string {
    return this.strings.get(this.serviceCol[row]!);
  }

  nameOf(row: number): string {
    return this.strings.get(this.nameCol[row]!);
  }

  statusOf(row: number): SpanStatus {
    return STATUSES[this.kindCol[row]! & 3]!;
  }

  /** The attributes of the span at a row: the set spans share, so never to be changed. */
  attributesOf(row: number): Readonly<Record<string, AttrValue>> {
    return this.attrSets[this.attrCol[row]!]!;
  }

  /** When the span at a row ended. */
  endMsOf(row: number): number {
    return this.startCol[row]! + this.durationCol[row]!;
  }

  /** The trace id of the span at a row. */
  traceIdOf(row: number): string {
    return this.traceIds[this.traceCol[row]!]!;
  }

  /** Whether the span at a row is a root: it has no parent, stored or named. */
  isRoot(row: number): boolean {
    return this.parentCol[row]! < 0 && !this.oddIds.has(-row - 1);
  }

  /** Rows of a trace's spans, parents before children; empty when the trace was not kept. */
  traceRows(traceId: string): readonly number[] {
    const t = this.traceNumber.get(traceId);
    return t === undefined ? [] : this.rowsOf(t);
  }

  /** Every span of a trace, parents before children; empty when the trace was not kept. */
  trace(traceId: string): Span[] {
    const t = this.traceNumber.get(traceId);
    return t === undefined ? [] : this.rowsOf(t).map((row) => this.span(row));
  }

  /** Rows of the spans a service wrote, in the order appended. */
  spansOf(service: string): number[] {
    const svc = this.byService.get(service);
    return svc ? Array.from(svc.rows.subarray(0, svc.n)) : [];
  }

  /** Services that wrote at least one span, sorted. */
  services(): string[] {
    return [...this.byService.keys()].sort();
  }

  /** Whether any span of the trace has an error status. */
  hasError(traceId: string): boolean {
    const t = this.traceNumber.get(traceId);
    return t !== undefined && this.rowsOf(t).some((row) => this.isError(row));
  }

  private grow(): void {
    const size = this.traceCol.length * 2;
    this.traceCol = resized(this.traceCol, size);
    this.spanHi = resized(this.spanHi, size);
    this.spanLo = resized(this.spanLo, size);
    this.parentCol = resized(this.parentCol, size);
    this.serviceCol = resized(this.serviceCol, size);
    this.nameCol = resized(this.nameCol, size);
    this.attrCol = resized(this.attrCol, size);
    this.kindCol = resized(this.kindCol, size);
    this.startCol = resized(this.startCol, size);
    this.durationCol = resized(this.durationCol, size);
    if (this.ownCol) this.ownCol = resized(this.ownCol, size);
  }
}
