import { conditionVocabulary } from '../investigation/conditionVocabulary.ts';
import { didYouMean } from './diagnostics.ts';
import type { Scenario } from './schema.ts';

type Add = (path: PropertyKey[], message: string) => void;

/**
 * Checks what the solution names against the rest of the scenario: services in clues, timeline events in
 * change clues, the tickets, the chain's nodes (a service, a timeline event or one of `solution.nodes`), and
 * what each node means: conditions of the vocabulary this system generates.
 */
export function checkSolutionRefs(s: Scenario, add: Add): void {
  const services = s.system.services.map((svc) => svc.id);
  const events = s.timeline.map((e) => e.id);
  const tickets = s.briefing.tickets.map((t) => t.id);
  const unknown = (what: string, name: string, known: readonly string[]) =>
    `unknown ${what} "${name}"${didYouMean(name, known)}`;
  (['clues', 'redHerrings'] as const).forEach((list) => {
    s.solution[list].forEach((clue, i) => {
      // The clue's own matcher, then each of the other kinds of evidence it lists under anyOf.
      [clue, ...(clue.anyOf ?? [])].forEach((c, j) => {
        const at = j === 0 ? ['solution', list, i] : ['solution', list, i, 'anyOf', j - 1];
        if (c.log && !services.includes(c.log.service))
          add([...at, 'log', 'service'], unknown('service', c.log.service, services));
        if (c.span && !services.includes(c.span.service))
          add([...at, 'span', 'service'], unknown('service', c.span.service, services));
        if (c.change !== undefined && !events.includes(c.change))
          add([...at, 'change'], unknown('timeline event', c.change, events));
        if (c.ticket !== undefined && !tickets.includes(c.ticket))
          add([...at, 'ticket'], unknown('ticket', c.ticket, tickets));
      });
    });
  });
  const nodes = [...services, ...events, ...s.solution.nodes.map((n) => n.id)];
  s.solution.chain.forEach((link, i) => {
    for (const end of ['from', 'to'] as const)
      if (!nodes.includes(link[end]))
        add(
          ['solution', 'chain', i, end],
          `${unknown('chain node', link[end], nodes)}: name a service, a timeline event or a node of solution.nodes`,
        );
  });
  const conditions = new Set(conditionVocabulary(s).map((c) => c.id));
  const known = [...conditions];
  s.solution.nodes.forEach((n, i) => {
    n.means.forEach((m, j) => {
      if (!conditions.has(m))
        add(
          ['solution', 'nodes', i, 'means', j],
          `${unknown('condition', m, known)}: name a condition this system's vocabulary offers (key:service, key:caller>callee, key:service@segment or region)`,
        );
    });
  });
  const clueIds = s.solution.clues.map((c) => c.id);
  s.hints.forEach((h, i) => {
    if (h.clue !== undefined && !clueIds.includes(h.clue))
      add(['hints', i, 'clue'], unknown('clue', h.clue, clueIds));
  });
}
