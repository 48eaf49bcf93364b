import type { Scenario } from '../../src/engine/scenario/schema.ts';

/** One piece of a scenario's hidden truth that no player may read before the debrief. */
export interface Secret {
  readonly what: string;
  readonly text: string;
}

// Texts shorter than this are words a page may well use for its own reasons ("checkout returns 502").
const SHORTEST = 24;

/**
 * What the leak tests look for: the explanation, the chain's condition and symptom labels, every clue's
 * description, every hint's text and every fault's log message, as far as each is distinctive.
 */
export function secretsOf(scenario: Scenario): Secret[] {
  const sol = scenario.solution;
  const all: Secret[] = [
    { what: 'solution.explanation', text: sol.explanation },
    ...sol.nodes.map((n) => ({ what: `solution.nodes.${n.id}.label`, text: n.label })),
    ...[...sol.clues, ...sol.redHerrings].map((c) => ({
      what: `solution.clues.${c.id}.description`,
      text: c.description,
    })),
    ...scenario.hints.map((h, i) => ({ what: `hints.${i}.text`, text: h.text })),
  ];
  return all
    .map((s) => ({ ...s, text: s.text.trim().slice(0, 60) }))
    .filter((s) => s.text.length >= SHORTEST);
}

/** The secrets found in a text, raw or as JSON would escape them. */
export function leaksIn(text: string, secrets: readonly Secret[]): string[] {
  return secrets
    .filter((s) => text.includes(s.text) || text.includes(JSON.stringify(s.text).slice(1, -1)))
    .map((s) => s.what);
}
