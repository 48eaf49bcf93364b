/** What one service writes about one request, before it is formatted for that service's log format. */
export interface RequestLog {
  readonly tsMs: number;
  readonly level: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly clientIp: string;
  readonly userAgent: string;
  readonly bytes: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly message: string;
  readonly instance: string;
  readonly service: string;
  readonly fields?: Readonly<Record<string, string | number>>;
  readonly stack?: readonly string[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `25/Oct/2026:01:02:03 +0000`, as nginx writes `$time_local` on a UTC host. */
export function accessLogTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000`;
}

/**
 * nginx's combined format plus request time and trace id, a common production `log_format`. Stack traces
 * never appear here: a proxy only sees the status its upstream returned.
 */
export function formatAccess(r: RequestLog): string {
  return `${r.clientIp} - - [${accessLogTime(r.tsMs)}] "${r.method} ${r.path} HTTP/1.1" ${r.status} ${r.bytes} "-" "${
    r.userAgent
  }" rt=${(r.durationMs / 1000).toFixed(3)} trace_id=${r.traceId}`;
}

/** One JSON object per line, as pino or zap write them; a stack trace goes in an escaped `stack` field. */
export function formatJson(r: RequestLog): string {
  const out: Record<string, string | number> = {
    ts: new Date(r.tsMs).toISOString(),
    level: r.level,
    service: r.service,
    instance: r.instance,
    msg: r.message,
    method: r.method,
    path: r.path,
    status: r.status,
    duration_ms: Math.round(r.durationMs * 10) / 10,
    trace_id: r.traceId,
    span_id: r.spanId,
  };
  if (r.fields) Object.assign(out, r.fields);
  if (r.stack && r.stack.length > 0) out.stack = [r.message, ...r.stack].join('\n');
  return JSON.stringify(out);
}

function logfmtValue(v: string | number): string {
  const s = String(v);
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}

/** key=value pairs as Go services write them; a stack trace follows on its own lines, one entry in all. */
export function formatLogfmt(r: RequestLog): string {
  let line = `ts=${new Date(r.tsMs).toISOString()} level=${r.level} msg=${logfmtValue(r.message)} method=${
    r.method
  } path=${logfmtValue(r.path)} status=${r.status} duration=${Math.round(r.durationMs * 10) / 10}ms trace_id=${
    r.traceId
  } span_id=${r.spanId}`;
  if (r.fields) for (const [k, v] of Object.entries(r.fields)) line += ` ${k}=${logfmtValue(v)}`;
  if (r.stack && r.stack.length > 0) line += `\n${r.stack.join('\n')}`;
  return line;
}

/** A line that is not about a request (a cron run, a checkpoint, a warning), in the service's format. */
export function formatEvent(
  format: 'access' | 'json' | 'logfmt',
  tsMs: number,
  level: string,
  service: string,
  instance: string,
  message: string,
): string {
  const ts = new Date(tsMs).toISOString();
  switch (format) {
    case 'json':
      return JSON.stringify({ ts, level, service, instance, msg: message });
    case 'logfmt':
      return `ts=${ts} level=${level} msg=${logfmtValue(message)}`;
    case 'access': {
      // Proxies write their own errors to the error log in this shape.
      const d = new Date(tsMs);
      const when = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
        d.getUTCMinutes(),
      )}:${pad(d.getUTCSeconds())}`;
      return `${when} [${level}] 1#1: ${message}`;
    }
  }
}
