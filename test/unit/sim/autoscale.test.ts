import { describe, expect, it } from 'vitest';
import { runTool } from '../../../src/engine/investigation/tools.ts';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { World } from '../../../src/engine/world/world.ts';

const at = (hhmm: string) => Date.parse(`2026-03-01T${hhmm}:00Z`);

interface Shape {
  /** The api service's `instances:` and its `autoscale:` (none: a fixed count). */
  readonly instances: number;
  readonly autoscale?: string;
  /** The database's added latency from 00:02 (a saturated dependency), and the users' rate. */
  readonly dbSlow?: string;
  readonly rate?: number;
  readonly timeline?: string;
  readonly extraFault?: string;
  /** The api's own work per request and the requests one instance works on at once. */
  readonly apiLatency?: string;
  readonly apiCpu?: string;
  readonly concurrency?: number;
}

/**
 * A shop whose api mostly waits on its database: 3 ms of CPU in 20 ms of work, behind a pool of five
 * connections per api instance. From 00:02 the database answers slowly, so each call holds its
 * connection far longer; the window runs 00:00–00:20.
 */
function shopText(shape: Shape): string {
  return `
id: autoscale-shop
title: Autoscale shop
difficulty: standard
summary: A shop whose api follows its load.
seed: 5
window: { start: 2026-03-01T00:00:00Z, end: 2026-03-01T00:20:00Z }
system:
  services:
    - id: web
      kind: frontend
      instances: 2
      endpoints:
        - { route: "GET /items", rate: ${shape.rate ?? 60}, latency: 3ms, calls: [{ service: api, route: "GET /v1/items" }] }
    - id: api
      kind: api
      language: typescript
      instances: ${shape.instances}
${shape.autoscale ? `      autoscale: ${shape.autoscale}\n` : ''}${shape.concurrency ? `      concurrency: ${shape.concurrency}\n` : ''}      endpoints:
        - { route: "GET /v1/items", latency: ${shape.apiLatency ?? '20ms'}, cpu: ${shape.apiCpu ?? '3ms'}, calls: [{ service: db, route: "SELECT items" }] }
    - id: db
      kind: database
      limits: { cpu: 4 }
      endpoints: [{ route: "SELECT items", latency: 30ms, cpu: 1ms }]
  edges:
    - { from: web, to: api, timeout: 3s }
    - { from: api, to: db, timeout: 2s, pool: 5, poolTimeout: 500ms }
traffic:
  segments:
    - { id: eu-users, share: 0.4, attrs: { region: eu } }
    - { id: us-users, share: 0.4, attrs: { region: us } }
timeline:
  - { id: vacuum, at: 2026-03-01T00:02:00Z, kind: note, service: db, description: A long vacuum starts. }
${shape.timeline ?? ''}
faults:
  - { id: slow-db, kind: custom, service: db, trigger: vacuum, addedLatency: ${shape.dbSlow ?? '0ms'}, log: { level: info, message: "slow statement" } }
${shape.extraFault ?? ''}
briefing:
  page: { title: Test, at: 2026-03-01T00:19:00Z, body: Test. }
solution:
  rootCause: { component: db, fault: custom }
  explanation: Test.
  clues: [{ id: c, description: Test., log: { service: db, contains: slow } }]
`;
}

function load(text: string): { scenario?: Scenario; messages: string[] } {
  const { scenario, diagnostics } = loadScenario(text, 'autoscale.yaml');
  return { ...(scenario ? { scenario } : {}), messages: diagnostics.map((d) => `${d.path}: ${d.message}`) };
}

function world(shape: Shape): World {
  const { scenario, messages } = load(shopText(shape));
  if (!scenario) throw new Error(messages.join('\n'));
  return simulate(scenario);
}

function value(w: World, expr: string, hhmm: string): number {
  const r = instantQuery(w.metrics, expr, at(hhmm));
  if (!r.ok || r.value.resultType !== 'vector') throw new Error(`no vector for ${expr}`);
  return r.value.result[0]?.v ?? 0;
}

/** How many api instances served requests in the two minutes before a time. */
function servingInstances(w: World, hhmm: string): number {
  const r = instantQuery(
    w.metrics,
    'sum by (instance) (rate(http_server_requests_total{service="api"}[2m])) > 0',
    at(hhmm),
  );
  if (!r.ok || r.value.resultType !== 'vector') throw new Error('no vector');
  return r.value.result.length;
}

/** What the Changes tool lists, oldest first. */
function changeLog(w: World): string[] {
  const r = runTool(w, { tool: 'changes', query: 'autoscaler' });
  if (!r.ok || r.tool !== 'changes') throw new Error('the Changes tool failed');
  return r.items.map((item) => (item.evidence.kind === 'change' ? item.evidence.description : '')).reverse();
}

