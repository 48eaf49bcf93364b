import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { pageTime, playAndJudge } from '../../../src/engine/sim/response/response.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { mapTelemetry } from '../../../src/engine/views/mapTelemetry.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { loadedScenario, scenarioText } from '../helpers.ts';

const MIN = 60_000;
const FILE = 'scenarios/tutorial.yaml';

/** The tutorial with cart on eight instances and the edits given (each `[from, to]` must apply once). */
function tutorialWith(edits: readonly (readonly [string, string])[]): string {
  let text = scenarioText('tutorial.yaml')
    .replace('instances: 2\n      version: 2.4.0', 'instances: 8\n      version: 2.4.0')
    .replaceAll('scale:cart:4', 'scale:cart:16');
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`the tutorial has no "${from}"`);
    text = text.replace(from, to);
  }
  return text;
}

function load(text: string): Scenario {
  const scenario = loadedScenario(text, FILE);
  return scenario;
}

/** `{label: value}` of a PromQL instant vector, by one label. */
function byLabel(world: World, expr: string, atMs: number, label: string): Record<string, number> {
  const r = instantQuery(world.metrics, expr, atMs);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  if (r.value.resultType !== 'vector') throw new Error(`not a vector: ${expr}`);
  return Object.fromEntries(r.value.result.map((s) => [s.labels[label] ?? '', s.v]));
}

/** The cart instances whose request lines carry the coupon crash between two times. */
function crashingInstances(world: World, fromMs: number, toMs: number): string[] {
  const lines = searchLogs(world, {
    service: 'cart',
    contains: "reading 'percent'",
    startMs: fromMs,
    endMs: toMs,
    limit: 5000,
  }).lines;
  return [...new Set(lines.map((h) => h.instance))].sort();
}

/** Cart instances with a failed server span in the window. */
function failingSpanInstances(world: World, fromMs: number, toMs: number): string[] {
  const out = new Set<string>();
  for (let row = 0; row < world.traces.size; row++) {
    const s = world.traces.span(row);
    if (
      s.service === 'cart' &&
      s.kind === 'server' &&
      s.status === 'error' &&
      s.startMs >= fromMs &&
      s.startMs < toMs
    )
      out.add(String(s.attributes['service.instance.id']));
  }
  return [...out].sort();
}

const ERRORS_BY_INSTANCE =
  'sum by (instance) (increase(http_server_requests_total{service="cart",status=~"5.."}[20m]))';

describe('a fault on one instance of eight', () => {
  const scenario = load(
    tutorialWith([
      ['    trigger: deploy-cart-2-4-1\n', '    trigger: deploy-cart-2-4-1\n    instances: [cart-3]\n'],
    ]),
  );
  const world = simulate(scenario);
  const page = pageTime(scenario);

  it('fails requests on that instance only: the pod that took the third place at the deploy', () => {
    // Eight pods from the start, then eight that replaced them at the deploy, in their places.
    const third = world.instances.cart![8 + 2]!;
    expect(crashingInstances(world, page - 20 * MIN, page)).toEqual([third]);
    expect(failingSpanInstances(world, page - 20 * MIN, page)).toEqual([third]);
    const errors = byLabel(world, ERRORS_BY_INSTANCE, page, 'instance');
    expect(
      Object.entries(errors)
        .filter(([, v]) => v > 0)
        .map(([k]) => k),
    ).toEqual([third]);
  });

  it('is averaged away on the service-wide error ratio: an eighth of the failures', () => {
    const ratio = (w: World) =>
      byLabel(w, 'sum(increase(http_server_requests_total{service="cart",status=~"5.."}[20m]))', page, '')[
        ''
      ] ?? 0;
    const everywhere = simulate(load(tutorialWith([])));
    expect(ratio(world)).toBeGreaterThan(0);
    expect(ratio(world)).toBeLessThan(ratio(everywhere) / 4);
  });
});

