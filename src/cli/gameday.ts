import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startGameday } from '../server/gameday/gamedayServer.ts';
import type { RoomRecord } from '../server/gameday/rooms.ts';
import { currentRound, variantOf } from '../server/gameday/rooms.ts';
import { ScenarioFileError } from '../server/loadWorld.ts';
import { hasBuild } from '../server/staticFiles.ts';
import type { Output } from './output.ts';
import { EXIT, UsageError } from './output.ts';
import { clockLine, parsePort, untilStopped } from './serve.ts';

export const GAMEDAY_HELP = `Usage:
  twoam gameday [scenario.yaml...] [--teams N] [--variant N] [--host 127.0.0.1] [--port 8080] [--data DIR]
                [--at-original-time]

Runs a team game day: one server for the game, the rooms and each room's world. Prints, per room, a
facilitator link (keep it: it carries the secret token), one join link per team, an observer link, and
the Prometheus/Loki data source URL for teams that want their own Grafana.

Each scenario gets a room (the built-in scenarios when none is named). One team plays co-op; --teams 2
or more compete on the same world and variant with a live leaderboard. A new room's first round plays
--variant N (0, the scenario as written, by default; N also seeds the world, and --seed N is read as
--variant N); each round the facilitator starts after it plays a variant of their choice, a fresh one
by default, so a second round cannot be played from memory. Rooms and boards are kept in --data
(default .twoam-rooms/): start the same command again after a restart and every round resumes where it
was, with the same links. Serve the game with it by running \`npm run build\` first.

Each room's data source answers on a clock shifted so the round's window ends when its world is made
(the server starts or the round begins), so Grafana's default range sees it; --at-original-time keeps
the scenario's dates.

Stop with Ctrl-C. Exit status: 0 stopped, 1 a scenario has problems or the port is taken, 2 usage error.`;

/** The options this command reads. */
export interface GamedayCliOptions {
  readonly host?: string;
  readonly port?: string;
  readonly data?: string;
  readonly teams?: string;
  readonly variant?: string;
  /** The older spelling of `variant`: a room's seed picks its variant. */
  readonly seed?: string;
  readonly 'at-original-time'?: boolean;
}

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < min || n > max)
    throw new UsageError(`--${name} "${text}" is not a whole number from ${min} to ${max}`);
  return n;
}

/** The links a facilitator hands out for a room. */
export function roomLinks(base: string, room: RoomRecord): string[] {
  return [
    `Room ${room.id}: "${room.title}" (${room.mode === 'coop' ? 'co-op' : `competitive, ${room.teams.length} teams`}, round ${currentRound(room)}, variant ${variantOf(room)})`,
    `  Facilitator (keep secret): ${base}/?gameday=facilitate&room=${room.id}#token=${room.facilitatorToken}`,
    ...room.teams.map((t) => `  Join ${t.name.padEnd(12)} code ${t.code}: ${base}/?join=${t.code}`),
    `  Observers                 code ${room.observerCode}: ${base}/?join=${room.observerCode}`,
    `  Grafana data source (Prometheus and Loki): ${base}/rooms/${room.observerCode}`,
  ];
}

/** Runs `twoam gameday` until stopped; returns the exit code. */
export async function gamedayCommand(
  positionals: readonly string[],
  o: GamedayCliOptions,
  output: Output,
): Promise<number> {
  const port = parsePort(o.port, 8080);
  const teams = integer('teams', o.teams, 1, 50) ?? 1;
  if (o.variant !== undefined && o.seed !== undefined && o.variant !== o.seed)
    throw new UsageError('--seed is the older spelling of --variant: give one of them');
  const variant = integer('variant', o.variant, 0, 2 ** 31 - 1) ?? integer('seed', o.seed, 0, 2 ** 31 - 1);
  const scenarioFiles =
    positionals.length > 0
      ? positionals
      : readdirSync('scenarios')
          .filter((f) => f.endsWith('.yaml'))
          .sort()
          .map((f) => join('scenarios', f));
  const distDir = join(process.cwd(), 'dist');
  if (!hasBuild(distDir))
    output.err(
      `twoam gameday: ${distDir} has no build of the game: run \`npm run build\` so players can open the links.`,
    );
  let gameday: Awaited<ReturnType<typeof startGameday>>;
  try {
    gameday = await startGameday({
      host: o.host ?? '127.0.0.1',
      port,
      dataDir: o.data ?? '.twoam-rooms',
      scenarioFiles,
      teams,
      ...(variant === undefined ? {} : { variant }),
      distDir,
      atOriginalTime: o['at-original-time'] === true,
      log: (line) => output.err(`${new Date().toISOString()} ${line}`),
    });
  } catch (err) {
    if (err instanceof ScenarioFileError) {
      output.err(err.message);
      return EXIT.problems;
    }
    if (
      (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ||
      (err as NodeJS.ErrnoException).code === 'EACCES'
    ) {
      output.err(
        `twoam gameday: cannot listen on ${o.host ?? '127.0.0.1'}:${port}: ${(err as Error).message}`,
      );
      return EXIT.problems;
    }
    throw err;
  }
  output.out(`2AM game day at ${gameday.url}`);
  for (const room of gameday.rooms) {
    output.out('');
    for (const line of roomLinks(gameday.url, room)) output.out(line);
    const served = gameday.servedWindow(room.id);
    output.out(`    ${clockLine(served.startMs, served.endMs, served.offsetMs)}`);
    if (!gameday.created.includes(room)) output.out('  (resumed from the saved round)');
  }
  output.out('\nPress Ctrl-C to stop; the rounds are kept and resume on the next start.');
  await untilStopped();
  await gameday.close();
  return EXIT.ok;
}