const WEB_ERRORS =
  'sum(rate(http_server_requests_total{service="web",status=~"5.."}[5m])) / sum(rate(http_server_requests_total{service="web"}[5m]))';
const CPU_TARGET = '{ min: 2, max: 8, target: { cpu: 0.6 }, every: 1m, cooldown: 2m }';

describe('an autoscaler that follows the load', () => {
  it('scales out under a burst: new instances take requests, the change log and the gauge follow', () => {
    const w = world({
      instances: 2,
      autoscale: '{ min: 2, max: 10, target: { rps: 15 }, every: 1m, cooldown: 3m }',
      rate: 20,
      timeline:
        '  - { id: burst, at: 2026-03-01T00:05:00Z, kind: traffic, factor: 4, description: A push notification. }',
    });
    expect(servingInstances(w, '00:04')).toBe(2);
    const replicas = 'kube_horizontalpodautoscaler_status_current_replicas{horizontalpodautoscaler="api"}';
    expect(value(w, replicas, '00:04')).toBe(2);
    // 80 requests a second at 15 each: six instances, once started.
    expect(value(w, replicas, '00:12')).toBe(6);
    expect(value(w, 'kube_deployment_status_replicas{deployment="api"}', '00:12')).toBe(6);
    expect(servingInstances(w, '00:14')).toBe(6);
    const perInstance = 'avg(sum by (instance) (rate(http_server_requests_total{service="api"}[2m])))';
    expect(value(w, perInstance, '00:04')).toBeCloseTo(10, 0);
    expect(value(w, perInstance, '00:14')).toBeGreaterThan(11);
    expect(value(w, perInstance, '00:14')).toBeLessThan(16);
    expect(changeLog(w)[0]).toMatch(
      /^autoscaler scaled api from 2 to \d+: \d+\.\d requests\/s per instance, target 15$/,
    );
    expect(w.instances.api!.length).toBe(6);
    const events = searchLogs(w, { service: 'api', contains: 'SuccessfulRescale', limit: 10 }).lines;
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.line).toContain('New size:');
  });

  it('scales in when the load drops, and stops the instances it no longer needs', () => {
    const w = world({
      instances: 6,
      autoscale: '{ min: 2, max: 10, target: { rps: 15 }, every: 1m, cooldown: 1m }',
      rate: 80,
      timeline:
        '  - { id: night, at: 2026-03-01T00:05:00Z, kind: traffic, factor: 0.25, description: Users go to bed. }',
    });
    expect(servingInstances(w, '00:04')).toBe(6);
    expect(servingInstances(w, '00:14')).toBe(2);
    expect(changeLog(w)).toHaveLength(1);
    expect(changeLog(w)[0]).toMatch(
      /^autoscaler scaled api from 6 to 2: 3\.\d requests\/s per instance, target 15$/,
    );
  });

  it('is deterministic from the seed', () => {
    const shape = {
      instances: 2,
      autoscale: '{ min: 2, max: 10, target: { rps: 15 }, every: 1m, cooldown: 3m }',
      rate: 20,
      timeline:
        '  - { id: burst, at: 2026-03-01T00:05:00Z, kind: traffic, factor: 4, description: A push notification. }',
    };
    const a = world(shape);
    const b = world(shape);
    expect(changeLog(b)).toEqual(changeLog(a));
    expect(b.instances).toEqual(a.instances);
  });
});

describe('scaling in under a saturated dependency', () => {
  // The api idles while it waits on the database: its CPU stays far under target, so the autoscaler
  // scales it in. Each remaining instance then makes more of the calls through its own pool of five, and
  // the pool, already held long by the slow database, runs out (Little's law in the pool model).
  const slow = { dbSlow: '300ms', rate: 60 } as const;

  it("raises the caller's error ratio above what a fixed count of instances gives", () => {
    const fixed = world({ ...slow, instances: 8 });
    const scaled = world({ ...slow, instances: 8, autoscale: CPU_TARGET });
    expect(changeLog(scaled)[0]).toMatch(
      /^autoscaler scaled api from 8 to 2: CPU \d+% of its limit, target 60%$/,
    );
    expect(servingInstances(scaled, '00:15')).toBe(2);
    expect(servingInstances(fixed, '00:15')).toBe(8);
    const fixedErrors = value(fixed, WEB_ERRORS, '00:15');
    const scaledErrors = value(scaled, WEB_ERRORS, '00:15');
    expect(fixedErrors).toBeLessThan(0.01);
    expect(scaledErrors).toBeGreaterThan(0.1);
  });

  it('leaves the same count harmless while the dependency is fast', () => {
    const scaled = world({ instances: 8, autoscale: CPU_TARGET, rate: 60 });
    expect(servingInstances(scaled, '00:15')).toBe(2);
    expect(value(scaled, WEB_ERRORS, '00:15')).toBeLessThan(0.01);
  });
});

