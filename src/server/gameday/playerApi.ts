import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { playerView } from '../../engine/scenario/playerView.ts';
import { memberIdOf } from '../../protocol/memberKey.ts';
import type { Handler } from '../httpServer.ts';
import { sendJson } from '../httpServer.ts';
import type { RoomRuntime } from './roomRuntime.ts';
import type { RoomRecord } from './rooms.ts';
import { currentRound, findByCode, variantOf } from './rooms.ts';
import { clampRequest } from './teamWorlds.ts';

/** The largest request body a player's page sends (a tool request): a LogQL query is far smaller. */
const MAX_BODY_BYTES = 64 * 1024;
/** Bounds on what one request may ask for, so one call cannot make the server build an answer of any size. */
const MAX_QUERY = 4000;
const MAX_LINES = 5000;
const MAX_ROWS_PER_PAGE = 2000;
const MAX_BUCKETS = 1000;

const time = z.number().finite();
const range = { startMs: time.optional(), endMs: time.optional() };
const query = z.string().max(MAX_QUERY);
const lines = z.number().int().min(1).max(MAX_LINES);

/** A tool request as the remote host sends it (unknown fields are dropped, never passed on). */
const ToolRequestSchema = z.discriminatedUnion('tool', [
  z.object({ tool: z.literal('logs'), query, limit: lines.optional(), ...range }),
  z.object({ tool: z.literal('metrics'), query, stepMs: z.number().int().min(1000).optional(), ...range }),
  z.object({
    tool: z.literal('changes'),
    query: query.optional(),
    service: z.string().max(64).optional(),
    ...range,
  }),
  z.object({ tool: z.literal('inbox'), ...range }),
  z.object({ tool: z.literal('traces'), query, limit: lines.optional(), ...range }),
  z.object({ tool: z.literal('code'), query, ...range }),
]);

const LogExploreSchema = z.object({
  query,
  startMs: time,
  endMs: time,
  limit: lines,
  buckets: z.number().int().min(1).max(MAX_BUCKETS),
});

const LogSearchSchema = z.object({
  service: z.string().max(64).optional(),
  contains: z.string().max(MAX_QUERY),
  limit: lines.optional(),
  ...range,
});

const path = z.string().max(500);
const commit = z.string().max(100);
const CodeBrowseSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tree'), endMs: time }),
  z.object({ kind: z.literal('history'), path: path.optional(), endMs: time }),
  z.object({ kind: z.literal('blame'), path, commit, endMs: time }),
  z.object({ kind: z.literal('commit'), commit, endMs: time }),
]);

const row = z.number().int().min(0).max(10_000_000);

/**
 * The only methods of a team's world a player may call, with their arguments: the read-only tools, and
 * `open`, which answers what the player may see of the round's world. Nothing that reveals the hidden
 * truth (`reveal`, `hintText`), changes the world (`mitigate`, `addChanges`, `openText`) or lists other
 * scenarios (`catalog`) is here, so no request reaches them.
 */
const METHODS = {
  open: z.tuple([]).rest(z.unknown()),
  exploreLogs: z.tuple([LogExploreSchema]),
  logRows: z.tuple([row, row]).refine(([from, to]) => to >= from && to - from <= MAX_ROWS_PER_PAGE, {
    message: `rows must run forwards, at most ${MAX_ROWS_PER_PAGE} at once`,
  }),
  logLabels: z.tuple([]),
  metricIndex: z.tuple([]),
  runTool: z.tuple([ToolRequestSchema]),
  runToolRecorded: z.tuple([ToolRequestSchema]),
  searchLogs: z.tuple([LogSearchSchema]),
  browseCode: z.tuple([CodeBrowseSchema]),
  mapAt: z.tuple([time]),
  alertFirings: z.tuple([time]),
  channelAt: z.tuple([time]),
  pressureAt: z.tuple([time]),
} as const;

/** A method a player's page may call on its team's world. */
export type WorldMethod = keyof typeof METHODS;

