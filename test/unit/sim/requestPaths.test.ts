import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { simulate, simulateWith } from '../../../src/engine/sim/simulate.ts';
import { localLineWriter } from '../../../src/engine/sim/telemetry/lineWriter.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { loadedScenario } from '../helpers.ts';

/**
 * An nginx edge in front of a JSON, a logfmt and a Logback service, every route but the health check a
 * template, with two plans of users; the projects service fails a tenth of its requests from minute five.
 */
function templatedRoutes(): Scenario {
  const text = `
id: paths
title: Paths
difficulty: standard
summary: Templated routes in every request log format.
seed: 5
window: { start: 2026-03-01T00:00:00Z, end: 2026-03-01T00:10:00Z }
system:
  domain: sitely.example
  services:
    - id: edge
      kind: frontend
      endpoints:
        - { route: "GET /s/{site}", rate: 6, latency: 2ms, calls: [{ service: sites, route: "GET /v1/sites/{host}" }] }
        - { route: "PUT /api/projects/:id", rate: 4, latency: 2ms, calls: [{ service: projects, route: "PUT /projects/:id" }] }
        - { route: "GET /healthz", rate: 1, latency: 1ms }
    - id: sites
      kind: api
      logFormat: json
      endpoints: [{ route: "GET /v1/sites/{host}", latency: 5ms }]
    - id: projects
      kind: api
      logFormat: logfmt
      endpoints: [{ route: "PUT /projects/:id", latency: 5ms, calls: [{ service: files, route: "GET /files/:file" }] }]
    - id: files
      kind: api
      logFormat: logback
      endpoints: [{ route: "GET /files/:file", latency: 5ms }]
  edges:
    - { from: edge, to: sites, timeout: 2s }
    - { from: edge, to: projects, timeout: 2s }
    - { from: projects, to: files, timeout: 2s }
traffic:
  segments:
    - { id: pro, share: 0.5, attrs: { plan: pro } }
    - { id: free, share: 0.5, attrs: { plan: free } }
faults:
  - { id: fail, kind: custom, service: projects, from: 2026-03-01T00:05:00Z, errorRate: 0.1, status: 503, log: { message: "backend refused" } }
briefing:
  page: { title: Test, at: 2026-03-01T00:09:00Z, body: Test. }
solution:
  rootCause: { component: projects, fault: custom }
  explanation: Test.
  clues: [{ id: c, description: Test., log: { service: projects, contains: refused } }]
`;
  const scenario = loadedScenario(text, 'paths.yaml');
  return scenario;
}

/** Every request line of a service (the lines that carry a trace id), oldest first. */
function requestLines(world: World, service: string): string[] {
  return searchLogs(world, { service, contains: 'trace_id', limit: 1_000_000 })
    .lines.map((l) => l.line)
    .reverse();
}

/** Each format's request line, its method and path, and the concrete shape the path must have. */
const FORMATS = [
  {
    service: 'edge',
    format: 'access',
    path: /"(GET|PUT) (\S+) HTTP\/1\.1"/,
    shapes: [/^\/s\/[a-z][a-z0-9]{4,6}$/, /^\/api\/projects\/\d{4,6}$/, /^\/healthz$/],
  },
  {
    service: 'sites',
    format: 'json',
    path: /"method":"(GET)","path":"([^"]+)"/,
    shapes: [/^\/v1\/sites\/[a-z][a-z0-9]{4,6}\.sitely\.example$/],
  },
  {
    service: 'projects',
    format: 'logfmt',
    path: / method=(PUT) path=(\S+) /,
    shapes: [/^\/projects\/\d{4,6}$/],
  },
  {
    service: 'files',
    format: 'logback',
    path: / (GET) (\/files\/\S+) \d{3} \d+ms /,
    shapes: [/^\/files\/[a-z][a-z0-9]{4,6}\.(zip|bin|json)$/],
  },
] as const;

/** The path each request line of a service names, with the line's trace id and plan. */
function pathsOf(
  world: World,
  service: string,
  pattern: RegExp,
): { path: string; trace: string; plan: string }[] {
  return requestLines(world, service).map((line) => {
    const path = pattern.exec(line)?.[2];
    if (path === undefined) throw new Error(`no request path in ${line}`);
    const trace = /trace_id"?[=:]"?([0-9a-f]{32})/.exec(line)?.[1] ?? '';
    const plan = /plan"?[=:]"?(\w+)/.exec(line)?.[1] ?? '';
    return { path, trace, plan };
  });
}

