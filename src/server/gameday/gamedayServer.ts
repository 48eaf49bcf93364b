import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { docs, getYDoc, setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import type * as Y from 'yjs';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { DOC_SPECS } from '../../protocol/gamedaySchemas.ts';
import { MEMBER_PARAM, memberIdOf } from '../../protocol/memberKey.ts';
import type { ScenarioSource } from '../../worker/worldHost.ts';
import type { Handler, RunningServer } from '../httpServer.ts';
import { createHttpServer, listen, sendText } from '../httpServer.ts';
import { readScenarioFile } from '../loadWorld.ts';
import { queryApiHandler } from '../queryRoutes.ts';
import { staticFiles } from '../staticFiles.ts';
import { shiftToNow } from '../timeShift.ts';
import { gamedayApi } from './gamedayApi.ts';
import { gateConnection } from './messageGate.ts';
import { DocFiles } from './persistence.ts';
import { playerApi } from './playerApi.ts';
import { RoomRuntime } from './roomRuntime.ts';
import type { RoomRecord } from './rooms.ts';
import {
  bearerOf,
  currentRound,
  docName,
  findByCode,
  findDoc,
  freshVariant,
  loadRooms,
  newRoom,
  refuseOpen,
  saveRooms,
  variantOf,
} from './rooms.ts';
import { RoomWorld } from './roomWorld.ts';

/** How to start a game day. */
export interface GamedayOptions {
  readonly host: string;
  readonly port: number;
  /** Where rooms and their documents are kept (`.twoam-rooms/` by default). */
  readonly dataDir: string;
  /** Scenario files; each gets a room, or resumes the room kept for it under `dataDir`. */
  readonly scenarioFiles: readonly string[];
  /** Teams per new room: 1 plays co-op, more compete on the same world. */
  readonly teams: number;
  /** The variant new rooms' first round plays (it also seeds the world); 0, the file as written, by default. */
  readonly variant?: number;
  /** The built game to serve (`dist/`). */
  readonly distDir: string;
  readonly log: (line: string) => void;
  /**
   * Serve each room's world for Grafana on the scenario's own dates; by default its clock is shifted so
   * the round clock's now is the wall clock's (to the minute).
   */
  readonly atOriginalTime?: boolean;
  /** The wall clock, in ms since the epoch (`Date.now` by default). */
  readonly now?: () => number;
}

/** A running game day. */
export interface Gameday {
  readonly url: string;
  readonly port: number;
  readonly rooms: readonly RoomRecord[];
  /** Rooms created by this start (the others were resumed from `dataDir`). */
  readonly created: readonly RoomRecord[];
  /** The window a room's Prometheus and Loki APIs answer for, and how far its clock is shifted. */
  servedWindow(roomId: string): {
    readonly startMs: number;
    readonly endMs: number;
    readonly offsetMs: number;
  };
  /** Stops accepting connections, writes every document and stops the server. */
  close(): Promise<void>;
}

/** Largest WebSocket message accepted: far above any honest board's update. */
const MAX_MESSAGE_BYTES = 4 << 20;

/** A room as the server holds it: a runtime per round, and the current round's scenario and world. */
interface Loaded {
  readonly room: RoomRecord;
  /** One per round, round 1 first. */
  readonly runtimes: RoomRuntime[];
  /** The current round's variant of the scenario, and its world for the query APIs. */
  scenario: Scenario;
  world: RoomWorld;
}

/** A scenario file's text, which the teams' world hosts load as the solo game's worker loads its own. */
async function sourceOf(file: string): Promise<ScenarioSource> {
  return { file, text: await readFile(file, 'utf8') };
}

/**
 * The author preview (`?preview=`) shows a scenario's hidden truth: a game day serves no page that asks
 * for it, whatever else the link carries (the page itself also ignores it beside `?join=`).
 */
const noAuthorTools: Handler = (_req, res, url) => {
  if (!url.searchParams.has('preview')) return false;
  sendText(res, 403, 'The author preview is not available during a game day.');
  return true;
};

/**
 * Starts a game day: one HTTP server on `host:port` that serves the built game, each room's world over
 * the Prometheus and Loki APIs (`/rooms/<code>/…`), the join and facilitator API (`/gameday/api/…`) and
 * the rooms' Yjs documents over WebSocket (`/yjs/<document>?token=…`) with `@y/websocket-server`.
 * Rooms and documents live under `dataDir`, so a restarted server resumes every round where it was.
 */
export async function startGameday(o: GamedayOptions): Promise<Gameday> {
  const now = o.now ?? Date.now;
  const shift = (roundNowMs: number) => (o.atOriginalTime ? 0 : shiftToNow(roundNowMs, now()));
  // A round's world for the APIs, seeded as the players' world hosts seed it so they answer the same, and
  // generated only as far as the room's current round clock.
  const roomWorld = (scenario: Scenario, variant: number, runtimes: readonly RoomRuntime[]) =>
    new RoomWorld(scenario, variant, () => runtimes.at(-1)!.nowMs(), shift);
  const kept = loadRooms(o.dataDir);
  const rooms: RoomRecord[] = [...kept];
  const created: RoomRecord[] = [];
  const loaded = new Map<string, Loaded>();
  for (const file of o.scenarioFiles) {
    const scenario = await readScenarioFile(file);
    const path = resolve(file);
    let room = rooms.find((r) => r.scenarioFile === path && r.scenarioId === scenario.id);
    if (!room) {
      room = newRoom(
        { file: path, id: scenario.id, title: scenario.title, seed: scenario.seed },
        o.teams,
        o.variant ?? 0,
      );
      rooms.push(room);
      created.push(room);
    }
  }
  for (const room of rooms) {
    const runtimes: RoomRuntime[] = [];
    for (const [i, round] of room.rounds.entries()) {
      const scenario = await readScenarioFile(room.scenarioFile, round.variant);
      runtimes.push(new RoomRuntime(room, i + 1, scenario, open, await sourceOf(room.scenarioFile), o.log));
    }
    const scenario = await readScenarioFile(room.scenarioFile, variantOf(room));
    loaded.set(room.id, { room, runtimes, scenario, world: roomWorld(scenario, variantOf(room), runtimes) });
  }
  saveRooms(o.dataDir, rooms);

  /**
   * Starts the room's next round on fresh documents with `variant` (by default one no round played yet):
   * the last round ends and points its players to the new one, and the query APIs answer the new world.
   */
  async function startRound(room: RoomRecord, variant = freshVariant(room)): Promise<void> {
    const l = loaded.get(room.id)!;
    const scenario = await readScenarioFile(room.scenarioFile, variant);
    const previous = l.runtimes.at(-1)!;
    room.rounds.push({ variant });
    saveRooms(o.dataDir, rooms);
    l.scenario = scenario;
    const runtime = new RoomRuntime(
      room,
      currentRound(room),
      scenario,
      open,
      await sourceOf(room.scenarioFile),
      o.log,
    );
    l.runtimes.push(runtime);
    l.world = roomWorld(scenario, variant, l.runtimes);
    runtime.start();
    previous.supersede(currentRound(room));
    o.log(`room ${room.id}: round ${currentRound(room)} started on variant ${variant}`);
  }

  const files = new DocFiles(o.dataDir, o.log);
  // @y/websocket-server keeps its documents and persistence in module state: one game day per process.
  setPersistence({
    provider: files,
    bindState: (name: string, doc: Y.Doc) => {
      files.bind(name, doc);
      const address = findDoc(rooms, name);
      if (address) loaded.get(address.room.id)!.runtimes[address.round - 1]?.attach(address, doc);
    },
    writeState: async (_name: string, doc: Y.Doc) => files.write(doc),
  });
  function open(name: string): Y.Doc {
    return getYDoc(name);
  }
  for (const l of loaded.values()) for (const r of l.runtimes) r.start();

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  // A client's broken handshake or socket is that client's problem: log it, never let it stop the server.
  wss.on('wsClientError', (err, socket) => {
    o.log(`refused a WebSocket handshake: ${err.message}`);
    socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n${err.message}\n`);
  });
  wss.on('error', (err) => o.log(`WebSocket server: ${err.message}`));
  const server = createHttpServer(
    [
      queryApiHandler((pathname) => {
        const m = /^\/rooms\/([^/]+)(\/.*)$/.exec(pathname);
        const found = m ? findByCode(rooms, decodeURIComponent(m[1]!)) : undefined;
        return found ? { source: loaded.get(found.room.id)!.world.source(), path: m![2]! } : undefined;
      }),
      gamedayApi(rooms, { scenarioOf: (roomId) => loaded.get(roomId)!.scenario, startRound }),
      playerApi(rooms, (room, round) => loaded.get(room.id)!.runtimes[round - 1], o.log),
      noAuthorTools,
      staticFiles(o.distDir),
    ],
    o.log,
  );

  server.on('upgrade', (req, socket, head) => {
    // Without a listener, a reset or a malformed frame on one socket is an uncaught error for the process.
    socket.on('error', (err) => o.log(`connection to ${req.url ?? '/'}: ${err.message}`));
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: string, reason: string) => {
      o.log(`refused connection to ${url.pathname}: ${reason}`);
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`);
    };
    const m = /^\/yjs\/(.+)$/.exec(url.pathname);
    const name = m ? decodeURIComponent(m[1]!) : '';
    const address = findDoc(rooms, name);
    if (!address) return refuse('404 Not Found', `no document "${name}"`);
    const bearer = bearerOf(address.room, url.searchParams.get('token') ?? '');
    const reason = refuseOpen(address, bearer);
    if (reason) return refuse('403 Forbidden', reason);
    // A player's page proves which member it is with its member key; without one it may only read.
    const key = url.searchParams.get(MEMBER_PARAM);
    const member = key === null ? undefined : memberIdOf(key);
    if (key !== null && member === undefined) return refuse('400 Bad Request', 'malformed member key');
    wss.handleUpgrade(req, socket, head, (ws) => {
      // `ws` answers a bad frame or an oversized message with a close (1002, 1007, 1009) and an 'error'
      // event: only that connection ends.
      ws.on('error', (err) => o.log(`closed connection to ${name} (${bearer!.role}): ${err.message}`));
      setupWSConnection(ws, req, { docName: name });
      const doc = docs.get(name)!;
      const roomDoc = () => open(docName(address.room, 'room', undefined, address.round));
      gateConnection(
        ws,
        {
          doc,
          specs: DOC_SPECS[address.kind],
          writer:
            bearer!.role === 'player' && member !== undefined
              ? { role: 'player', member }
              : { role: bearer!.role },
          frozen: () =>
            address.kind === 'team' && roomDoc().getMap('round').get('ended') === true
              ? 'the round has ended: boards are read-only'
              : undefined,
        },
        (why) => o.log(`refused update to ${name} (${bearer!.role}): ${why}`),
      );
    });
  });

  const running: RunningServer = await listen(server, o.host, o.port);
  return {
    url: running.url,
    port: running.port,
    rooms,
    created,
    servedWindow: (roomId) => {
      const { startMs, endMs, offsetMs } = loaded.get(roomId)!.world.source();
      return { startMs, endMs, offsetMs: offsetMs ?? 0 };
    },
    close: async () => {
      for (const l of loaded.values()) for (const r of l.runtimes) r.stop();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      files.flush();
      for (const l of loaded.values()) {
        for (const [name, doc] of docs) {
          if (!name.startsWith(`${l.room.id}/`)) continue;
          docs.delete(name);
          doc.destroy();
        }
      }
      setPersistence(null);
      await running.close();
    },
  };
}