/** The names of the methods a player may call, for the page's remote host. */
export const WORLD_METHODS = Object.keys(METHODS) as WorldMethod[];

const WorldCallSchema = z.object({
  /**
   * The asking member's key, which only their page holds (the board lists the id it stands for): each
   * member pages through their own log query.
   */
  member: z.string().max(128),
  /** The round whose world is asked; the current one by default. */
  round: z.number().int().positive().optional(),
  method: z.string().max(64),
  args: z.array(z.unknown()).max(4).default([]),
});

/** Why a request fails, as JSON: the page shows the message. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Refusal(413, `a request is at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Refusal(400, 'the request is not JSON');
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

/** The player of a join code and the round they ask about, or a refusal. */
function playerOf(rooms: readonly RoomRecord[], code: string, round: number | undefined) {
  const found = findByCode(rooms, code);
  if (!found) throw new Refusal(404, 'no game day room has this code: check it with your facilitator');
  const { room, bearer } = found;
  if (bearer.role !== 'player' || !bearer.team)
    throw new Refusal(403, "only a team's players query its world");
  const asked = round ?? currentRound(room);
  if (asked > currentRound(room)) throw new Refusal(404, `this room has no round ${asked} yet`);
  return { room, team: bearer.team, round: asked };
}

/** Runs one whitelisted method on the team's world, every time bounded by the round's clock. */
async function call(
  runtime: RoomRuntime,
  teamId: string,
  member: string,
  method: WorldMethod,
  args: unknown,
) {
  const nowMs = runtime.nowMs();
  const before = (t: number) => Math.min(t, nowMs);
  const worlds = runtime.worlds;
  const world = await worlds.world(teamId);
  const host = world.host;
  switch (method) {
    case 'open':
      // What a player may see of the round's scenario, whatever the page asked to open. A game day's
      // hints are the facilitator's to send, so the scenario's own are not on offer.
      return {
        ok: true,
        scenario: { ...playerView(runtime.scenario), hints: [] },
        logLines: world.opened.logLines,
        instances: world.opened.instances,
        ...(world.opened.tools ? { tools: world.opened.tools } : {}),
      };
    case 'exploreLogs': {
      const [request] = METHODS.exploreLogs.parse(args);
      const endMs = before(request.endMs);
      return worlds.exploreLogs(teamId, member, {
        ...request,
        endMs,
        startMs: Math.min(request.startMs, endMs),
      });
    }
    case 'logRows': {
      const [from, to] = METHODS.logRows.parse(args);
      return worlds.logRows(teamId, member, from, to);
    }
    case 'logLabels':
      return host.logLabels();
    case 'metricIndex':
      return host.metricIndex();
    case 'runTool':
      return host.runTool(clampRequest(METHODS.runTool.parse(args)[0], nowMs));
    case 'runToolRecorded':
      return worlds.runToolRecorded(teamId, clampRequest(METHODS.runToolRecorded.parse(args)[0], nowMs));
    case 'searchLogs': {
      const [search] = METHODS.searchLogs.parse(args);
      return host.searchLogs({ ...search, endMs: before(search.endMs ?? nowMs) });
    }
    case 'browseCode': {
      const [request] = METHODS.browseCode.parse(args);
      return host.browseCode({ ...request, endMs: before(request.endMs) });
    }
    case 'mapAt':
      return (await host.mapAt(before(METHODS.mapAt.parse(args)[0]))) ?? null;
    case 'alertFirings':
      return host.alertFirings(before(METHODS.alertFirings.parse(args)[0]));
    case 'channelAt':
      // What the channel's messages wait on is what the team did: the board says, not the page.
      return host.channelAt(before(METHODS.channelAt.parse(args)[0]), runtime.teamActions(teamId));
    case 'pressureAt':
      return host.pressureAt(before(METHODS.pressureAt.parse(args)[0])) ?? null;
  }
}

/** Finds a room's runtime of a round. */
export type RuntimeOf = (room: RoomRecord, round: number) => RoomRuntime | undefined;