describe('request lines of a templated route', () => {
  const scenario = templatedRoutes();
  const world = simulate(scenario);

  it.each(FORMATS)('name the path a user asked for in $format lines, successes and failures alike', (f) => {
    const lines = requestLines(world, f.service);
    expect(lines.length).toBeGreaterThan(500);
    for (const line of lines) {
      const path = f.path.exec(line)?.[2] ?? '';
      expect(
        f.shapes.some((shape) => shape.test(path)),
        line,
      ).toBe(true);
      // No `{name}` or `:name` segment is left.
      expect(line).not.toMatch(/\/(:[A-Za-z_]|\{)/);
    }
    if (f.service === 'projects')
      expect(lines.filter((l) => l.includes('backend refused')).length).toBeGreaterThan(20);
  });

  it('gives the same paths for the same world, and values that repeat across requests', () => {
    const again = simulate(templatedRoutes());
    for (const f of FORMATS) expect(requestLines(again, f.service)).toEqual(requestLines(world, f.service));
    const sites = pathsOf(world, 'edge', FORMATS[0].path).filter((p) => p.path.startsWith('/s/'));
    const counts = new Map<string, number>();
    for (const p of sites) counts.set(p.path, (counts.get(p.path) ?? 0) + 1);
    const hottest = Math.max(...counts.values());
    // Hot sites are asked for again and again, a long tail now and then.
    expect(hottest).toBeGreaterThanOrEqual(sites.length / 40);
    expect(hottest).toBeLessThan(sites.length / 5);
    expect(counts.size).toBeGreaterThan(100);
    expect(counts.size).toBeLessThan(sites.length / 2);
  });

  it('keeps one value along a request, and each plan’s values its own', () => {
    const edge = new Map(pathsOf(world, 'edge', FORMATS[0].path).map((p) => [p.trace, p]));
    const sites = pathsOf(world, 'sites', FORMATS[1].path);
    const projects = pathsOf(world, 'projects', FORMATS[2].path);
    for (const p of sites) expect(p.path).toBe(`/v1/sites${edge.get(p.trace)!.path.slice(2)}.sitely.example`);
    for (const p of projects) expect(p.path).toBe(edge.get(p.trace)!.path.replace('/api', ''));
    const byPlan = (plan: string) => new Set(sites.filter((p) => p.plan === plan).map((p) => p.path));
    const pro = byPlan('pro');
    expect(pro.size).toBeGreaterThan(50);
    expect([...byPlan('free')].filter((p) => pro.has(p))).toEqual([]);
  });

  it('keeps the route template as the metric label', () => {
    const routes = world.metrics.series
      .filter((s) => s.labels.__name__ === 'http_server_requests_total')
      .map((s) => `${s.labels.service} ${s.labels.route}`);
    expect([...new Set(routes)].sort()).toEqual([
      'edge /api/projects/:id',
      'edge /healthz',
      'edge /s/{site}',
      'files /files/:file',
      'projects /projects/:id',
      'sites /v1/sites/{host}',
    ]);
  });

  it('puts the template in http.route and the path in url.path and url.full', () => {
    const spans = world.traces.spansOf('edge').map((row) => world.traces.span(row));
    const sites = spans.filter((s) => s.kind === 'server' && s.attributes['http.route'] === '/s/{site}');
    expect(sites.length).toBeGreaterThan(10);
    for (const s of sites) {
      expect(s.name).toBe('GET /s/{site}');
      expect(s.attributes['url.path']).toMatch(/^\/s\/[a-z][a-z0-9]{4,6}$/);
      const client = world.traces.trace(s.traceId).find((c) => c.kind === 'client' && c.service === 'edge');
      expect(client?.attributes['url.full']).toBe(
        `http://sites:8080/v1/sites${String(s.attributes['url.path']).slice(2)}.sitely.example`,
      );
    }
    expect(new Set(sites.map((s) => s.attributes['url.path'])).size).toBeGreaterThan(5);
    const health = spans.find((s) => s.attributes['http.route'] === '/healthz');
    expect(health?.attributes['url.path']).toBe('/healthz');
  });

  it('is written the same, byte for byte, by a line writer', async () => {
    const written = await simulateWith(scenario, (s, seed) => localLineWriter(structuredClone(s), seed));
    for (const f of FORMATS) expect(requestLines(written, f.service)).toEqual(requestLines(world, f.service));
  });
});
