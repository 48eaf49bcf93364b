/**
 * What every small test world shares around its system: the header (a 40-minute window from 00:00 on
 * 2026-03-01, a seed) and the tail (a page at 00:39 and a one-clue solution naming the root cause). `body`
 * holds the rest, from `system:` on.
 *
 * @example testWorldText({ id: 'two-coasts', summary: 'A shop on two coasts.', seed: 7, body, rootCause: 'orders-db cpu-saturation' })
 */
export function testWorldText(o: {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly seed: number;
  readonly body: string;
  /** The root cause's component and fault kind. */
  readonly component: string;
  readonly fault: string;
}): string {
  return `
id: ${o.id}
title: ${o.title}
difficulty: standard
summary: ${o.summary}
seed: ${o.seed}
window: { start: 2026-03-01T00:00:00Z, end: 2026-03-01T00:40:00Z }
${o.body.replace(/^\n/, '').replace(/\n$/, '')}
briefing:
  page: { title: Test, at: 2026-03-01T00:39:00Z, body: Test. }
solution:
  rootCause: { component: ${o.component}, fault: ${o.fault} }
  explanation: Test.
  clues: [{ id: c, description: Test., log: { service: api, contains: x } }]
`;
}
