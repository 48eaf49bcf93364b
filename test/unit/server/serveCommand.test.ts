import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { RunningServer } from '../../../src/server/httpServer.ts';
import { sourceOfWorld } from '../../../src/server/querySource.ts';
import { builtinScenario, loadedScenario } from '../helpers.ts';
import { promtool, request, startQueryServer } from './fixture.ts';

function usage(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/twoam.mjs', 'serve', ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr.split('\n')[0] };
}

/** Starts `twoam serve` on a free port; resolves with the process, its URL and what it printed so far. */
async function serve(...args: string[]): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, ['bin/twoam.mjs', 'serve', ...args, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Loki data source URL: +(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`twoam serve exited with ${code}: ${err}`)));
  });
  return { child, url, out: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGINT');
  return exited;
}

describe('twoam serve', () => {
  const cases: { args: string[]; code: number; stderr: string }[] = [
    { args: [], code: 2, stderr: 'twoam serve: name one scenario file' },
    {
      args: ['scenarios/tutorial.yaml', '--port', 'http'],
      code: 2,
      stderr: 'twoam serve: --port "http" is not a port number',
    },
    {
      args: ['scenarios/tutorial.yaml', '--seed', '1.5'],
      code: 2,
      stderr: 'twoam serve: --seed "1.5" is not an integer',
    },
    { args: ['no-such.yaml'], code: 1, stderr: 'no-such.yaml: cannot read: no such file' },
  ];
  it.each(cases)('refuses $args', ({ args, code, stderr }) => {
    expect(usage(...args)).toEqual({ code, stderr });
  });

  it("serves the tutorial's logs until stopped", async () => {
    const { child, url, out } = await serve('scenarios/tutorial.yaml');
    const labels = await fetch(`${url}/loki/api/v1/labels`).then((r) => r.json());
    const world = simulate(builtinScenario('tutorial.yaml'));
    const names = [...new Set(world.logs.streams.flatMap((st) => Object.keys(st.labels)))].sort();
    expect(labels).toEqual({ status: 'success', data: names });
    // promtool asks for its own "now": the window is served as ending then, so it sees the incident.
    const count = await promtool('query', 'instant', url, 'count(up)');
    expect(count).toMatch(/^\{\} => [1-9]\d* @\[[\d.]+\]\n$/);
    const asked = Number(/@\[([\d.]+)\]/.exec(count)![1]) * 1000;
    expect(Math.abs(Date.now() - asked)).toBeLessThan(60 * 60_000);
    expect(await stop(child)).toBe(0);
    expect(out().split('\n')[0]).toMatch(/^Serving "Your first page" \(seed 2026\), 2026-/);
    expect(out().split('\n')[1]).toMatch(
      /^ {2}Times are shifted so the window ends now: served as \S+ to \S+ \(--at-original-time keeps the scenario's dates\)\.$/,
    );
  });
});

/** The shop behind a managed gateway: metrics and logs cross it, and it fails from 02:10 to 02:25. */
const GATEWAY = 'test/fixtures/managed-gateway.yaml';
const T = (hhmm: string) => Date.parse(`2026-03-01T${hhmm}:00Z`);
const METRICS_GAP = 'no data from 02:10 to 02:25 UTC: no scrape was stored then';
const LOGS_LATE = 'log lines from 02:10 to 02:25 UTC arrived up to 5m late';

function promRange(query: string, from: string, to: string, offsetMs = 0): string {
  const qs = new URLSearchParams({
    query,
    start: `${(T(from) + offsetMs) / 1000}`,
    end: `${(T(to) + offsetMs) / 1000}`,
    step: '60',
  });
  return `/api/v1/query_range?${qs}`;
}

function promInstant(query: string, at: string): string {
  return `/api/v1/query?${new URLSearchParams({ query, time: `${T(at) / 1000}` })}`;
}

function lokiRange(query: string, from: string, to: string, step?: string): string {
  const ns = (hhmm: string) => `${BigInt(T(hhmm)) * 1_000_000n}`;
  const qs = new URLSearchParams({ query, start: ns(from), end: ns(to), ...(step ? { step } : {}) });
  return `/loki/api/v1/query_range?${qs}`;
}

function lokiInstant(query: string, at: string): string {
  return `/loki/api/v1/query?${new URLSearchParams({ query, time: `${BigInt(T(at)) * 1_000_000n}` })}`;
}

function loadScenarioFile(file: string): Scenario {
  const scenario = loadedScenario(readFileSync(file, 'utf8'), file);
  return scenario;
}

describe('twoam serve, when a tool depended on a failing component', () => {
  const world = simulate(loadScenarioFile(GATEWAY));
  let original: RunningServer;
  let shifted: RunningServer;
  beforeAll(async () => {
    original = await startQueryServer(sourceOfWorld(world));
    // An hour and a half ahead: the warning's times move with the served clock.
    shifted = await startQueryServer(sourceOfWorld(world, 90 * 60_000));
  });
  afterAll(async () => {
    await Promise.all([original.close(), shifted.close()]);
  });

  const cases: { what: string; path: string; warnings: string[] | undefined }[] = [
    { what: 'a range over the gap', path: promRange('up', '02:00', '02:40'), warnings: [METRICS_GAP] },
    { what: 'a range after it', path: promRange('up', '02:30', '02:40'), warnings: undefined },
    { what: 'a range before it', path: promRange('up', '02:00', '02:10'), warnings: undefined },
    { what: 'an instant inside it', path: promInstant('up', '02:20'), warnings: [METRICS_GAP] },
    { what: 'an instant after it', path: promInstant('up', '02:40'), warnings: undefined },
    {
      what: 'an instant whose range reaches back into it',
      path: promInstant('rate(http_server_requests_total[30m])', '02:40'),
      warnings: [METRICS_GAP],
    },
    {
      what: 'log lines over it',
      path: lokiRange('{service="web"}', '02:00', '02:40'),
      warnings: [LOGS_LATE],
    },
    { what: 'log lines after it', path: lokiRange('{service="web"}', '02:30', '02:40'), warnings: undefined },
    {
      what: 'a log metric over it',
      path: lokiRange('count_over_time({service="api"}[1m])', '02:00', '02:40', '60s'),
      warnings: [LOGS_LATE],
    },
    {
      what: 'a log metric instant reaching back into it',
      path: lokiInstant('count_over_time({service="api"}[20m])', '02:40'),
      warnings: [LOGS_LATE],
    },
  ];
  it.each(cases)('warns of $what only when the range overlaps a gap', async ({ path, warnings }) => {
    const { status, body } = await request(original, path);
    expect(status).toBe(200);
    expect((body as { warnings?: string[] }).warnings).toEqual(warnings);
  });

  it("gives the gap's times on the served clock", async () => {
    const { body } = await request(shifted, promRange('up', '02:00', '02:40', 90 * 60_000));
    expect((body as { warnings?: string[] }).warnings).toEqual([
      'no data from 03:40 to 03:55 UTC: no scrape was stored then',
    ]);
  });

  it('warns from the command as twoam query does', async () => {
    const { child, url } = await serve(GATEWAY, '--at-original-time');
    const body = await fetch(`${url}${promRange('up', '02:00', '02:40')}`).then((r) => r.json());
    expect(await stop(child)).toBe(0);
    expect(body.warnings).toEqual([METRICS_GAP]);
    const query = spawnSync(
      process.execPath,
      ['bin/twoam.mjs', 'query', GATEWAY, '--promql', 'up', '--start', '2026-03-01T02:00:00Z'],
      { encoding: 'utf8' },
    );
    expect(query.stderr).toBe(`warning: ${METRICS_GAP}\n`);
  });
});
