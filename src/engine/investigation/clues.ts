import type { Scenario } from '../scenario/schema.ts';
import type { ClueMatcher, SolutionClue } from '../scenario/solutionSchema.ts';
import { parseTimestamp } from '../scenario/units.ts';
import type { Tool } from './actions.ts';
import type { Evidence, SeriesEvidence } from './evidence.ts';

/**
 * Whether a pinned item is an instance of a clue: it matches the clue's own matcher or one of the other
 * kinds of evidence the clue lists under `anyOf`. Reads the evidence record alone (never the world), so a
 * saved investigation can be scored anywhere.
 */
export function matchesClue(e: Evidence, clue: SolutionClue): boolean {
  return clueMatchers(clue).some((m) => matchesMatcher(e, m));
}

/** The kinds of evidence that show a clue: its own matcher first, then its alternatives. */
export function clueMatchers(clue: SolutionClue): ClueMatcher[] {
  const { log, metric, span, code, change, ticket, alert } = clue;
  const own = { log, metric, span, code, change, ticket, alert };
  const defined = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) as ClueMatcher;
  return [defined, ...(clue.anyOf ?? [])];
}

/** Whether a pinned item is what one matcher describes. */
export function matchesMatcher(e: Evidence, m: ClueMatcher): boolean {
  if (m.log)
    return (
      e.kind === 'log' &&
      e.service === m.log.service &&
      e.line.includes(m.log.contains) &&
      within(e.tsMs, e.tsMs, m.log.window)
    );
  if (m.metric) return e.kind === 'series' && matchesSeries(e, m.metric);
  if (m.span) {
    const s = m.span;
    if (e.kind === 'span')
      return (
        e.service === s.service &&
        (s.operation === undefined || e.operation === s.operation) &&
        (s.status === undefined || e.status === s.status)
      );
    // A whole trace shows its spans too, when the clue does not single out one operation.
    return (
      e.kind === 'trace' &&
      s.operation === undefined &&
      e.services.includes(s.service) &&
      (s.status === undefined || e.error === (s.status === 'error'))
    );
  }
  if (m.code) {
    const c = m.code;
    if (e.kind !== 'code' || e.path !== c.file) return false;
    if (c.commit && !e.commit.startsWith(c.commit) && !c.commit.startsWith(e.commit)) return false;
    return e.startLine <= c.lines[1] && e.endLine >= c.lines[0];
  }
  if (m.change !== undefined) return e.kind === 'change' && e.eventId === m.change;
  if (m.ticket !== undefined) return e.kind === 'ticket' && e.ticketId === m.ticket;
  if (m.alert !== undefined) return e.kind === 'alert' && e.name === m.alert;
  return false;
}

/** The metric part of a matcher. */
type MetricMatcher = NonNullable<ClueMatcher['metric']>;

/**
 * Whether a series shows what a metric clue teaches: its name and labels over the window, split by the
 * labels it must keep (`by`), at its quantile, as a ratio. The naive aggregate (the total summed over the
 * split, the mean, the raw count) shows the metric but not the fact, so it does not match.
 */
export function matchesSeries(e: SeriesEvidence, m: MetricMatcher): boolean {
  // Aggregations and rate() drop __name__, so the query text stands in for the series' own name.
  if (e.labels.__name__ !== m.name && !e.query.includes(m.name)) return false;
  for (const [k, v] of Object.entries(m.labels)) {
    if (e.labels[k] !== v && !new RegExp(`\\b${k}\\s*=~?\\s*"[^"]*\\b${escapeRegExp(v)}\\b`).test(e.query))
      return false;
  }
  if (m.by && !m.by.every((label) => e.labels[label] !== undefined)) return false;
  if (m.quantile !== undefined && !takesQuantile(e, m.quantile)) return false;
  if (m.ratio && !isRatio(e.query)) return false;
  return within(e.startMs, e.endMs, m.window);
}

/** Whether a span of time overlaps a matcher's window (any time when it has none). */
function within(startMs: number, endMs: number, window?: { start: string; end: string }): boolean {
  if (!window) return true;
  return startMs <= (parseTimestamp(window.end) ?? 0) && endMs >= (parseTimestamp(window.start) ?? 0);
}

/** Whether a series is that quantile: `histogram_quantile(q, …)`, or a summary's `quantile="q"` series. */
function takesQuantile(e: SeriesEvidence, q: number): boolean {
  if (e.labels.quantile !== undefined && Number(e.labels.quantile) === q) return true;
  return [...e.query.matchAll(/histogram_quantile\s*\(\s*([0-9.eE+-]+)\s*,/g)].some(
    (x) => Number(x[1]) === q,
  );
}

/**
 * Whether a query divides one series by another: a `/` outside strings and range brackets, not followed
 * by a bare number (dividing by 60 changes the unit, not what is counted).
 */
export function isRatio(query: string): boolean {
  const bare = query.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""').replace(/\[[^\]]*\]/g, '');
  return /\/(?!\s*[0-9.][0-9.eE+-]*\s*(?:[-+*/)]|$))/.test(bare);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The tool a clue is found with: a log clue in the logs, a metric clue in the metrics, and so on. */
export function clueTool(clue: SolutionClue): Tool {
  if (clue.log) return 'logs';
  if (clue.metric) return 'metrics';
  if (clue.span) return 'traces';
  if (clue.code) return 'code';
  if (clue.change !== undefined) return 'changes';
  return 'inbox';
}

/** The query that finds a clue: the author's, or one derived from the matcher where that is exact. */
export function clueQuery(clue: SolutionClue): string {
  if (clue.query !== undefined) return clue.query;
  if (clue.log) return `{service="${clue.log.service}"} |= ${JSON.stringify(clue.log.contains)}`;
  if (clue.metric) {
    const labels = Object.entries(clue.metric.labels).map(([k, v]) => `${k}="${v}"`);
    return labels.length ? `${clue.metric.name}{${labels.join(',')}}` : clue.metric.name;
  }
  if (clue.change !== undefined) return clue.change;
  return '';
}

/** The service a clue was seen in, when it has one (a change counts for the service it changed). */
export function clueService(scenario: Scenario, clue: SolutionClue): string | undefined {
  if (clue.log) return clue.log.service;
  if (clue.span) return clue.span.service;
  if (clue.metric) return clue.metric.labels.service;
  if (clue.change !== undefined) return scenario.timeline.find((e) => e.id === clue.change)?.service;
  return undefined;
}

/**
 * The services the reference chain passes through, root cause first: each link's cause, the services its
 * clues were seen in, then its effect. What the debrief map lights up in order.
 */
export function chainServices(scenario: Scenario): string[] {
  const services = new Set(scenario.system.services.map((s) => s.id));
  const clues = new Map(scenario.solution.clues.map((c) => [c.id, c]));
  const serviceOf = (node: string) =>
    services.has(node) ? node : scenario.timeline.find((e) => e.id === node)?.service;
  const out: string[] = [];
  const add = (s: string | undefined) => {
    if (s !== undefined && services.has(s) && !out.includes(s)) out.push(s);
  };
  for (const link of scenario.solution.chain) {
    add(serviceOf(link.from));
    for (const id of link.clues) {
      const clue = clues.get(id);
      if (clue) add(clueService(scenario, clue));
    }
    add(serviceOf(link.to));
  }
  return out;
}
