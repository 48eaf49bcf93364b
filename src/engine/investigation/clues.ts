import type { Scenario } from '../scenario/schema.ts';
import type { SolutionClue } from '../scenario/solutionSchema.ts';
import { parseTimestamp } from '../scenario/units.ts';
import type { Tool } from './actions.ts';
import type { Evidence } from './evidence.ts';

/**
 * Whether a pinned item is an instance of a clue. Reads the evidence record alone (never the world), so
 * a saved investigation can be scored anywhere.
 */
export function matchesClue(e: Evidence, clue: SolutionClue): boolean {
  if (clue.log)
    return e.kind === 'log' && e.service === clue.log.service && e.line.includes(clue.log.contains);
  if (clue.metric) {
    if (e.kind !== 'series') return false;
    const m = clue.metric;
    // Aggregations and rate() drop __name__, so the query text stands in for the series' own name.
    if (e.labels.__name__ !== m.name && !e.query.includes(m.name)) return false;
    for (const [k, v] of Object.entries(m.labels)) {
      if (e.labels[k] !== v && !new RegExp(`\\b${k}\\s*=~?\\s*"[^"]*\\b${escapeRegExp(v)}\\b`).test(e.query))
        return false;
    }
    if (!m.window) return true;
    const start = parseTimestamp(m.window.start) ?? 0;
    const end = parseTimestamp(m.window.end) ?? 0;
    return e.startMs <= end && e.endMs >= start;
  }
  if (clue.span) {
    const s = clue.span;
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
  if (clue.code) {
    const c = clue.code;
    if (e.kind !== 'code' || e.path !== c.file) return false;
    if (c.commit && !e.commit.startsWith(c.commit) && !c.commit.startsWith(e.commit)) return false;
    return e.startLine <= c.lines[1] && e.endLine >= c.lines[0];
  }
  if (clue.change !== undefined) return e.kind === 'change' && e.eventId === clue.change;
  if (clue.ticket !== undefined) return e.kind === 'ticket' && e.ticketId === clue.ticket;
  if (clue.alert !== undefined) return e.kind === 'alert' && e.name === clue.alert;
  return false;
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
