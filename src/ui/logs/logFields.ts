/** The fields of one log line, as the explorer lists them when a line is opened. */
export interface LogFields {
  readonly format: 'json' | 'logfmt' | 'text';
  readonly fields: readonly (readonly [string, string])[];
}

/** Flattens nested JSON objects with `_`, as Loki's `| json` parser names the labels it extracts. */
function flatten(prefix: string, value: unknown, out: [string, string][]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      flatten(prefix ? `${prefix}_${k}` : k, v, out);
    }
    return;
  }
  out.push([prefix, typeof value === 'string' ? value : JSON.stringify(value)]);
}

function jsonFields(line: string): [string, string][] | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const out: [string, string][] = [];
    flatten('', value, out);
    return out;
  } catch {
    return undefined;
  }
}

const LOGFMT_PAIR = /([\w.\-/]+)=("(?:[^"\\]|\\.)*"|\S*)/g;

function logfmtFields(line: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  let covered = 0;
  for (const m of line.matchAll(LOGFMT_PAIR)) {
    const raw = m[2]!;
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        value = JSON.parse(raw) as string;
      } catch {
        value = raw.slice(1, -1);
      }
    }
    out.push([m[1]!, value]);
    covered += m[0].length;
  }
  // A sentence with one `a=b` in it is text, not logfmt: most of the line must be pairs.
  return out.length >= 2 && covered >= line.replace(/\s+/g, '').length * 0.6 ? out : undefined;
}

/** Reads a line as JSON, else logfmt, else plain text with no fields. */
export function parseLogFields(line: string): LogFields {
  const json = jsonFields(line);
  if (json) return { format: 'json', fields: json };
  const logfmt = logfmtFields(line);
  if (logfmt) return { format: 'logfmt', fields: logfmt };
  return { format: 'text', fields: [] };
}

/** Field names that carry a trace's id, as OpenTelemetry, Loki and common loggers spell them. */
const TRACE_ID_FIELDS = new Set(['trace_id', 'traceid', 'traceId', 'trace.id', 'traceID', 'trace']);

/** The trace id a field holds, when it names one (16 or 32 hex digits). */
export function traceIdIn(name: string, value: string): string | undefined {
  return TRACE_ID_FIELDS.has(name) && /^[0-9a-f]{16}([0-9a-f]{16})?$/i.test(value) ? value : undefined;
}