/**
 * What a player's page asks the server, which holds the round's world and its hidden truth:
 * `POST /gameday/api/world/<code>` with `{ member, method, args }` runs a read-only tool on the team's
 * world and answers `{ result }`, and `GET /gameday/api/debrief/<code>` answers the team's verified steps,
 * their score and the whole scenario once the facilitator has ended the round (409 until then), as
 * `GET /gameday/api/replay/<code>` answers the incident played back on the team's world for the debrief's
 * map (`{ round, replay }`, 409 until then too).
 */
export function playerApi(
  rooms: readonly RoomRecord[],
  runtimeOf: RuntimeOf,
  log: (line: string) => void,
): Handler {
  return async (req, res, url) => {
    const world = /^\/gameday\/api\/world\/([^/]+)$/.exec(url.pathname);
    const after = /^\/gameday\/api\/(debrief|replay)\/([^/]+)$/.exec(url.pathname);
    if (!world && !after) return false;
    try {
      if (world) {
        if (req.method !== 'POST') throw new Refusal(405, 'ask the world with POST');
        const parsed = WorldCallSchema.safeParse(await readBody(req));
        if (!parsed.success) throw new Refusal(400, `not a world request: ${firstIssue(parsed.error)}`);
        const { method } = parsed.data;
        const member = memberIdOf(parsed.data.member);
        if (!member) throw new Refusal(400, 'not a world request: member: not a member key');
        if (!Object.hasOwn(METHODS, method))
          throw new Refusal(400, `"${method}" is not something a player may ask the world`);
        const args = METHODS[method as WorldMethod].safeParse(parsed.data.args);
        if (!args.success) throw new Refusal(400, `bad arguments to ${method}: ${firstIssue(args.error)}`);
        const { room, team, round } = playerOf(rooms, decodeURIComponent(world[1]!), parsed.data.round);
        const runtime = runtimeOf(room, round);
        if (!runtime) throw new Refusal(404, `this room has no round ${round}`);
        if (!(await runtime.hasMember(team.id, member)))
          throw new Refusal(403, 'join the team (pick a name and role) before asking its world');
        const result = await call(runtime, team.id, member, method as WorldMethod, args.data);
        sendJson(res, 200, { result });
        return true;
      }
      const [, what, code] = after!;
      if (req.method !== 'GET') throw new Refusal(405, `ask for the ${what} with GET`);
      const roundParam = url.searchParams.get('round');
      const asked = roundParam === null ? undefined : Number(roundParam);
      if (asked !== undefined && !(Number.isInteger(asked) && asked > 0))
        throw new Refusal(400, 'the round is a whole number from 1');
      const { room, team, round } = playerOf(rooms, decodeURIComponent(code!), asked);
      const runtime = runtimeOf(room, round);
      if (!runtime) throw new Refusal(404, `this room has no round ${round}`);
      if (what === 'replay') {
        // The same moment as the debrief: the replay draws what the team was to find.
        if (!runtime.ended()) throw new Refusal(409, 'the replay opens when the facilitator ends the round');
        sendJson(res, 200, { round, replay: (await runtime.replay(team.id)) ?? null });
        return true;
      }
      const answer = await runtime.debrief(team.id);
      if (!answer) throw new Refusal(409, 'the debrief opens when the facilitator ends the round');
      sendJson(res, 200, {
        round,
        variant: variantOf(room, round),
        team: { id: team.id, name: team.name },
        scenario: runtime.scenario,
        actions: answer.actions,
        report: answer.report,
      });
      return true;
    } catch (err) {
      if (err instanceof Refusal) {
        sendJson(res, err.status, { error: err.message });
        return true;
      }
      if (err instanceof z.ZodError) {
        sendJson(res, 400, { error: firstIssue(err) });
        return true;
      }
      log(`${req.method} ${url.pathname}: ${(err as Error).stack ?? String(err)}`);
      sendJson(res, 500, { error: 'the server could not answer this request' });
      return true;
    }
  };
}
