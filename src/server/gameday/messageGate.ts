import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import type * as Y from 'yjs';
import type { SharedSpec } from '../../protocol/gamedaySchemas.ts';
import { TokenBucket } from './rateLimit.ts';
import type { Writer } from './validateUpdate.ts';
import { checkUpdate, docBytesOf } from './validateUpdate.ts';

/** y-websocket's message types: a sync step or update, an awareness change, auth, a request for awareness. */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;
/** y-protocols' sync message types. */
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** Presence (awareness) limits: clients a message may speak for, and the JSON of one client's state. */
const MAX_AWARENESS_CLIENTS = 64;
const MAX_AWARENESS_STATE_BYTES = 1024;
/**
 * Presence messages a connection may send: a page renews its own every 15 s and echoes its peers'
 * changes, so a room of 30 sends each connection a few a second; bursts above this are dropped.
 */
const AWARENESS_BURST = 40;
const AWARENESS_PER_SECOND = 10;
/** A sync step 1 makes the server send the whole document back: a page sends one when it connects. */
const SYNC_REQUEST_BURST = 5;
const SYNC_REQUESTS_PER_SECOND = 0.2;

/** What the gate needs to judge a message: the document, its schema, the sender, and extra rules. */
export interface GateContext {
  readonly doc: Y.Doc;
  readonly specs: Readonly<Record<string, SharedSpec>>;
  readonly writer: Writer;
  /** A reason to refuse any change right now (for example, the round has ended), or undefined. */
  readonly frozen?: () => string | undefined;
  /** The clock rate limits read, in milliseconds. */
  readonly now?: () => number;
}

/** What becomes of a message: it goes on, it is dropped (too many too fast), or it closes the connection. */
export type Judgement =
  | { readonly verdict: 'pass' }
  | { readonly verdict: 'drop'; readonly reason: string }
  | { readonly verdict: 'refuse'; readonly reason: string };

/** The bytes each document's entries take, counted once and then kept up to date by accepted updates. */
const docBytes = new WeakMap<Y.Doc, { bytes: number }>();

function ledgerOf(doc: Y.Doc): { bytes: number } {
  let ledger = docBytes.get(doc);
  if (!ledger) {
    ledger = { bytes: docBytesOf(doc) };
    docBytes.set(doc, ledger);
  }
  return ledger;
}

/** Why a presence update is refused: more clients than a room has, oversized or non-object states. */
export function refuseAwareness(update: Uint8Array): string | undefined {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_AWARENESS_CLIENTS)
    return `presence for ${count} clients (at most ${MAX_AWARENESS_CLIENTS})`;
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    if (Buffer.byteLength(state) > MAX_AWARENESS_STATE_BYTES)
      return `a presence state larger than ${MAX_AWARENESS_STATE_BYTES} bytes`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(state);
    } catch {
      return 'a presence state that is not JSON';
    }
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed)))
      return 'a presence state that is not an object';
  }
  if (decoding.hasContent(decoder)) return 'bytes after the presence states';
  return undefined;
}

/** Judges the messages of one connection; keeps its rate limits. */
export function messageJudge(ctx: GateContext): (message: Uint8Array) => Judgement {
  const now = ctx.now ?? (() => performance.now());
  const presence = new TokenBucket(AWARENESS_BURST, AWARENESS_PER_SECOND, now);
  const syncRequests = new TokenBucket(SYNC_REQUEST_BURST, SYNC_REQUESTS_PER_SECOND, now);
  const pass: Judgement = { verdict: 'pass' };
  const refuse = (reason: string): Judgement => ({ verdict: 'refuse', reason });
  return (message) => {
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_AUTH || type === MESSAGE_QUERY_AWARENESS) return pass;
      if (type === MESSAGE_AWARENESS) {
        const reason = refuseAwareness(decoding.readVarUint8Array(decoder));
        if (reason) return refuse(reason);
        return presence.take() ? pass : { verdict: 'drop', reason: 'presence updates come too fast' };
      }
      if (type !== MESSAGE_SYNC) return refuse(`unknown message type ${type}`);
      const step = decoding.readVarUint(decoder);
      if (step === SYNC_STEP_1)
        return syncRequests.take() ? pass : { verdict: 'drop', reason: 'sync requests come too fast' };
      if (step !== SYNC_STEP_2 && step !== SYNC_UPDATE) return refuse(`unknown sync message type ${step}`);
      const update = decoding.readVarUint8Array(decoder);
      const ledger = ledgerOf(ctx.doc);
      const verdict = checkUpdate(ctx.doc, update, ctx.specs, ctx.writer, ledger.bytes, ctx.frozen?.());
      if ('refused' in verdict) return refuse(verdict.refused);
      // The caller hands the message on to be applied at once, so the count moves with the document.
      ledger.bytes += verdict.growth;
      return pass;
    } catch (err) {
      return refuse(`malformed message: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/**
 * Puts the gate in front of the listener `setupWSConnection` registered on the socket: each message is
 * judged first. A refused one is dropped and the connection closed (code 1008, policy violation) with
 * the reason logged, so nothing refused reaches the document, the other clients or the disk; one that
 * comes too fast is dropped and the first such drop logged.
 */
export function gateConnection(ws: WebSocket, ctx: GateContext, onRefused: (reason: string) => void): void {
  const inner = ws.listeners('message') as ((data: ArrayBuffer | Buffer) => void)[];
  const judge = messageJudge(ctx);
  let dropped = 0;
  ws.removeAllListeners('message');
  ws.on('message', (data: ArrayBuffer | Buffer) => {
    const bytes =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const judgement = judge(bytes);
    if (judgement.verdict === 'drop') {
      if (dropped++ === 0) onRefused(`dropped: ${judgement.reason}`);
      return;
    }
    if (judgement.verdict === 'refuse') {
      onRefused(judgement.reason);
      // Close reasons are limited to 123 bytes by the WebSocket protocol.
      ws.close(1008, Buffer.from(judgement.reason).subarray(0, 120).toString());
      return;
    }
    for (const listener of inner) listener.call(ws, data);
  });
}
