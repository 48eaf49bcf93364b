import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { playAndJudge } from '../../../src/engine/sim/response/response.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { Span } from '../../../src/engine/world/traceStore.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { loadedScenario } from '../helpers.ts';
import { faultWorld, faultWorldText } from './faultWorld.ts';

const at = (hhmm: string) => Date.parse(`2026-03-01T${hhmm}:00Z`);
const START = at('00:15');
const END = at('00:39');

/** A job that deletes the beta users' items from 00:15, stopped at `until` when given. */
const fault = (more = '') =>
  `{ id: f, kind: data-loss, service: api, route: "GET /v1/items", segment: beta, trigger: change, severity: 0.2${more} }`;

function metricAt(world: World, expr: string, t: number): number {
  const r = instantQuery(world.metrics, expr, t);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value.resultType === 'vector' ? (r.value.result[0]?.v ?? 0) : Number.NaN;
}

/** The api's request lines answered 404 in a stretch, by plan. */
function notFound(world: World, fromMs: number, toMs: number): { beta: number; others: number } {
  const found = searchLogs(world, {
    service: 'api',
    contains: '"status":404',
    startMs: fromMs,
    endMs: toMs,
    limit: 100_000,
  });
  const beta = found.lines.filter((l) => l.line.includes('"plan":"beta"')).length;
  return { beta, others: found.lines.length - beta };
}

