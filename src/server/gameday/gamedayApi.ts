import type { Scenario } from '../../engine/scenario/schema.ts';
import type { Handler } from '../httpServer.ts';
import { sendJson } from '../httpServer.ts';
import type { RoomRecord } from './rooms.ts';
import { bearerOf, docName, findByCode } from './rooms.ts';

/** Where clients open documents: `new WebsocketProvider(origin + WS_PATH, docName, doc, { params: { token } })`. */
export const WS_PATH = '/yjs';

function summary(room: RoomRecord) {
  return { id: room.id, title: room.title, scenarioId: room.scenarioId, seed: room.seed, mode: room.mode };
}

/**
 * The HTTP side of joining: `GET /gameday/api/join/<code>` tells a player which team and documents a
 * join code opens (an observer code opens every board read-only); `GET /gameday/api/facilitator/<room>`
 * with `Authorization: Bearer <token>` gives the facilitator the teams' codes and the hidden truth.
 */
export function gamedayApi(rooms: readonly RoomRecord[], scenarioOf: (roomId: string) => Scenario): Handler {
  return (req, res, url) => {
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
        room: summary(room),
        team: team ? { id: team.id, name: team.name } : undefined,
        teams: room.teams.map((t) => ({ id: t.id, name: t.name })),
        ws: WS_PATH,
        docs: {
          public: docName(room, 'public'),
          boards: (team ? [team] : room.teams).map((t) => docName(room, 'team', t)),
        },
        grafana: `/rooms/${code}`,
      });
      return true;
    }
    const facilitate = /^\/gameday\/api\/facilitator\/([^/]+)$/.exec(url.pathname);
    if (facilitate && req.method === 'GET') {
      const room = rooms.find((r) => r.id === decodeURIComponent(facilitate[1]!));
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!room || bearerOf(room, token)?.role !== 'facilitator') {
        sendJson(res, 401, { error: 'this link needs the facilitator token the server printed at start' });
        return true;
      }
      sendJson(res, 200, {
        role: 'facilitator',
        room: summary(room),
        teams: room.teams,
        observerCode: room.observerCode,
        ws: WS_PATH,
        docs: {
          room: docName(room, 'room'),
          public: docName(room, 'public'),
          boards: room.teams.map((t) => docName(room, 'team', t)),
        },
        solution: scenarioOf(room.id).solution,
        grafana: `/rooms/${room.observerCode}`,
      });
      return true;
    }
    return false;
  };
}
