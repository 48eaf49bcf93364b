import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unreachableClues } from '../../../src/engine/scenario/lint/clues.ts';
import { unobservedClues } from '../../../src/engine/scenario/lint/unobservedClues.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { locate, parseScenarioYaml } from '../../../src/engine/scenario/parse.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { loadedScenario } from '../helpers.ts';

const TEXT = readFileSync('test/fixtures/managed-gateway.yaml', 'utf8');
const INSTEAD =
  'make the clue a span of its caller web (span: { service: web }) or web\'s client metric http_client_request_duration_seconds_bucket{peer="gateway"}';

/** The fixture with one more clue (or red herring) in the solution. */
function withClue(yaml: string, section = '  clues:\n') {
  const text = TEXT.replace(section, `${section}    - ${yaml}\n`);
  const scenario = loadedScenario(text, 'managed-gateway.yaml');
  return { text, scenario };
}

describe('clues on a component nobody can see into', () => {
  it('asks for none in the fixture as written', () => {
    const { scenario } = loadScenario(TEXT, 'managed-gateway.yaml');
    expect(unobservedClues(scenario!)).toEqual([]);
  });

  it.each([
    [
      '{ id: gw-log, description: d, log: { service: gateway, contains: timeout } }',
      ['solution', 'clues', 0, 'log', 'service'],
      'clue "gw-log" cannot be found: "gateway" is unobserved (observed: false) and writes no logs',
    ],
    [
      '{ id: gw-up, description: d, metric: { name: up, labels: { service: gateway } } }',
      ['solution', 'clues', 0, 'metric', 'labels', 'service'],
      'clue "gw-up" cannot be found: "gateway" is unobserved (observed: false) and exposes no metrics',
    ],
    [
      '{ id: gw-span, description: d, change: route-change, anyOf: [{ span: { service: gateway } }] }',
      ['solution', 'clues', 0, 'anyOf', 0, 'span', 'service'],
      'clue "gw-span" cannot be found: "gateway" is unobserved (observed: false) and writes no spans',
    ],
  ])('%s', (yaml, path, message) => {
    const { text, scenario } = withClue(yaml);
    const findings = unobservedClues(scenario);
    expect(findings).toEqual([
      { rule: 'unreachable-clue', severity: 'error', path, message: `${message}; ${INSTEAD}` },
    ]);
    // Placed at the service it names, on the clue's own line.
    const { parsed } = parseScenarioYaml(text, 'managed-gateway.yaml');
    const at = locate(parsed!, path);
    const line = text.split('\n')[at.line - 1]!;
    expect(line.slice(at.col - 1).startsWith('gateway')).toBe(true);
  });

  it('is told once, not again as a clue no query finds', () => {
    const { scenario } = withClue(
      '{ id: gw-herring, description: d, log: { service: gateway, contains: reset } }',
      '  redHerrings:\n',
    );
    const findings = unreachableClues(scenario, simulate(scenario)).filter((f) =>
      f.message.includes('gw-herring'),
    );
    expect(findings.map((f) => f.path)).toEqual([['solution', 'redHerrings', 0, 'log', 'service']]);
  });
});
