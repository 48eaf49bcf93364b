import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { loadedScenario } from '../helpers.ts';

const FORMATS = ['json', 'logfmt', 'logback', 'access'] as const;

/** A service per request-log format, every one failing half its requests, all used by beta users only. */
function everyFormat(): Scenario {
  const services = FORMATS.map(
    (f) => `
    - id: ${f}-svc
      kind: api
      logFormat: ${f}
      endpoints: [{ route: "GET /${f}", rate: 4, latency: 5ms }]`,
  ).join('');
  const faults = FORMATS.map(
    (f) =>
      `  - { id: fail-${f}, kind: custom, service: ${f}-svc, from: 2026-03-01T00:05:00Z, errorRate: 0.5, status: 503, log: { message: "backend refused" } }`,
  ).join('\n');
  const text = `
id: formats
title: Formats
difficulty: standard
summary: One service per log format.
seed: 3
window: { start: 2026-03-01T00:00:00Z, end: 2026-03-01T00:10:00Z }
system:
  services:${services}
traffic:
  segments:
    - { id: beta, share: 1, attrs: { plan: beta, client: "ios 7.4" } }
faults:
${faults}
briefing:
  page: { title: Test, at: 2026-03-01T00:09:00Z, body: Test. }
solution:
  rootCause: { component: json-svc, fault: custom }
  explanation: Test.
  clues: [{ id: c, description: Test., log: { service: json-svc, contains: x } }]
`;
  const scenario = loadedScenario(text, 'formats.yaml');
  return scenario;
}

describe('request log lines', () => {
  const world = simulate(everyFormat());

  it.each(FORMATS)('carry the user segment’s attributes in %s, on successes and failures alike', (f) => {
    const lines = searchLogs(world, { service: `${f}-svc`, contains: 'trace_id', limit: 1_000_000 }).lines;
    const ok = lines.filter((l) => !/ 503 |503|refused/.test(l.line));
    const failed = lines.filter((l) => /503/.test(l.line));
    expect(ok.length).toBeGreaterThan(100);
    expect(failed.length).toBeGreaterThan(100);
    for (const l of [...ok, ...failed]) {
      if (f === 'json') expect(l.line).toContain('"plan":"beta","client":"ios 7.4"');
      else expect(l.line).toContain(' plan=beta client="ios 7.4"');
    }
  });
});