describe('a CPU target under a slow dependency, with a limit on concurrent requests', () => {
  // Four workers per api instance, 40 ms of CPU a request: at four instances the api sits at its CPU
  // target. Once the database is slow each request holds its worker far longer, so the same calls need
  // more workers than there are: the surplus is refused, the instances do less work, their CPU drops and
  // the autoscaler scales in, which leaves fewer workers still. Nothing here is scripted.
  const shape = {
    instances: 4,
    rate: 60,
    dbSlow: '500ms',
    apiLatency: '60ms',
    apiCpu: '40ms',
    concurrency: 4,
  } as const;
  const CPU = 'avg(rate(process_cpu_seconds_total{service="api"}[1m]))';

  it('scales in as the CPU drops, and refuses more calls than a fixed count does', () => {
    const fixed = world(shape);
    const scaled = world({
      ...shape,
      autoscale: '{ min: 2, max: 8, target: { cpu: 0.6 }, every: 1m, cooldown: 2m }',
    });
    expect(value(fixed, CPU, '00:02')).toBeGreaterThan(0.5);
    expect(value(fixed, CPU, '00:10')).toBeLessThan(0.4);
    expect(servingInstances(scaled, '00:02')).toBe(4);
    expect(changeLog(scaled).length).toBeGreaterThan(0);
    expect(changeLog(scaled).every((c) => /^autoscaler scaled api from \d+ to \d+: CPU/.test(c))).toBe(true);
    expect(servingInstances(scaled, '00:15')).toBe(2);
    const fixedErrors = value(fixed, WEB_ERRORS, '00:15');
    const scaledErrors = value(scaled, WEB_ERRORS, '00:15');
    expect(fixedErrors).toBeGreaterThan(0.2);
    expect(scaledErrors).toBeGreaterThan(fixedErrors + 0.1);
  });
});

describe('an autoscaler that cannot hold', () => {
  const cases: readonly { name: string; shape: Shape; messages: string[] }[] = [
    {
      name: 'min above max',
      shape: { instances: 4, autoscale: '{ min: 6, max: 4, target: { cpu: 0.6 } }' },
      messages: ['system.services[1].autoscale.min: min 6 is more than max 4: swap them'],
    },
    {
      name: 'a starting count outside its bounds',
      shape: { instances: 12, autoscale: '{ min: 2, max: 8, target: { cpu: 0.6 } }' },
      messages: [
        "system.services[1].instances: the window opens with 12 instance(s), outside the autoscaler's 2–8: set `instances` between them (it is the count when the window opens)",
      ],
    },
    {
      name: 'two targets',
      shape: { instances: 4, autoscale: '{ min: 2, max: 8, target: { cpu: 0.6, rps: 40 } }' },
      messages: [
        'system.services[1].autoscale.target: the autoscaler follows one measure: keep `cpu` or `rps`, not both',
      ],
    },
    {
      name: 'no target',
      shape: { instances: 4, autoscale: '{ min: 2, max: 8, target: {} }' },
      messages: [
        'system.services[1].autoscale.target: the autoscaler needs what to keep each instance at: `{ cpu: 0.6 }` (CPU utilisation) or `{ rps: 40 }` (requests per second)',
      ],
    },
    {
      name: 'a fault pinned to an instance it may scale away',
      shape: {
        instances: 6,
        autoscale: '{ min: 3, max: 8, target: { cpu: 0.6 } }',
        extraFault:
          '  - { id: bad-node, kind: custom, service: api, instances: [api-5], trigger: vacuum, log: { message: "disk slow" } }',
      },
      messages: [
        'faults[1].instances[0]: "api-5" may be scaled away: "api"\'s autoscaler scales in to 3 from the last instance down; name one of api-1 … api-3, or raise `autoscale.min` to 5',
      ],
    },
  ];
  it.each(cases)('refuses $name', ({ shape, messages }) => {
    expect(load(shopText(shape)).messages).toEqual(messages);
  });

  it('refuses one on a database, which keeps its data on its instances', () => {
    const text = shopText({ instances: 2 }).replace(
      '      kind: database\n',
      '      kind: database\n      autoscale: { min: 1, max: 3, target: { cpu: 0.6 } }\n',
    );
    expect(load(text).messages).toEqual([
      'system.services[2].autoscale: a database keeps its data on its instances: an autoscaler scales a frontend, gateway, api or worker; set `instances` instead',
    ]);
  });
});
