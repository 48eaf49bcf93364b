import { resolve } from 'node:path';
import { docs, getYDoc, setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import type * as Y from 'yjs';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { simulate } from '../../engine/sim/simulate.ts';
import type { RunningServer } from '../httpServer.ts';
import { createHttpServer, listen } from '../httpServer.ts';
import { readScenarioFile } from '../loadWorld.ts';
import { queryApiHandler } from '../queryRoutes.ts';
import type { QuerySource } from '../querySource.ts';
import { sourceOfWorld } from '../querySource.ts';
import { staticFiles } from '../staticFiles.ts';
import { gamedayApi } from './gamedayApi.ts';
import { gateConnection } from './messageGate.ts';
import { DocFiles } from './persistence.ts';
import { RoomRuntime } from './roomRuntime.ts';
import type { RoomRecord } from './rooms.ts';
import {
  bearerOf,
  docName,
  findByCode,
  findDoc,
  loadRooms,
  newRoom,
  refuseOpen,
  saveRooms,
} from './rooms.ts';
import { DOC_SPECS } from './schemas.ts';

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
  /** Seed of new rooms' worlds; each scenario's own by default. */
  readonly seed?: number;
  /** The built game to serve (`dist/`). */
  readonly distDir: string;
  readonly log: (line: string) => void;
}

/** A running game day. */
export interface Gameday {
  readonly url: string;
  readonly port: number;
  readonly rooms: readonly RoomRecord[];
  /** Rooms created by this start (the others were resumed from `dataDir`). */
  readonly created: readonly RoomRecord[];
  /** Stops accepting connections, writes every document and stops the server. */
  close(): Promise<void>;
}

/** Largest WebSocket message accepted: far above any honest board's update. */
const MAX_MESSAGE_BYTES = 4 << 20;

interface Loaded {
  readonly room: RoomRecord;
  readonly scenario: Scenario;
  readonly source: QuerySource;
  readonly runtime: RoomRuntime;
}

/**
 * Starts a game day: one HTTP server on `host:port` that serves the built game, each room's world over
 * the Prometheus and Loki APIs (`/rooms/<code>/…`), the join and facilitator API (`/gameday/api/…`) and
 * the rooms' Yjs documents over WebSocket (`/yjs/<document>?token=…`) with `@y/websocket-server`.
 * Rooms and documents live under `dataDir`, so a restarted server resumes every round where it was.
 */
export async function startGameday(o: GamedayOptions): Promise<Gameday> {
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
        { file: path, id: scenario.id, title: scenario.title, seed: o.seed ?? scenario.seed },
        o.teams,
      );
      rooms.push(room);
      created.push(room);
    }
  }
  for (const room of rooms) {
    const scenario = await readScenarioFile(room.scenarioFile);
    const source = sourceOfWorld(simulate(scenario, { seed: room.seed }));
    loaded.set(room.id, { room, scenario, source, runtime: new RoomRuntime(room, scenario, open) });
  }
  saveRooms(o.dataDir, rooms);

  const files = new DocFiles(o.dataDir, o.log);
  // @y/websocket-server keeps its documents and persistence in module state: one game day per process.
  setPersistence({
    provider: files,
    bindState: (name: string, doc: Y.Doc) => {
      files.bind(name, doc);
      const address = findDoc(rooms, name);
      if (address) loaded.get(address.room.id)!.runtime.attach(address, doc);
    },
    writeState: async (_name: string, doc: Y.Doc) => files.write(doc),
  });
  function open(name: string): Y.Doc {
    return getYDoc(name);
  }
  for (const l of loaded.values()) l.runtime.start();

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const server = createHttpServer(
    [
      queryApiHandler((pathname) => {
        const m = /^\/rooms\/([^/]+)(\/.*)$/.exec(pathname);
        const found = m ? findByCode(rooms, decodeURIComponent(m[1]!)) : undefined;
        return found ? { source: loaded.get(found.room.id)!.source, path: m![2]! } : undefined;
      }),
      gamedayApi(rooms, (roomId) => loaded.get(roomId)!.scenario),
      staticFiles(o.distDir),
    ],
    o.log,
  );

  server.on('upgrade', (req, socket, head) => {
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
    wss.handleUpgrade(req, socket, head, (ws) => {
      setupWSConnection(ws, req, { docName: name });
      const doc = docs.get(name)!;
      const roomDoc = () => open(docName(address.room, 'room'));
      gateConnection(
        ws,
        {
          doc,
          specs: DOC_SPECS[address.kind],
          role: bearer!.role,
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
    close: async () => {
      for (const l of loaded.values()) l.runtime.stop();
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
