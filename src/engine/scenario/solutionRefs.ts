import { didYouMean } from './diagnostics.ts';
import type { Scenario } from './schema.ts';

type Add = (path: PropertyKey[], message: string) => void;

/**
 * Checks what the solution names against the rest of the scenario: services in clues, timeline events in
 * change clues, the tickets, and the chain's nodes (a service, a timeline event or one of `solution.nodes`).
 */
export function checkSolutionRefs(s: Scenario, add: Add): void {
  const services = s.system.services.map((svc) => svc.id);
  const events = s.timeline.map((e) => e.id);
  const tickets = s.briefing.tickets.map((t) => t.id);
  const unknown = (what: string, name: string, known: readonly string[]) =>
    `unknown ${what} "${name}"${didYouMean(name, known)}`;
  (['clues', 'redHerrings'] as const).forEach((list) => {
    s.solution[list].forEach((c, i) => {
      const at = ['solution', list, i];
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
  const nodes = [...services, ...events, ...s.solution.nodes.map((n) => n.id)];
  s.solution.chain.forEach((link, i) => {
    for (const end of ['from', 'to'] as const)
      if (!nodes.includes(link[end]))
        add(
          ['solution', 'chain', i, end],
          `${unknown('chain node', link[end], nodes)}: name a service, a timeline event or a node of solution.nodes`,
        );
  });
  const clueIds = s.solution.clues.map((c) => c.id);
  s.hints.forEach((h, i) => {
    if (h.clue !== undefined && !clueIds.includes(h.clue))
      add(['hints', i, 'clue'], unknown('clue', h.clue, clueIds));
  });
}
