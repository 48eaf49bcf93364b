import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Action } from '../../../src/engine/investigation/actions.ts';
import { MEMBER_PARAM, memberIdOf } from '../../../src/protocol/memberKey.ts';
import type { Gameday } from '../../../src/server/gameday/gamedayServer.ts';
import { startGameday } from '../../../src/server/gameday/gamedayServer.ts';
import type { RoomRecord } from '../../../src/server/gameday/rooms.ts';
import { docName } from '../../../src/server/gameday/rooms.ts';

// y-websocket's provider adds a process 'exit' listener per connection in Node; a room of 30+ is expected.
process.setMaxListeners(100);

/** A game day on a free port over the tutorial, keeping what it logs. */
export interface TestGameday {
  readonly gameday: Gameday;
  readonly room: RoomRecord;
  readonly dataDir: string;
  readonly logs: string[];
}

/** Starts a game day for the tutorial with `teams` teams in `dataDir` (a fresh directory by default). */
export async function startTestGameday(
  teams: number,
  dataDir = mkdtempSync(join(tmpdir(), 'twoam-gameday-')),
  port = 0,
  variant?: number,
): Promise<TestGameday> {
  const logs: string[] = [];
  const gameday = await startGameday({
    host: '127.0.0.1',
    port,
    dataDir,
    scenarioFiles: ['scenarios/tutorial.yaml'],
    teams,
    ...(variant === undefined ? {} : { variant }),
    distDir: join(dataDir, 'no-build'),
    log: (line) => logs.push(line),
  });
  return { gameday, room: gameday.rooms[0]!, dataDir, logs };
}

/** A client of one document, as the game's pages will connect: y-websocket over the `ws` package. */
export interface Client {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** The member id a player's connection writes under (from its member key), if it gave one. */
  readonly member?: string;
}

/** A member key for tests: a readable name padded to the length keys must have. */
export function memberKey(name: string): string {
  return `${name}-member-key-0000000000`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The member id a test member's key stands for. */
export function memberId(name: string): string {
  return memberIdOf(memberKey(name))!;
}

/**
 * Connects a client to a room document with a token or join code and waits for its first sync. A player
 * who will write to their board names themselves: `member` becomes their member key.
 */
export function connect(url: string, name: string, token: string, member?: string): Promise<Client> {
  const doc = new Y.Doc();
  const key = member === undefined ? undefined : memberKey(member);
  const provider = new WebsocketProvider(`${url.replace('http', 'ws')}/yjs`, name, doc, {
    params: key === undefined ? { token } : { token, [MEMBER_PARAM]: key },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const client: Client = key === undefined ? { doc, provider } : { doc, provider, member: memberIdOf(key)! };
  return new Promise((resolve) => {
    if (provider.synced) resolve(client);
    else provider.once('sync', () => resolve(client));
  });
}

/** Disconnects a client and frees its document. */
export function disconnect(client: Client): void {
  client.provider.destroy();
  client.doc.destroy();
}

/** Resolves once `check` holds, re-checking after every change of the given documents. */
export function until(docs: readonly Y.Doc[], check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const test = () => {
      if (!check()) return;
      for (const d of docs) d.off('update', test);
      resolve();
    };
    for (const d of docs) d.on('update', test);
    test();
  });
}

/** The name of a room's document. */
export function nameOf(room: RoomRecord, kind: 'room' | 'public' | 'team', team = 0): string {
  return docName(room, kind, room.teams[team]);
}

/** A hypothesis action, valid for the engine's schema. */
export function hypothesis(id: string, at: number, text: string): Action {
  return { type: 'hypothesis', at, id, text };
}

/** A log query action, valid for the engine's schema. */
export function logQuery(at: number, query: string): Action {
  return { type: 'query', at, tool: 'logs', query, matched: 0, shownIds: [] };
}

/** The raw-protocol frame y-websocket sends for a document update: sync message, update step, bytes. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const out = [0, 2];
  let n = update.length;
  // lib0 varUint: seven bits a byte, low bits first, high bit set while more follow.
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return Uint8Array.from([...out, ...update]);
}

/** Opens a raw WebSocket to a document; resolves with how the server answered the upgrade. */
export function rawSocket(
  url: string,
  name: string,
  token: string,
  member?: string,
): Promise<{ ws: WebSocket; status: 101 } | { status: number; body: string }> {
  const key = member === undefined ? '' : `&${MEMBER_PARAM}=${memberKey(member)}`;
  const ws = new WebSocket(
    `${url.replace('http', 'ws')}/yjs/${name}?token=${encodeURIComponent(token)}${key}`,
  );
  return new Promise((resolve) => {
    ws.on('open', () => resolve({ ws, status: 101 }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
}

/** Sends a frame on an open socket and resolves with the close code and reason the server answers with. */
export function sendAndAwaitClose(
  ws: WebSocket,
  frame: Uint8Array,
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.send(frame);
  });
}
