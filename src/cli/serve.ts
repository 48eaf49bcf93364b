import { createHttpServer, listen } from '../server/httpServer.ts';
import { loadWorld, ScenarioFileError } from '../server/loadWorld.ts';
import { queryApiHandler, rootLocator } from '../server/queryRoutes.ts';
import { sourceOfWorld } from '../server/querySource.ts';
import { shiftToNow } from '../server/timeShift.ts';
import type { Output } from './output.ts';
import { EXIT, UsageError } from './output.ts';

export const SERVE_HELP = `Usage:
  twoam serve <scenario.yaml> [--host 127.0.0.1] [--port 9090] [--seed N] [--at-original-time]

Serves a scenario's simulated world over the Prometheus HTTP API (/api/v1/query, query_range, labels,
label/<name>/values, series, metadata) and the Loki HTTP API (/loki/api/v1/query, query_range, labels,
label/<name>/values), so you can add it as a Prometheus and a Loki data source in your own Grafana
(URL: the address printed at start) and investigate with the tools you use at work.

The world is served on a clock shifted so the scenario's window ends now (to the minute, when the server
starts): Grafana's default "last hours" and promtool without --time see the incident, and requests without
a time are answered at the window's end. --at-original-time serves the scenario's own dates instead.
Stop with Ctrl-C. Exit status: 0 stopped, 1 the scenario has problems or the port is taken, 2 usage error.`;

/** The options this command reads. */
export interface ServeOptions {
  readonly host?: string;
  readonly port?: string;
  readonly seed?: string;
  readonly 'at-original-time'?: boolean;
}

/** Parses `--port`: an integer from 0 (any free port) to 65535. */
export function parsePort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new UsageError(`--port "${text}" is not a port number`);
  return port;
}

/** Resolves once the process is asked to stop (Ctrl-C or a service manager's SIGTERM). */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function windowText(startMs: number, endMs: number): string {
  return `${new Date(startMs).toISOString()} to ${new Date(endMs).toISOString()}`;
}

/** The banner line that says which clock the APIs answer on. */
export function clockLine(startMs: number, endMs: number, offsetMs: number): string {
  if (offsetMs === 0) return "Times are the scenario's own (--at-original-time).";
  return (
    `Times are shifted so the window ends now: served as ${windowText(startMs + offsetMs, endMs + offsetMs)} ` +
    "(--at-original-time keeps the scenario's dates)."
  );
}

/** Runs `twoam serve` until stopped; returns the exit code. */
export async function serveCommand(
  positionals: readonly string[],
  o: ServeOptions,
  output: Output,
): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('name one scenario file');
  const port = parsePort(o.port, 9090);
  const seed = o.seed === undefined ? undefined : Number(o.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError(`--seed "${o.seed}" is not an integer`);
  let world: Awaited<ReturnType<typeof loadWorld>>;
  try {
    world = await loadWorld(positionals[0]!, seed);
  } catch (err) {
    if (!(err instanceof ScenarioFileError)) throw err;
    output.err(err.message);
    return EXIT.problems;
  }
  // The wall clock is read here, at the edge: the world itself knows only the scenario's dates.
  const offsetMs = o['at-original-time'] ? 0 : shiftToNow(world.endMs, Date.now());
  const source = sourceOfWorld(world, offsetMs);
  const server = createHttpServer([queryApiHandler(rootLocator(source))], output.err);
  let running: Awaited<ReturnType<typeof listen>>;
  try {
    running = await listen(server, o.host ?? '127.0.0.1', port);
  } catch (err) {
    output.err(`twoam serve: cannot listen on ${o.host ?? '127.0.0.1'}:${port}: ${(err as Error).message}`);
    return EXIT.problems;
  }
  output.out(
    `Serving "${world.scenario.title}" (seed ${world.seed}), ${windowText(world.startMs, world.endMs)}`,
  );
  output.out(`  ${clockLine(world.startMs, world.endMs, offsetMs)}`);
  output.out(`  Prometheus data source URL: ${running.url}`);
  output.out(`  Loki data source URL:       ${running.url}`);
  if (!source.metrics)
    output.out("  (this world has no metrics yet: Prometheus queries answer 'unavailable')");
  output.out('Press Ctrl-C to stop.');
  await untilStopped();
  await running.close();
  return EXIT.ok;
}
