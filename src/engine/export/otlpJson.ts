import type { AttrValue, Span, SpanKind, TraceStore } from '../world/traceStore.ts';

/** OTLP's SpanKind numbers (SPAN_KIND_INTERNAL = 1 … SPAN_KIND_CONSUMER = 5). */
const KIND: Readonly<Record<SpanKind, number>> = {
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
};

/** An OTLP `AnyValue` as JSON: int64 travels as a decimal string, as the protobuf JSON mapping says. */
function anyValue(v: AttrValue): Record<string, string | number> {
  if (typeof v === 'string') return { stringValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

/** Milliseconds (possibly fractional) since the epoch as Unix nanoseconds, exact to the microsecond. */
export function unixNano(ms: number): string {
  return (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

function otlpSpan(s: Span): Record<string, unknown> {
  const span: Record<string, unknown> = { traceId: s.traceId, spanId: s.spanId };
  if (s.parentSpanId !== '') span.parentSpanId = s.parentSpanId;
  span.name = s.name;
  span.kind = KIND[s.kind];
  span.startTimeUnixNano = unixNano(s.startMs);
  span.endTimeUnixNano = unixNano(s.startMs + s.durationMs);
  span.attributes = Object.keys(s.attributes)
    .sort()
    .map((key) => ({ key, value: anyValue(s.attributes[key]!) }));
  // STATUS_CODE_UNSET (0) is the default and is left out, as OTLP JSON leaves out defaults.
  span.status = s.status === 'ok' ? { code: 1 } : s.status === 'error' ? { code: 2 } : {};
  return span;
}

/**
 * The store as OTLP JSON (`ExportTraceServiceRequest`): one `resourceSpans` per service (sorted), with
 * `service.name` as its resource attribute, one scope, and the service's spans in the order written.
 * Trace and span ids are the store's hex strings; times are Unix nanoseconds as strings.
 */
export function writeOtlpJson(store: TraceStore, scope = '2am.sim'): string {
  const resourceSpans = store.services().map((service) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [
      { scope: { name: scope }, spans: store.spansOf(service).map((row) => otlpSpan(store.span(row))) },
    ],
  }));
  return `${JSON.stringify({ resourceSpans })}\n`;
}
