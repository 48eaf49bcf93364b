/**
 * Small edits of LogQL text made by the newcomer-friendly controls (the service picker, a map click, the
 * "Line contains" filter), so the editor always shows the query that runs, as Grafana's builder does.
 */

const SELECTOR = /^\s*\{([^}]*)\}/;
const SERVICE_MATCHER = /(^|,)\s*service\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?=,|$)/;
const FIRST_CONTAINS = /\|=\s*("(?:[^"\\]|\\.)*"|`[^`]*`)/;

/** The service a query is scoped to, when its selector has an exact `service="…"` matcher. */
export function serviceOf(query: string): string | undefined {
  const selector = SELECTOR.exec(query);
  if (!selector) return undefined;
  const m = SERVICE_MATCHER.exec(selector[1]!);
  return m ? (JSON.parse(`"${m[2]}"`) as string) : undefined;
}

/** The query scoped to `service` (or to every service), keeping its other matchers and its pipeline. */
export function withService(query: string, service: string | undefined): string {
  const selector = SELECTOR.exec(query);
  const wanted = service === undefined ? 'service=~".+"' : `service=${JSON.stringify(service)}`;
  if (!selector) return `{${wanted}}${query.trim() ? ` ${query.trim()}` : ''}`;
  const matchers = selector[1]!
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m && !/^service\s*(=|!=|=~|!~)/.test(m));
  const rest = query.slice(selector[0].length);
  return `{${[wanted, ...matchers].join(', ')}}${rest}`;
}

/** The text of the query's first `|=` line filter, or '' when it has none. */
export function containsOf(query: string): string {
  const m = FIRST_CONTAINS.exec(query);
  if (!m) return '';
  const literal = m[1]!;
  return literal.startsWith('`') ? literal.slice(1, -1) : (JSON.parse(literal) as string);
}

/**
 * The query with its first `|=` filter set to `text` (added after the selector when there is none, removed
 * when `text` is empty).
 */
export function withContains(query: string, text: string): string {
  const literal = JSON.stringify(text);
  const m = FIRST_CONTAINS.exec(query);
  if (m) {
    const before = query.slice(0, m.index);
    const after = query.slice(m.index + m[0].length);
    return text ? `${before}|= ${literal}${after}` : `${before.trimEnd()}${after}`;
  }
  if (!text) return query;
  const selector = SELECTOR.exec(query);
  if (!selector) return `{service=~".+"} |= ${literal}`;
  const end = selector[0].length;
  return `${query.slice(0, end)} |= ${literal}${query.slice(end)}`;
}
