// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are scenario text, where ${name} is a variant parameter
import { describe, expect, it } from 'vitest';
import type { LintDiagnostic } from '../../../src/engine/scenario/lint/lintScenario.ts';
import type { LintFinding } from '../../../src/engine/scenario/lint/types.ts';
import {
  answerInconsistencies,
  checkVariantAnswer,
} from '../../../src/engine/scenario/lint/variantChecks.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { applyVariant, resolveVariant } from '../../../src/engine/scenario/variants.ts';
import { scenarioText } from '../helpers.ts';

const params = {
  count: { choose: [2, 3, 4] },
  shift: { between: ['-20m', '20m'] },
  share: { between: [0.2, 0.5] },
  fixed: { between: [1, 9], default: 7 },
  site: {
    choose: [
      { region: 'eu', city: 'Frankfurt' },
      { region: 'us', city: 'Ohio' },
    ],
  },
};

describe('applyVariant', () => {
  it('variant 0 is the file as written: first choices, defaults, middles of ranges', () => {
    expect(resolveVariant({ variants: { params } }, 0).values).toEqual({
      count: 2,
      shift: '0s',
      share: 0.35,
      fixed: 7,
      site: { region: 'eu', city: 'Frankfurt' },
    });
  });

  it('picks each parameter from the seed and its name, the same every time', () => {
    const seeds = [1, 2, 3, 4, 5];
    const first = seeds.map((s) => resolveVariant({ variants: { params } }, s).values);
    const again = seeds.map((s) => resolveVariant({ variants: { params } }, s).values);
    expect(again).toEqual(first);
    expect(first.map((v) => v.shift)).toEqual(['16m', '5m', '-15m', '14m', '19m']);
    expect(first.map((v) => v.count)).toEqual([4, 2, 3, 3, 2]);
    // Adding a parameter leaves the others' values as they were.
    const more = seeds.map(
      (s) => resolveVariant({ variants: { params: { ...params, extra: { choose: ['a', 'b'] } } } }, s).values,
    );
    expect(more.map((v) => v.shift)).toEqual(first.map((v) => v.shift));
  });

  it.each([
    ['${count}', 2],
    ['${count} pods', '2 pods'],
    ['${site.city} in ${site.region}', 'Frankfurt in eu'],
    ['${2026-10-25T01:00:00Z + shift}', '2026-10-25T01:00:00Z'],
    ['${share}', 0.35],
    ['`${user.name}` stays: not a parameter', '`${user.name}` stays: not a parameter'],
    ['$${count} is written literally', '${count} is written literally'],
  ])('substitutes %j into %j', (template, expected) => {
    expect(applyVariant({ x: [{ y: template }], variants: { params } }, 0)).toEqual({
      x: [{ y: expected }],
      variants: { params },
    });
  });

  it('moves times by a duration parameter', () => {
    const v = resolveVariant({ at: '${2026-10-25T01:00:00Z - shift}', variants: { params } }, 3);
    expect(v.value).toEqual({ at: '2026-10-25T01:15:00Z', variants: { params } });
  });

  it.each([
    ['${site}', '${site} is a group of values; name one, e.g. ${site.region}'],
    ['${site.zone}', '${site.zone}: this variant\'s site has no field "zone"; it has region, city'],
    ['${count.zone}', '${count.zone}: this variant\'s count has no field "zone"'],
    [
      '${2026-10-25T01:00:00Z + count}',
      '${2026-10-25T01:00:00Z + count}: count must be a duration to move a time (it is 2)',
    ],
    [
      '${2026-10-25T01:00:00Z + nope}',
      '${2026-10-25T01:00:00Z + nope}: "nope" is not a parameter of variants.params',
    ],
  ])('reports %j', (template, message) => {
    expect(resolveVariant({ a: { b: template }, variants: { params } }, 0).problems).toEqual([
      { path: ['a', 'b'], message },
    ]);
  });

  it('leaves a document without a valid variants section untouched', () => {
    const doc = { a: '${count}', variants: { params: { count: { pick: [1] } } } };
    expect(applyVariant(doc, 4)).toBe(doc);
    expect(applyVariant({ a: '${count}' }, 4)).toEqual({ a: '${count}' });
  });
});

