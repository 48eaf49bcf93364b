import type { Scenario } from '../schema.ts';
import type { ClueMatcher, SolutionClue } from '../solutionSchema.ts';
import type { LintFinding } from './types.ts';
import { cluePath } from './types.ts';

/** The telemetry a kind of matcher needs of the service it names. */
const NEEDS = { log: 'writes no logs', metric: 'exposes no metrics', span: 'writes no spans' } as const;

/** Where a matcher names a service of its own telemetry, and that service. */
function namedService(
  m: ClueMatcher,
): { at: string[]; service: string; kind: keyof typeof NEEDS } | undefined {
  if (m.log) return { at: ['log', 'service'], service: m.log.service, kind: 'log' };
  if (m.span) return { at: ['span', 'service'], service: m.span.service, kind: 'span' };
  const service = m.metric?.labels.service;
  if (service !== undefined) return { at: ['metric', 'labels', 'service'], service, kind: 'metric' };
  return undefined;
}

/**
 * Clues that would need a component nobody can see into to write telemetry of its own: it writes none, so
 * no query finds them. Each is an error at the service it names, with what a player can find instead: its
 * callers' client spans and client metrics, which carry the time it adds and its errors.
 */
export function unobservedClues(scenario: Scenario): LintFinding[] {
  const unseen = new Set(scenario.system.services.filter((s) => s.observed === false).map((s) => s.id));
  if (unseen.size === 0) return [];
  const findings: LintFinding[] = [];
  for (const clue of [...scenario.solution.clues, ...scenario.solution.redHerrings]) {
    const matchers: { at: (string | number)[]; m: ClueMatcher }[] = [
      { at: [], m: clue as SolutionClue },
      ...(clue.anyOf ?? []).map((m, j) => ({ at: ['anyOf', j], m })),
    ];
    for (const { at, m } of matchers) {
      const named = namedService(m);
      if (!named || !unseen.has(named.service)) continue;
      const callers = scenario.system.edges.filter((e) => e.to === named.service).map((e) => e.from);
      const caller = callers[0];
      const instead = caller
        ? `make the clue a span of its caller ${caller} (span: { service: ${caller} }) or ${caller}'s client metric http_client_request_duration_seconds_bucket{peer="${named.service}"}`
        : 'make the clue a span or a client metric of a service that calls it';
      findings.push({
        rule: 'unreachable-clue',
        severity: 'error',
        path: [...cluePath(scenario, clue.id), ...at, ...named.at],
        message: `clue "${clue.id}" cannot be found: "${named.service}" is unobserved (observed: false) and ${NEEDS[named.kind]}; ${instead}`,
      });
    }
  }
  return findings;
}
