import { clueService } from '../../investigation/clues.ts';
import { conditionVocabulary } from '../../investigation/conditionVocabulary.ts';
import type { Scenario } from '../schema.ts';
import type { LintFinding } from './types.ts';

/**
 * Check of what the reference chain's nodes mean. A trainee names a node with a condition of the system's
 * vocabulary, so each node must say which ones state it (`means`, checked on load), no two nodes may share
 * one (a trainee's condition would stand for both and the chain could not be read), and a node's meanings
 * should be about a service the story places it at: one its clues were seen in, or a neighbour's.
 */
export function chainMeaningFindings(scenario: Scenario): LintFinding[] {
  const sol = scenario.solution;
  const conditions = new Map(conditionVocabulary(scenario).map((c) => [c.id, c]));
  const clues = new Map(sol.clues.map((c) => [c.id, c]));
  const findings: LintFinding[] = [];
  const owner = new Map<string, string>();
  sol.nodes.forEach((node, i) => {
    node.means.forEach((m, j) => {
      const first = owner.get(m);
      if (first !== undefined)
        findings.push({
          rule: 'chain-meaning',
          severity: 'error',
          path: ['solution', 'nodes', i, 'means', j],
          message: `"${m}" already means node "${first}": a trainee naming it would stand for both; give each node conditions of its own`,
        });
      else owner.set(m, node.id);
    });
    // Where the story places the node: the services its links' clues were seen in and its neighbours.
    const links = sol.chain.filter((l) => l.from === node.id || l.to === node.id);
    const placed = new Set<string>();
    for (const l of links) {
      for (const id of l.clues) {
        const clue = clues.get(id);
        const service = clue && clueService(scenario, clue);
        if (service !== undefined) placed.add(service);
      }
      for (const end of [l.from, l.to]) {
        if (scenario.system.services.some((s) => s.id === end)) placed.add(end);
        const event = scenario.timeline.find((e) => e.id === end);
        if (event?.service !== undefined) placed.add(event.service);
      }
    }
    const about = node.means.flatMap((m) => conditions.get(m)?.services ?? []);
    if (links.length > 0 && about.length > 0 && placed.size > 0 && !about.some((s) => placed.has(s)))
      findings.push({
        rule: 'chain-meaning',
        severity: 'warning',
        path: ['solution', 'nodes', i, 'means'],
        message: `node "${node.id}" means conditions of ${[...new Set(about)].join(', ')}, but its links' clues and neighbours are at ${[...placed].join(', ')}: check that its meanings describe it`,
      });
  });
  return findings;
}
