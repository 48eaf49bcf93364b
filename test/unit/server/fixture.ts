import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { QueryValue } from '../../../src/engine/query/types.ts';
import type { Labels } from '../../../src/engine/world/labels.ts';
import { LogStore } from '../../../src/engine/world/logStore.ts';
import type { RunningServer } from '../../../src/server/httpServer.ts';
import { createHttpServer, listen } from '../../../src/server/httpServer.ts';
import type { BudgetPerRequest } from '../../../src/server/queryDeadline.ts';
import { queryApiHandler, rootLocator } from '../../../src/server/queryRoutes.ts';
import type { QuerySource } from '../../../src/server/querySource.ts';
import { buildFixture, FIXTURE_END_MS, FIXTURE_START_MS } from '../../parity/fixture.ts';

const run = promisify(execFile);
const PROMTOOL = '/usr/bin/promtool';

/** Start of the fixture window, 2026-10-25T00:00:00Z, in ms. */
export const T0 = FIXTURE_START_MS;

/**
 * Logs of three streams, one line a minute for three hours; billing logs an error every tenth minute,
 * so filters and counts have exact answers.
 */
export function buildLogs(): LogStore {
  const logs = new LogStore();
  const streams: Labels[] = [
    { service: 'api', instance: 'api-1', env: 'prod' },
    { service: 'billing', instance: 'billing-0', env: 'prod' },
    { service: 'web', instance: 'web-1', env: 'prod', region: 'eu' },
  ];
  for (let minute = 0; minute < 180; minute++) {
    streams.forEach((labels, i) => {
      const ms = T0 + minute * 60_000 + i * 1000;
      const error = labels.service === 'billing' && minute % 10 === 0;
      logs.append(
        labels,
        ms,
        `level=${error ? 'error' : 'info'} msg="${error ? 'renewal failed' : 'request completed'}" minute=${minute}`,
      );
    });
  }
  logs.seal();
  return logs;
}

/** The fixture world: the parity suite's metrics and {@link buildLogs}' logs over the same three hours. */
export function fixtureSource(withMetrics = true): QuerySource {
  return {
    logs: buildLogs(),
    metrics: withMetrics ? buildFixture() : undefined,
    startMs: FIXTURE_START_MS,
    endMs: FIXTURE_END_MS,
  };
}

/** Starts a server answering for `source` at its root, on a free port (under `budget` if given). */
export function startQueryServer(source: QuerySource, budget?: BudgetPerRequest): Promise<RunningServer> {
  const server = createHttpServer([queryApiHandler(rootLocator(source), budget)], (line) => {
    throw new Error(`the server logged a failure: ${line}`);
  });
  return listen(server, '127.0.0.1', 0);
}

/** Runs Debian's promtool; fails loudly when it is not installed, as CI installs `prometheus`. */
export async function promtool(...args: string[]): Promise<string> {
  if (!existsSync(PROMTOOL))
    throw new Error(`${PROMTOOL} is missing: run \`apt-get install -y prometheus\` (Debian's package)`);
  const { stdout } = await run(PROMTOOL, args, { encoding: 'utf8' });
  return stdout;
}

/** A float as Go's `strconv.FormatFloat(v, 'f', -1, 64)` writes it: shortest digits, never an exponent. */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const text = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const digits = m[2]! + (m[3] ?? '');
  const exp = Number(m[4]);
  if (exp < 0) return `${m[1]}0.${'0'.repeat(-exp - 1)}${digits}`;
  return m[1] + digits.padEnd(exp + 1, '0');
}

function metricText(labels: Labels): string {
  const { __name__: name, ...rest } = labels;
  const pairs = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`);
  return `${name ?? ''}{${pairs.join(', ')}}`;
}

/** A query value as promtool prints it (`model.Value.String()`), for comparing with promtool's output. */
export function promtoolText(value: QueryValue): string {
  switch (value.resultType) {
    case 'vector':
      return value.result
        .map((e) => `${metricText(e.labels)} => ${goFloat(e.v)} @[${e.t / 1000}]`)
        .join('\n');
    case 'matrix':
      return value.result
        .map(
          (s) =>
            `${metricText(s.labels)} =>\n${s.samples.map((p) => `${goFloat(p.v)} @[${p.t / 1000}]`).join('\n')}`,
        )
        .join('\n');
    case 'scalar':
      return `scalar: ${goFloat(value.result.v)} @[${value.result.t / 1000}]`;
    default:
      throw new Error(`promtool does not print ${value.resultType}`);
  }
}

/** GETs (or POSTs as a form) a path and returns the status and parsed JSON body. */
export async function request(
  server: RunningServer,
  path: string,
  form?: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(
    `${server.url}${path}`,
    form
      ? {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        }
      : {},
  );
  return { status: res.status, body: await res.json() };
}
