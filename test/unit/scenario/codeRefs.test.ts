import { describe, expect, it } from 'vitest';
import { formatScenarioDiagnostic } from '../../../src/engine/scenario/diagnostics.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { scenarioText } from '../helpers.ts';

const tutorial = scenarioText('tutorial.yaml');

/** Line and column (1-based) of `needle` in `text`, plus `shift` characters. */
function at(text: string, needle: string, shift = 0): string {
  const offset = text.indexOf(needle);
  expect(offset).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset + shift);
  const line = before.split('\n').length;
  return `${line}:${before.length - before.lastIndexOf('\n')}`;
}

const cases: { name: string; from: string | RegExp; to: string; expected: (t: string) => string }[] = [
  {
    name: 'an alert expression that does not parse, at the character where it stops',
    from: 'method="POST"}[5m])) > 0.05',
    to: 'method="POST"}[5m)) > 0.05',
    expected: (t) =>
      `broken.yaml:${at(t, '[5m)) > 0.05', 3)}: alerts[0].expr: PromQL: unexpected right parenthesis ')'`,
  },
  {
    name: 'a dashboard query with a type error, at the argument',
    from: '(rate(http_server_requests_total{service="cart"}[5m]))',
    to: '(rate(http_server_requests_total{service="cart"}))',
    expected: (t) =>
      `broken.yaml:${at(t, 'http_server_requests_total{service="cart"}')}: dashboards[0].panels[2].queries[0].expr: PromQL: expected type range vector in call to function "rate", got instant vector`,
  },
  {
    name: 'an alert that gives a range vector',
    from: /( {4}expr: )(.*> 0\.05)/,
    to: '$1($2)[10m:1m]',
    expected: (t) =>
      `broken.yaml:${at(t, '    expr: (sum', 10)}: alerts[0].expr: PromQL: an alert rule must give an instant vector (each series it returns is an alert)`,
  },
  {
    name: 'a parent that is not in the history, with a suggestion',
    from: '    - id: 7be2f40\n',
    to: '    - id: 7be2f40\n      parent: 3c0d8e2\n',
    expected: (t) =>
      `broken.yaml:${at(t, '3c0d8e2')}: code.commits[1].parent: unknown commit "3c0d8e2" (did you mean "3c0d8e1"?): a parent must be listed before its children`,
  },
  {
    name: 'a review comment past the end of the file',
    from: 'line: 42\n            body: Is',
    to: 'line: 420\n            body: Is',
    expected: (t) =>
      `broken.yaml:${at(t, '420')}: code.commits[2].pr.reviews[0].line: "src/pricing/coupon.ts" has 44 lines at commit a41f9c2; there is no line 420`,
  },
  {
    name: 'a review comment on a file that does not exist at the commit',
    from: 'file: src/pricing/coupon.ts\n            line: 42\n            body: Is',
    to: 'file: src/pricing/coupons.ts\n            line: 42\n            body: Is',
    expected: (t) =>
      `broken.yaml:${at(t, 'src/pricing/coupons.ts')}: code.commits[2].pr.reviews[0].file: no file "src/pricing/coupons.ts" at commit a41f9c2 (did you mean "src/pricing/coupon.ts"?)`,
  },
  {
    name: 'a runbook that is not among the docs',
    from: 'runbook: runbook-checkout-errors',
    to: 'runbook: runbook-checkout-error',
    expected: (t) =>
      `broken.yaml:${at(t, 'runbook-checkout-error\n')}: alerts[0].runbook: unknown doc "runbook-checkout-error" (did you mean "runbook-checkout-errors"?)`,
  },
  {
    name: 'a change that both deletes and rewrites a file',
    from: '      changes:\n        - path: package.json\n',
    to: '      changes:\n        - path: package.json\n          deleted: true\n',
    expected: (t) =>
      `broken.yaml:${at(t, 'path: package.json\n          deleted')}: code.commits[1].changes[0]: a change either deletes the file or gives its \`content\`, not both`,
  },
  {
    name: 'a doc about an unknown service',
    from: 'services: [web, cart]',
    to: 'services: [web, carts]',
    expected: (t) =>
      `broken.yaml:${at(t, 'carts]')}: docs[0].services[1]: unknown service "carts" (did you mean "cart"?)`,
  },
  {
    name: 'a deploy naming a commit the history does not have, with a suggestion',
    from: '    version: 2.4.1\n',
    to: '    version: 2.4.1\n    commit: a41f9c3\n',
    expected: (t) =>
      `broken.yaml:${at(t, 'a41f9c3')}: timeline[1].commit: unknown commit "a41f9c3" (did you mean "a41f9c2"?)`,
  },
  {
    name: 'a commit id that is not hex',
    from: '- id: a41f9c2',
    to: '- id: a41f9cz',
    expected: (t) =>
      `broken.yaml:${at(t, 'a41f9cz')}: code.commits[2].id: must be 7 to 40 lower-case hex digits, like a short git id: a41f9c2`,
  },
];

describe('code, docs, dashboards and alert rules: cross-references', () => {
  it('the tutorial loads with its code history, runbook, dashboard and alert rule', () => {
    const { scenario, diagnostics } = loadScenario(tutorial, 'scenarios/tutorial.yaml');
    expect(diagnostics).toEqual([]);
    expect(scenario?.code?.commits.map((c) => c.id)).toEqual(['3c0d8e1', '7be2f40', 'a41f9c2']);
    expect(scenario?.alerts.map((a) => [a.alert, a.for, a.severity])).toEqual([
      ['CheckoutErrorRate', '2m', 'page'],
    ]);
  });

  it('a deploy names the commit it rolls out', () => {
    const text = tutorial.replace('    version: 2.4.1\n', '    version: 2.4.1\n    commit: a41f9c2\n');
    const { scenario, diagnostics } = loadScenario(text, 'scenarios/tutorial.yaml');
    expect(diagnostics).toEqual([]);
    expect(scenario?.timeline.find((e) => e.id === 'deploy-cart-2-4-1')?.commit).toBe('a41f9c2');
  });

  it.each(cases)('$name', ({ from, to, expected }) => {
    const text = tutorial.replace(from, to);
    expect(text).not.toBe(tutorial);
    expect(loadScenario(text, 'broken.yaml').diagnostics.map(formatScenarioDiagnostic)).toEqual([
      expected(text),
    ]);
  });
});
