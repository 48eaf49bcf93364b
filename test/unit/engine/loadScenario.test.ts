import { describe, expect, it } from 'vitest';
import { formatScenarioDiagnostic } from '../../../src/engine/scenario/diagnostics.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { scenarioText } from '../helpers.ts';

const tutorial = scenarioText('tutorial.yaml');

/** Loads the tutorial with one text replacement and returns its formatted diagnostics. */
function problemsAfter(from: string | RegExp, to: string): string[] {
  const text = tutorial.replace(from, to);
  expect(text).not.toBe(tutorial);
  return loadScenario(text, 'broken.yaml').diagnostics.map(formatScenarioDiagnostic);
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('loadScenario', () => {
  it('loads the tutorial with defaults applied', () => {
    const { scenario, diagnostics } = loadScenario(tutorial, 'scenarios/tutorial.yaml');
    expect(diagnostics).toEqual([]);
    expect(scenario?.id).toBe('tutorial');
    expect(scenario?.system.edges[1]?.retries).toBe(0);
  });

  const cases: { name: string; from: string | RegExp; to: string; expected: (text: string) => string }[] = [
    {
      name: 'an unknown service in an edge, with a suggestion',
      from: '{ from: cart, to: cart-db, timeout: 1s }',
      to: '{ from: cart, to: cart-dbb, timeout: 1s }',
      expected: (t) =>
        `broken.yaml:${lineOf(t, 'to: cart-dbb')}:25: system.edges[1].to: unknown service "cart-dbb" (did you mean "cart-db"?)`,
    },
    {
      name: 'a misspelt key',
      from: 'estimatedMinutes: 10',
      to: 'estimatedMinuts: 10',
      expected: (t) =>
        `broken.yaml:${lineOf(t, 'estimatedMinuts')}:1: estimatedMinuts: unknown key "estimatedMinuts" (did you mean "estimatedMinutes"?)`,
    },
    {
      name: 'a fault kind outside the taxonomy',
      from: 'kind: bad-deploy',
      to: 'kind: bad-deplo',
      expected: (t) =>
        `broken.yaml:${lineOf(t, 'kind: bad-deplo')}:11: faults[0].kind: "bad-deplo" is not allowed (did you mean "bad-deploy"?)`,
    },
    {
      name: 'a root cause of a kind no fault simulates, with a suggestion',
      from: 'rootCause: { component: cart, fault: bad-deploy,',
      to: 'rootCause: { component: cart, fault: disk-full,',
      expected: (t) =>
        `broken.yaml:${lineOf(t, 'fault: disk-full')}:${t.split('\n')[lineOf(t, 'fault: disk-full') - 1]!.indexOf('disk-full') + 1}: solution.rootCause.fault: no fault of kind "disk-full" is simulated: the scenario's faults are of kind "bad-deploy"`,
    },
    {
      name: 'a time without a zone',
      from: 'at: 2026-10-25T01:40:00Z',
      to: 'at: 2026-10-25T01:40:00',
      expected: (t) =>
        `broken.yaml:${lineOf(t, 'at: 2026-10-25T01:40:00\n')}:9: timeline[1].at: must be an RFC 3339 time with a zone, e.g. 2026-10-25T01:00:00Z`,
    },
    {
      name: 'a YAML syntax error',
      from: 'tags: [tutorial, logs, deploy]',
      to: 'tags: [tutorial, logs, deploy',
      expected: (t) =>
        `broken.yaml:${lineOf(t, 'trains:')}:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    },
  ];

  for (const c of cases) {
    it(`reports ${c.name} with file, line and column`, () => {
      const text = tutorial.replace(c.from, c.to);
      const problems = problemsAfter(c.from, c.to);
      expect(problems.some((p) => p.startsWith(c.expected(text)))).toBe(true);
    });
  }

  it('refuses alias bombs', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]'];
    for (const name of ['c', 'd', 'e', 'f', 'g']) {
      const prev = bomb.at(-1)!.slice(0, 1);
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const { scenario, diagnostics } = loadScenario(bomb.join('\n'), 'bomb.yaml');
    expect(scenario).toBeUndefined();
    expect(diagnostics[0]?.message).toMatch(/alias/i);
  });

  it('refuses custom tags instead of executing them', () => {
    const { diagnostics } = loadScenario('id: !!js/function "return 1"\n', 'tag.yaml');
    expect(diagnostics[0]).toMatchObject({ line: 1, col: 5 });
  });

  it('refuses deep nesting', () => {
    const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
    const { diagnostics } = loadScenario(`x: ${deep}\n`, 'deep.yaml');
    expect(diagnostics[0]?.message).toMatch(/nesting is deeper than 32 levels/);
  });

  it('refuses oversized files', () => {
    const { diagnostics } = loadScenario(`# ${'x'.repeat(2_000_001)}`, 'big.yaml');
    expect(diagnostics[0]?.message).toMatch(/limited to 2000000 bytes/);
  });

  it('finds cycles in call graphs', () => {
    const text = tutorial
      .replace(
        '{ route: "SELECT cart_items", latency: 3ms }',
        '{ route: "SELECT cart_items", latency: 3ms, calls: [{ service: cart, route: "GET /api/cart" }] }',
      )
      .replace(
        '    - { from: cart, to: cart-db, timeout: 1s }',
        '    - { from: cart, to: cart-db, timeout: 1s }\n    - { from: cart-db, to: cart }',
      );
    const messages = loadScenario(text, 'cycle.yaml').diagnostics.map((d) => d.message);
    expect(messages.some((m) => m.startsWith('call graph has a cycle: '))).toBe(true);
  });
});
