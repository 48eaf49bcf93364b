import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import type * as Y from 'yjs';
import type { Role, SharedSpec } from './schemas.ts';
import { refuseUpdate } from './validateUpdate.ts';

/** y-websocket's message types: a sync step or update, an awareness change, auth, a request for awareness. */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;
/** y-protocols' sync message types. */
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** What the gate needs to judge a message: the document, its schema, the sender's role, and extra rules. */
export interface GateContext {
  readonly doc: Y.Doc;
  readonly specs: Readonly<Record<string, SharedSpec>>;
  readonly role: Role;
  /** A reason to refuse any change right now (for example, the round has ended), or undefined. */
  readonly frozen?: () => string | undefined;
}

/** Why a message from a client is refused, or undefined when the server may handle it. */
export function refuseMessage(message: Uint8Array, ctx: GateContext): string | undefined {
  try {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_AWARENESS || type === MESSAGE_QUERY_AWARENESS || type === MESSAGE_AUTH)
      return undefined;
    if (type !== MESSAGE_SYNC) return `unknown message type ${type}`;
    const step = decoding.readVarUint(decoder);
    if (step === SYNC_STEP_1) return undefined;
    if (step !== SYNC_STEP_2 && step !== SYNC_UPDATE) return `unknown sync message type ${step}`;
    const update = decoding.readVarUint8Array(decoder);
    return refuseUpdate(ctx.doc, update, ctx.specs, ctx.role, ctx.frozen?.());
  } catch (err) {
    return `malformed message: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Puts the gate in front of the listener `setupWSConnection` registered on the socket: each message is
 * judged first, and a refused one is dropped and the connection closed (code 1008, policy violation)
 * with the reason logged, so nothing refused reaches the document, the other clients or the disk.
 */
export function gateConnection(ws: WebSocket, ctx: GateContext, onRefused: (reason: string) => void): void {
  const inner = ws.listeners('message') as ((data: ArrayBuffer | Buffer) => void)[];
  ws.removeAllListeners('message');
  ws.on('message', (data: ArrayBuffer | Buffer) => {
    const bytes =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const reason = refuseMessage(bytes, ctx);
    if (reason !== undefined) {
      onRefused(reason);
      // Close reasons are limited to 123 bytes by the WebSocket protocol.
      ws.close(1008, Buffer.from(reason).subarray(0, 120).toString());
      return;
    }
    for (const listener of inner) listener.call(ws, data);
  });
}