describe('loadScenario with a variant', () => {
  const text = scenarioText('tutorial.yaml')
    .replace(
      'at: 2026-10-25T01:40:00Z\n    kind: deploy',
      'at: ${2026-10-25T01:40:00Z + shift}\n    kind: deploy',
    )
    .replace(
      'instances: 2\n      endpoints:\n        - { route: "GET /api/cart"',
      'instances: ${cartInstances}\n      endpoints:\n        - { route: "GET /api/cart"',
    )
    .concat(
      '\nvariants:\n  params:\n    shift: { between: [-10m, 10m] }\n    cartInstances: { choose: [2, 3] }\n',
    );

  it.each([
    [0, '2026-10-25T01:40:00Z', 2],
    [1, '2026-10-25T01:48:00Z', 2],
    [2, '2026-10-25T01:42:00Z', 2],
  ])('variant %i deploys at %s with %i cart instances', (variant, at, instances) => {
    const { scenario, diagnostics } = loadScenario(text, 't.yaml', { variant });
    expect(diagnostics).toEqual([]);
    expect(scenario?.timeline.find((e) => e.id === 'deploy-cart-2-4-1')?.at).toBe(at);
    expect(scenario?.system.services.find((s) => s.id === 'cart')?.instances).toBe(instances);
  });

  it('points a bad reference at the template line', () => {
    const bad = text.replace('version: 2.4.1', 'version: ${cartInstances.major}');
    const line = bad.split('\n').findIndex((l) => l.includes('${cartInstances.major}')) + 1;
    expect(loadScenario(bad, 't.yaml').diagnostics).toEqual([
      {
        file: 't.yaml',
        line,
        col: 14,
        path: 'timeline[1].version',
        severity: 'error',
        message: '${cartInstances.major}: this variant\'s cartInstances has no field "major"',
      },
    ]);
  });
});

describe('variants that change the answer', () => {
  it('substitutes keys too, so maps keyed by ids follow the answer', () => {
    const doc = {
      mitigations: { 'rollback:${culprit.trigger}': { right: true }, 'restart:web': {} },
      variants: { params: { culprit: { choose: [{ trigger: 'deploy-a' }, { trigger: 'deploy-b' }] } } },
    };
    expect(resolveVariant(doc, 0).value).toMatchObject({
      mitigations: { 'rollback:deploy-a': { right: true }, 'restart:web': {} },
    });
  });

  it('refuses a key that becomes one the map already has', () => {
    const doc = {
      mitigations: { 'restart:${who}': { right: true }, 'restart:web': {} },
      variants: { params: { who: { choose: ['web'] } } },
    };
    expect(resolveVariant(doc, 0).problems).toEqual([
      {
        path: ['mitigations', 'restart:${who}'],
        message: '"restart:${who}" becomes "restart:web", a key the map already has',
      },
    ]);
  });

  const file = 'scenarios/only-in-europe.yaml';
  const text = scenarioText('only-in-europe.yaml');
  // Variant 2 of the region swap: the us certificate expires.
  const us = loadScenario(text, file, { variant: 2 }).scenario!;

  it('moves the culprit region, its clues, chain and mitigations together', () => {
    expect(us.faults[0]).toMatchObject({ region: 'us', trigger: 'cert-payments-us' });
    expect(us.solution.rootCause.trigger).toBe('cert-payments-us');
    expect(us.solution.clues.find((c) => c.change)?.change).toBe('cert-payments-us');
    expect(Object.keys(us.mitigations).filter((k) => us.mitigations[k]!.right)).toEqual([
      'failover:us:eu',
      'renew:cert-payments-us',
    ]);
    expect(answerInconsistencies(us)).toEqual([]);
  });

  it.each([
    [
      'a clue that no longer matches',
      text.replace('change: cert-payments-${area.bad}', 'change: cert-payments-eu'),
      'clue "cert-expired": unknown timeline event "cert-payments-eu"',
    ],
    [
      'a herring that became the cause without its clue',
      text.replace('change: payments-log-level', 'change: "cert-payments-${area.bad}"'),
      'red herring "log-level-change" points at "cert-payments-us", the root cause\'s trigger in this variant',
    ],
    [
      'a herring made the cause while its clues stay put',
      text.replace('trigger: "cert-payments-${area.bad}" }', 'trigger: payments-log-level }'),
      'the root cause\'s trigger "payments-log-level" starts or enables no fault in this variant',
    ],
  ])('names the variant and the clue for %s', (_what, broken, message) => {
    const place = (f: LintFinding): LintDiagnostic => ({
      file,
      line: 1,
      col: 1,
      path: f.path.join('.'),
      severity: f.severity,
      rule: f.rule,
      message: f.message,
    });
    const { label, diagnostics } = checkVariantAnswer(broken, file, 2, place);
    expect(label).toMatch(/^variant 2 \(.*area=us[,)]/);
    expect(diagnostics.map((d) => d.message).join('\n')).toContain(message);
  });
});