function spans(world: World, test: (s: Span) => boolean): Span[] {
  const out: Span[] = [];
  for (let row = 0; row < world.traces.size; row++) {
    const s = world.traces.span(row);
    if (test(s)) out.push(s);
  }
  return out;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

describe('data lost to a destructive operation', () => {
  const world = simulate(faultWorld(fault(', until: 2026-03-01T00:25:00Z')));

  it('logs success for every row the job deletes while it runs, and where it stopped', () => {
    const deleted = (fromMs: number, toMs: number) =>
      searchLogs(world, {
        service: 'api',
        contains: '] deleted item id=',
        startMs: fromMs,
        endMs: toMs,
        limit: 1,
      }).matched;
    expect({
      before: deleted(at('00:00'), START),
      running: deleted(START, at('00:25')) > 1000,
      after: deleted(at('00:25') + 1, END),
    }).toEqual({ before: 0, running: true, after: 0 });
    const sample = searchLogs(world, { service: 'api', contains: '] deleted item id=', limit: 1 }).lines[0]!;
    expect(JSON.parse(sample.line)).toMatchObject({
      level: 'info',
      msg: expect.stringMatching(/plan=beta: ok$/),
    });
    const stopped = searchLogs(world, {
      service: 'api',
      contains: 'interrupted: stopped after deleting',
      limit: 1,
    });
    expect(stopped.matched).toBe(1);
  });

  it("counts the deletions on the table's counter, which spikes only while the job runs", () => {
    const rate = (t: number) =>
      metricAt(world, 'sum(rate(pg_stat_user_tables_n_tup_del{relname="items"}[5m]))', t);
    expect(rate(at('00:14'))).toBeLessThan(0.2);
    expect(rate(at('00:24'))).toBeGreaterThan(5);
    expect(rate(at('00:35'))).toBeLessThan(0.2);
  });

  it('answers not found to the slice only, from the deletions on and after they stop, with no 5xx', () => {
    expect(notFound(world, at('00:00'), START)).toEqual({ beta: 0, others: 0 });
    const during = notFound(world, START, at('00:25'));
    const after = notFound(world, at('00:29'), END);
    expect({
      during: during.beta > 20,
      after: after.beta > during.beta / 2,
      others: during.others + after.others,
    }).toEqual({ during: true, after: true, others: 0 });
    // The lookups failed stay at info: an error query sees nothing and the 5xx dashboards stay green.
    expect(
      searchLogs(world, { service: 'api', contains: 'NotFoundError', limit: 1 }).lines[0]?.line,
    ).toContain('"level":"info"');
    expect(metricAt(world, 'sum(increase(http_server_requests_total{status=~"5.."}[20m]))', END)).toBe(0);
  });

  it('leaves fast 404 spans, not errors, with the lookup and nothing after it', () => {
    const lost = spans(
      world,
      (s) => s.service === 'api' && s.kind === 'server' && s.attributes['http.response.status_code'] === 404,
    );
    expect(lost.length).toBeGreaterThan(20);
    expect(
      lost.every(
        (s) => s.startMs >= START && s.status === 'unset' && s.attributes['app.user.plan'] === 'beta',
      ),
    ).toBe(true);
    for (const s of lost.slice(0, 20)) {
      const children = world.traces.trace(s.traceId).filter((c) => c.parentSpanId === s.spanId);
      expect(children.map((c) => c.name)).toEqual(['SELECT items']);
    }
    // Found items that went to the database (a cache miss) take the whole of the api's own work besides.
    const found = spans(
      world,
      (s) =>
        s.service === 'api' &&
        s.kind === 'server' &&
        s.name === 'GET /v1/items' &&
        s.attributes['http.response.status_code'] === 200 &&
        world.traces.trace(s.traceId).some((c) => c.parentSpanId === s.spanId && c.name === 'SELECT items'),
    );
    expect(median(lost.map((s) => s.durationMs))).toBeLessThan(median(found.map((s) => s.durationMs)) - 10);
  });
});

/** The fault world with verdicts, played with the steps given, judged to 01:30. */
function played(faultYaml: string, mitigations: string, steps: readonly [string, string][]) {
  const scenario = loadedScenario(
    faultWorldText(faultYaml, `mitigations:\n${mitigations}`),
    'fault-world.yaml',
  );
  const { effects } = playAndJudge(
    scenario,
    scenario.seed,
    steps.map(([mitigation, time]) => ({ mitigation, atMs: at(time) })),
    at('01:30'),
  );
  return effects;
}

const VERDICTS = '  "revert:change": {}\n  "restore:db": { cost: 5m }';

describe('damage that stays', () => {
  it('stopping the job stops the deletions and brings nothing back', () => {
    const [stop] = played(fault(), VERDICTS, [['revert:change', '00:25']]);
    expect(stop!.outcome).not.toBe('cleared');
    expect(stop!.after.affected).toBeGreaterThan(20);
    expect(stop!.damage).toMatch(
      /^the deletions stopped at 00:27, but the \d+ item rows already deleted stay gone until a restore$/,
    );
  });

  it.each([
    { restorable: 1, outcome: 'cleared', back: '100% of the deleted item rows are back', left: [0, 0.02] },
    {
      restorable: 0.6,
      outcome: 'relieved',
      back: '60% of the deleted item rows are back, the rest was deleted after the latest backup',
      left: [0.25, 0.55],
    },
  ])('a restore takes its time and brings back what the backup holds: $restorable', (c) => {
    const effects = played(fault(`, restorable: ${c.restorable}`), VERDICTS, [
      ['revert:change', '00:25'],
      ['restore:db', '00:28'],
    ]);
    const restore = effects[1]!;
    expect(restore.doneMs).toBe(at('00:33'));
    expect(restore.outcome).toBe(c.outcome);
    expect(restore.damage).toBe(`restore finished at 00:33: ${c.back}`);
    const share = restore.after.affected / restore.without.affected;
    expect(share).toBeGreaterThanOrEqual(c.left[0]!);
    expect(share).toBeLessThanOrEqual(c.left[1]!);
  });

  it('a restore while the job still runs says more went missing after it', () => {
    const [restore] = played(fault(), VERDICTS, [['restore:db', '00:20']]);
    expect(restore!.damage).toBe(
      'restore finished at 00:25: 100% of the deleted item rows are back; the job was still deleting, so more went missing after it',
    );
  });

  it('a restart of the service the job runs in kills it, as a revert of its change does', () => {
    const [restart] = played(fault(), VERDICTS, [['restart:api', '00:25']]);
    expect(restart!.damage).toMatch(/^the deletions stopped at 00:25, but the \d+ item rows/);
  });
});

describe('a data loss or a restore that cannot be', () => {
  const problems = (faultYaml: string, extra: string) =>
    loadScenario(faultWorldText(faultYaml, extra), 'fault-world.yaml').diagnostics.map((d) => ({
      path: d.path,
      message: d.message,
    }));

  it.each([
    {
      name: 'a restore of a database that lost nothing',
      fault: '{ id: f, kind: bad-deploy, service: api, trigger: change }',
      extra: 'mitigations:\n  "restore:db": {}',
      path: 'mitigations.restore:db',
      message:
        'db lost no data: the scenario has no data-loss fault, so restoring it changes nothing; weigh another action',
    },
    {
      name: 'a restore longer than the window',
      fault: fault(),
      extra: 'mitigations:\n  "restore:db": { right: true, cost: 1h }',
      path: 'mitigations.restore:db.cost',
      message:
        'a restore of 1h is longer than the 40m window: no play would see it finish; set its cost to 40m or less, or lengthen the window',
    },
    {
      name: 'a data loss where no database keeps the data',
      fault: '{ id: f, kind: data-loss, service: web, trigger: change }',
      extra: '',
      path: 'faults[0].service',
      message:
        'data-loss needs "web" to keep its data in a database: a service of kind database, or one with an edge to one (api, db, worker do)',
    },
    {
      name: 'a share restorable on another kind',
      fault: '{ id: f, kind: bad-deploy, service: api, trigger: change, restorable: 0.5 }',
      extra: '',
      path: 'faults[0].restorable',
      message: 'only a data-loss fault deletes data a restore could bring back; remove `restorable`',
    },
  ])('$name is refused where it is written', (c) => {
    expect(problems(c.fault, c.extra)).toContainEqual({ path: c.path, message: c.message });
  });
});

/**
 * A site host on a templated route in front of its database; a purge job deletes the free plan's sites
 * from minute five, at severity 0.6 (about sixteen minutes for the whole slice).
 */
function sitesWorld(): World {
  const text = `
id: purge
title: Purge
difficulty: standard
summary: A purge job deletes one plan's sites.
seed: 11
window: { start: 2026-03-01T00:00:00Z, end: 2026-03-01T00:30:00Z }
system:
  domain: sitely.example
  services:
    - id: edge
      kind: frontend
      endpoints: [{ route: "GET /s/{site}", rate: 25, latency: 2ms, calls: [{ service: sites, route: "GET /v1/sites/{host}" }] }]
    - id: sites
      kind: api
      logFormat: json
      endpoints: [{ route: "GET /v1/sites/{host}", latency: 5ms, calls: [{ service: sites-db, route: "SELECT sites" }] }]
    - id: sites-db
      kind: database
      endpoints: [{ route: "SELECT sites", latency: 2ms }]
  edges:
    - { from: edge, to: sites, timeout: 2s }
    - { from: sites, to: sites-db, timeout: 2s }
traffic:
  segments:
    - { id: pro, share: 0.5, attrs: { plan: pro } }
    - { id: free, share: 0.5, attrs: { plan: free } }
faults:
  - { id: purge, kind: data-loss, service: sites, route: "GET /v1/sites/{host}", segment: free, from: 2026-03-01T00:05:00Z, severity: 0.6 }
briefing:
  page: { title: Test, at: 2026-03-01T00:25:00Z, body: Test. }
solution:
  rootCause: { component: sites, fault: data-loss }
  explanation: Test.
  clues: [{ id: c, description: Test., log: { service: sites, contains: "deleted site" } }]
`;
  const scenario = loadedScenario(text, 'purge.yaml');
  return simulate(scenario);
}

describe('the rows a data loss deletes', () => {
  const world = sitesWorld();
  const lines = (contains: string) =>
    searchLogs(world, { service: 'sites', contains, limit: 1_000_000 }).lines.map((l) => ({
      t: l.tsMs,
      line: l.line,
    }));
  const hostOf = (line: string) => /\/v1\/sites\/([a-z0-9.]+)"/.exec(line)?.[1];
  // When the job's line names each host it deleted.
  const deletedAt = new Map<string, number>();
  for (const { t, line } of lines('] deleted site id=')) {
    const host = / host=(\S+) plan=free: ok/.exec(line)?.[1];
    if (host && !deletedAt.has(host)) deletedAt.set(host, t);
  }
  const requests = lines('"path":"/v1/sites/').map(({ t, line }) => ({
    t,
    host: hostOf(line)!,
    status: Number(/"status":(\d+)/.exec(line)?.[1]),
    plan: /"plan":"(\w+)"/.exec(line)?.[1],
  }));

  it("are the ones requests ask for: each 404's host is named by the job's line, logged before it", () => {
    const notFound = requests.filter((r) => r.status === 404);
    expect(notFound.length).toBeGreaterThan(200);
    expect(new Set(notFound.map((r) => r.plan))).toEqual(new Set(['free']));
    for (const r of notFound) expect(deletedAt.get(r.host)).toBeLessThanOrEqual(r.t);
    // The job names many rows nobody asks for, too: most of a table is never looked up in half an hour.
    const asked = new Set(requests.map((r) => r.host));
    expect(deletedAt.size).toBeGreaterThan(5 * new Set(notFound.map((r) => r.host)).size);
    expect([...deletedAt.keys()].filter((h) => asked.has(h)).length).toBeGreaterThan(20);
  });

  it('answers not found for a deleted row on every lookup after its deletion, and found before', () => {
    // A request line is logged when the request ends: one that began before the deletion may end after it.
    const settled = requests.filter(
      (r) => !(r.t >= deletedAt.get(r.host)! && r.t < deletedAt.get(r.host)! + 100),
    );
    expect(settled.length).toBeGreaterThan(requests.length * 0.99);
    for (const r of settled) {
      const gone = deletedAt.get(r.host);
      expect([r.host, r.status]).toEqual([r.host, gone !== undefined && r.t >= gone ? 404 : 200]);
    }
  });
});
