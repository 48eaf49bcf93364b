import type { IncomingMessage } from 'node:http';
import { catalogEntry } from '../../engine/scenario/playerView.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { Handler } from '../httpServer.ts';
import { sendJson } from '../httpServer.ts';
import type { RoomRecord } from './rooms.ts';
import { bearerOf, currentRound, docName, findByCode, freshVariant, variantOf, worldSeed } from './rooms.ts';

/** Where clients open documents: `new WebsocketProvider(origin + WS_PATH, docName, doc, { params: { token } })`. */
export const WS_PATH = '/yjs';

/** What the game day API needs from the server: the current round's scenario, and a way to start a round. */
export interface GamedayHooks {
  /** The scenario as the room's current round plays it (its variant). */
  scenarioOf(roomId: string): Scenario;
  /** Starts the room's next round on `variant`, or on a variant no round of the room played yet. */
  startRound(room: RoomRecord, variant?: number): Promise<void>;
}

/** The largest variant a facilitator may ask for (variants are seeds: any will do, but keep them readable). */
const MAX_VARIANT = 2 ** 31 - 1;

function summary(room: RoomRecord, scenario: Scenario) {
  const variant = variantOf(room);
  return {
    id: room.id,
    title: room.title,
    scenarioId: room.scenarioId,
    seed: worldSeed(scenario.seed, variant),
    variant,
    round: currentRound(room),
    mode: room.mode,
  };
}

/** Reads a small JSON body (a facilitator's request), or undefined when it is not JSON. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 10_000) return undefined;
  }
  try {
    return text.trim() ? JSON.parse(text) : {};
  } catch {
    return undefined;
  }
}

function isFacilitator(req: IncomingMessage, room: RoomRecord | undefined): room is RoomRecord {
  const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  return room !== undefined && bearerOf(room, token)?.role === 'facilitator';
}

const NOT_FACILITATOR = { error: 'this link needs the facilitator token the server printed at start' };

/**
 * The HTTP side of joining: `GET /gameday/api/join/<code>` tells a player which team and documents a
 * join code opens (an observer code opens every board read-only); `GET /gameday/api/facilitator/<room>`
 * with `Authorization: Bearer <token>` gives the facilitator the teams' codes and the hidden truth.
 */
export function gamedayApi(rooms: readonly RoomRecord[], hooks: GamedayHooks): Handler {
  // Rooms whose next round is being started: a second request (a double click) must not start two.
  const starting = new Set<string>();
  return async (req, res, url) => {
    const join = /^\/gameday\/api\/join\/([^/]+)$/.exec(url.pathname);
    if (join && req.method === 'GET') {
      const code = decodeURIComponent(join[1]!);
      const found = findByCode(rooms, code);
      if (!found) {
        sendJson(res, 404, { error: 'no game day room has this code: check it with your facilitator' });
        return true;
      }
      const { room, bearer } = found;
      const team = bearer.team;
      sendJson(res, 200, {
        role: bearer.role,
        room: summary(room, hooks.scenarioOf(room.id)),
        team: team ? { id: team.id, name: team.name } : undefined,
        teams: room.teams.map((t) => ({ id: t.id, name: t.name })),
        ws: WS_PATH,
        docs: {
          public: docName(room, 'public'),
          boards: (team ? [team] : room.teams).map((t) => docName(room, 'team', t)),
        },
        grafana: `/rooms/${code}`,
        // What the library would list of it; the page asks the server's world for anything more.
        scenario: catalogEntry(hooks.scenarioOf(room.id)),
      });
      return true;
    }
    const rounds = /^\/gameday\/api\/facilitator\/([^/]+)\/rounds$/.exec(url.pathname);
    if (rounds && req.method === 'POST') {
      const room = rooms.find((r) => r.id === decodeURIComponent(rounds[1]!));
      if (!isFacilitator(req, room)) {
        sendJson(res, 401, NOT_FACILITATOR);
        return true;
      }
      const body = (await readJson(req)) as { variant?: unknown } | undefined;
      const variant = body?.variant;
      if (
        body === undefined ||
        (variant !== undefined &&
          (!Number.isInteger(variant) || (variant as number) < 0 || (variant as number) > MAX_VARIANT))
      ) {
        sendJson(res, 400, { error: `the variant must be a whole number from 0 to ${MAX_VARIANT}` });
        return true;
      }
      if (starting.has(room.id)) {
        sendJson(res, 409, { error: 'the next round is already starting' });
        return true;
      }
      starting.add(room.id);
      try {
        await hooks.startRound(room, (variant as number | undefined) ?? freshVariant(room));
      } catch (err) {
        sendJson(res, 422, { error: `the round could not start: ${(err as Error).message}` });
        return true;
      } finally {
        starting.delete(room.id);
      }
      sendJson(res, 200, { round: currentRound(room), variant: variantOf(room) });
      return true;
    }
    const facilitate = /^\/gameday\/api\/facilitator\/([^/]+)$/.exec(url.pathname);
    if (facilitate && req.method === 'GET') {
      const room = rooms.find((r) => r.id === decodeURIComponent(facilitate[1]!));
      if (!isFacilitator(req, room)) {
        sendJson(res, 401, NOT_FACILITATOR);
        return true;
      }
      const scenario = hooks.scenarioOf(room.id);
      sendJson(res, 200, {
        role: 'facilitator',
        room: summary(room, scenario),
        // Every variant played so far, round 1 first, and the one a new round plays unless told otherwise.
        rounds: room.rounds.map((r) => r.variant),
        nextVariant: freshVariant(room),
        teams: room.teams,
        observerCode: room.observerCode,
        ws: WS_PATH,
        docs: {
          room: docName(room, 'room'),
          public: docName(room, 'public'),
          boards: room.teams.map((t) => docName(room, 'team', t)),
        },
        solution: scenario.solution,
        scenario,
        grafana: `/rooms/${room.observerCode}`,
      });
      return true;
    }
    return false;
  };
}