describe('one server of eight still runs the old code', () => {
  // The deploy reaches seven pods; a flag turned on later wakes a code path only the old build still has.
  const text = tutorialWith([
    ['    version: 2.4.1\n', '    version: 2.4.1\n    count: 7\n'],
    [
      '    description: "cart 2.4.1: apply coupon discounts before tax (PR #318)"\n',
      `    description: "cart 2.4.1: apply coupon discounts before tax (PR #318)"
  - id: flag-coupon-v2
    at: 2026-10-25T01:45:00Z
    kind: flag
    service: cart
    key: coupons.v2
    value: "on"
    author: sam.dev
    description: Turn coupons v2 on, now that 2.4.1 is out.
`,
    ],
    ['    trigger: deploy-cart-2-4-1\n', '    trigger: flag-coupon-v2\n    version: 2.4.0\n'],
  ]);
  const scenario = load(text);
  const world = simulate(scenario);
  const page = pageTime(scenario);

  it('shows two builds only when a query groups by version', () => {
    const builds = byLabel(world, 'count by (version) (app_build_info{service="cart"})', page, 'version');
    expect(builds).toEqual({ '2.4.0': 1, '2.4.1': 7 });
    const old = byLabel(world, 'app_build_info{service="cart",version="2.4.0"}', page, 'instance');
    expect(Object.keys(old)).toEqual([world.instances.cart![7]]);
  });

  it('puts both builds on the ops map, from app_build_info, and one build before the deploy', () => {
    expect(mapTelemetry(world, page).builds).toEqual({
      cart: [
        { version: '2.4.1', instances: 7 },
        { version: '2.4.0', instances: 1 },
      ],
    });
    expect(mapTelemetry(world, world.startMs + 10 * MIN).builds).toEqual({});
  });

  it('fails requests on the old build alone, in logs, metrics and traces', () => {
    const eighth = world.instances.cart![7]!;
    expect(crashingInstances(world, page - 20 * MIN, page)).toEqual([eighth]);
    expect(failingSpanInstances(world, page - 20 * MIN, page)).toEqual([eighth]);
    const errors = byLabel(world, ERRORS_BY_INSTANCE, page, 'instance');
    expect(
      Object.entries(errors)
        .filter(([, v]) => v > 0)
        .map(([k]) => k),
    ).toEqual([eighth]);
    // Its startup line said so when it came up; the seven new pods say 2.4.1.
    const started = searchLogs(world, { service: 'cart', contains: 'server listening', limit: 100 }).lines;
    expect(started.filter((h) => h.line.includes('(version 2.4.1)')).length).toBe(7);
  });

  it('is made worse by rolling the deploy back: all eight then run the old code', () => {
    const { effects } = playAndJudge(
      scenario,
      scenario.seed,
      [{ mitigation: 'rollback:deploy-cart-2-4-1', atMs: page }],
      page + 70 * MIN,
    );
    expect(effects[0]!.outcome).toBe('worse');
    expect(effects[0]!.after.failed).toBeGreaterThan(4 * effects[0]!.without.failed);
  });
});

describe('instances a scenario names', () => {
  const problems = (edits: readonly (readonly [string, string])[]) =>
    loadScenario(tutorialWith(edits), FILE).diagnostics.map(
      (d) => `${d.line}:${d.col} ${d.path}: ${d.message}`,
    );
  const faultLine = scenarioText('tutorial.yaml').split('\n').indexOf('    trigger: deploy-cart-2-4-1') + 2;

  it.each([
    {
      what: 'an instance past the last',
      edit: ['    trigger: deploy-cart-2-4-1\n', '    trigger: deploy-cart-2-4-1\n    instances: [cart-9]\n'],
      expected: `${faultLine}:17 faults[0].instances[0]: no instance "cart-9": "cart" runs 8 instance(s), named cart-1 … cart-8`,
    },
    {
      what: "another service's instance",
      edit: ['    trigger: deploy-cart-2-4-1\n', '    trigger: deploy-cart-2-4-1\n    instances: [web-1]\n'],
      expected: `${faultLine}:17 faults[0].instances[0]: no instance "web-1": "cart" runs 8 instance(s), named cart-1 … cart-8`,
    },
    {
      what: 'more than it runs',
      edit: ['    trigger: deploy-cart-2-4-1\n', '    trigger: deploy-cart-2-4-1\n    count: 9\n'],
      expected: `${faultLine}:12 faults[0].count: count 9 is more than the 8 instance(s) "cart" runs (system.services)`,
    },
  ] as const)('refuses $what, where it is written', ({ edit, expected }) => {
    expect(problems([edit])).toEqual([expected]);
  });

  it('refuses names and a count together, and a scope on a change that reaches no instances', () => {
    const both = problems([
      [
        '    trigger: deploy-cart-2-4-1\n',
        '    trigger: deploy-cart-2-4-1\n    count: 1\n    instances: [cart-1]\n',
      ],
    ]);
    expect(both.join('\n')).toContain('names its instances or counts them, not both');
    const onNote = problems([['    kind: config\n    service: web\n', '    kind: config\n    count: 1\n']]);
    expect(onNote.join('\n')).toContain('only a deploy, rollback, config or flag change of a service');
  });
});
