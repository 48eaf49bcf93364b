import { randomBytes } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestGameday } from './harness.ts';
import { connect, disconnect, hypothesis, nameOf, rawSocket, startTestGameday, until } from './harness.ts';

let t: TestGameday;
/** A player who stays connected through every attack and must keep being served. */
let bystander: Client;
let watcher: Client;

beforeAll(async () => {
  t = await startTestGameday(1);
  bystander = await connect(t.gameday.url, nameOf(t.room, 'team'), t.room.teams[0]!.code, 'bystander');
  watcher = await connect(t.gameday.url, nameOf(t.room, 'team'), t.room.observerCode);
});
afterAll(async () => {
  disconnect(bystander);
  disconnect(watcher);
  await t.gameday.close();
});

const OP = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9 } as const;

/** A client frame as RFC 6455 lays it out; `masked: false` and the header fields are there to break it. */
function frame(o: {
  opcode: number;
  payload?: Uint8Array;
  fin?: boolean;
  rsv?: number;
  masked?: boolean;
  /** Overrides the 7-bit length field, e.g. 127 followed by `extended`. */
  lengthField?: number;
  extended?: Uint8Array;
}): Buffer {
  const payload = Buffer.from(o.payload ?? new Uint8Array());
  const masked = o.masked ?? true;
  const first = ((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | o.opcode;
  let length: Buffer;
  if (o.lengthField !== undefined)
    length = Buffer.concat([Buffer.from([o.lengthField]), Buffer.from(o.extended ?? [])]);
  else if (payload.length < 126) length = Buffer.from([payload.length]);
  else if (payload.length < 65_536) {
    length = Buffer.alloc(3);
    length[0] = 126;
    length.writeUInt16BE(payload.length, 1);
  } else {
    length = Buffer.alloc(9);
    length[0] = 127;
    length.writeBigUInt64BE(BigInt(payload.length), 1);
  }
  if (masked) length[0]! |= 0x80;
  const mask = masked ? randomBytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (masked) for (let i = 0; i < body.length; i++) body[i]! ^= mask[i % 4]!;
  return Buffer.concat([Buffer.from([first]), length, mask, body]);
}

/** A close frame's payload: the status code, then the reason's bytes. */
function closePayload(code: number, reason: Uint8Array): Uint8Array {
  const out = Buffer.alloc(2 + reason.length);
  out.writeUInt16BE(code, 0);
  out.set(reason, 2);
  return out;
}

/**
 * Opens a WebSocket to the team board by hand, sends `bytes` once the upgrade is done (then ends the
 * socket when `endAfter`), and resolves with the close code the server's close frame carried, or
 * `none` when the server just dropped the connection.
 */
function attack(bytes: Buffer, endAfter = false): Promise<number | 'none'> {
  const url = new URL(t.gameday.url);
  const socket = connectTcp(Number(url.port), url.hostname);
  const path = `/yjs/${nameOf(t.room, 'team')}?token=${t.room.observerCode}`;
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let upgraded = false;
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (upgraded) return;
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      expect(received.subarray(0, 12).toString()).toBe('HTTP/1.1 101');
      upgraded = true;
      received = received.subarray(end + 4);
      socket.write(bytes);
      if (endAfter) socket.end();
    });
    socket.on('close', () => resolve(closeCodeIn(received)));
  });
}

/** The status code of the first close frame among the server's (unmasked) frames. */
function closeCodeIn(bytes: Buffer): number | 'none' {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let length = bytes[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    if (opcode === OP.close) return length >= 2 ? bytes.readUInt16BE(start) : 'none';
    at = start + length;
  }
  return 'none';
}

/** Proves the server still serves: a step the bystander takes reaches the watcher. */
async function stillServing(step: number): Promise<void> {
  const action = hypothesis(`still-${step}`, step, `still serving ${step}`);
  bystander.doc.getArray('actions').push([{ by: bystander.member!, action }]);
  await until([watcher.doc], () =>
    watcher.doc
      .getArray<{ action: { id?: string } }>('actions')
      .toArray()
      .some((e) => e.action.id === `still-${step}`),
  );
  const join = await fetch(`${t.gameday.url}/gameday/api/join/${t.room.teams[0]!.code}`);
  expect(join.status).toBe(200);
}

const invalidUtf8 = Uint8Array.from([0xc3, 0x28, 0xff]);

describe('frames that break the WebSocket protocol', () => {
  const cases: { name: string; bytes: () => Buffer; end?: boolean; code: number | 'none' }[] = [
    {
      name: 'an unmasked frame',
      bytes: () => frame({ opcode: OP.binary, payload: Uint8Array.from([1, 2]), masked: false }),
      code: 1002,
    },
    {
      name: 'a reserved opcode',
      bytes: () => frame({ opcode: 3, payload: Uint8Array.from([1]) }),
      code: 1002,
    },
    { name: 'a reserved control opcode', bytes: () => frame({ opcode: 0xb }), code: 1002 },
    { name: 'RSV1 without an extension', bytes: () => frame({ opcode: OP.binary, rsv: 4 }), code: 1002 },
    { name: 'RSV2 and RSV3 set', bytes: () => frame({ opcode: OP.binary, rsv: 3 }), code: 1002 },
    {
      name: 'a 64-bit length above 2^53',
      bytes: () =>
        frame({ opcode: OP.binary, lengthField: 127, extended: Buffer.from('ffffffffffffffff', 'hex') }),
      code: 1009,
    },
    {
      name: 'a control frame longer than 125 bytes',
      bytes: () => frame({ opcode: OP.ping, payload: new Uint8Array(126) }),
      code: 1002,
    },
    { name: 'a fragmented control frame', bytes: () => frame({ opcode: OP.ping, fin: false }), code: 1002 },
    {
      name: 'a continuation with nothing to continue',
      bytes: () => frame({ opcode: OP.continuation, payload: Uint8Array.from([1]) }),
      code: 1002,
    },
    {
      name: 'a new message inside a fragmented one',
      bytes: () =>
        Buffer.concat([
          frame({ opcode: OP.binary, fin: false, payload: Uint8Array.from([0]) }),
          frame({ opcode: OP.binary, payload: Uint8Array.from([0]) }),
        ]),
      code: 1002,
    },
    {
      name: 'a close frame with a one-byte payload',
      bytes: () => frame({ opcode: OP.close, payload: Uint8Array.from([3]) }),
      code: 1002,
    },
    {
      name: 'a close frame with an invalid status code',
      bytes: () => frame({ opcode: OP.close, payload: closePayload(999, new Uint8Array()) }),
      code: 1002,
    },
    {
      name: 'a close frame whose reason is not UTF-8',
      bytes: () => frame({ opcode: OP.close, payload: closePayload(1000, invalidUtf8) }),
      code: 1007,
    },
    {
      name: 'a text frame that is not UTF-8',
      bytes: () => frame({ opcode: OP.text, payload: invalidUtf8 }),
      code: 1007,
    },
    {
      name: 'a truncated frame, then the socket ends',
      bytes: () => frame({ opcode: OP.binary, payload: new Uint8Array(1000) }).subarray(0, 40),
      end: true,
      code: 'none',
    },
    {
      name: 'a header announcing 50 MB',
      bytes: () =>
        frame({ opcode: OP.binary, lengthField: 127, extended: Buffer.from('0000000003200000', 'hex') }),
      code: 1009,
    },
  ];
  it.each(cases.map((c, i) => ({ ...c, step: i + 1 })))(
    'closes only the connection that sent $name',
    async ({ bytes, end, code, step }) => {
      expect(await attack(bytes(), end === true)).toBe(code);
      await stillServing(step);
    },
  );

  it('answers a handshake without a WebSocket key with 400, and serves the others', async () => {
    const url = new URL(t.gameday.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = connectTcp(Number(url.port), url.hostname);
      let text = '';
      socket.on('error', () => undefined);
      socket.on('data', (d: Buffer) => {
        text += d.toString();
      });
      socket.on('close', () => resolve(text));
      socket.write(
        `GET /yjs/${nameOf(t.room, 'team')}?token=${t.room.observerCode} HTTP/1.1\r\nHost: ${url.host}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    await stillServing(99);
  });

  it('closes a connection that sends a 50 MB message, and serves the others', async () => {
    const answer = await rawSocket(t.gameday.url, nameOf(t.room, 'team'), t.room.observerCode);
    if (!('ws' in answer)) throw new Error(`could not connect: ${answer.status}`);
    const closed = new Promise<number>((resolve) => answer.ws.on('close', (code) => resolve(code)));
    answer.ws.on('error', () => undefined);
    answer.ws.send(Buffer.alloc(50 << 20, 7));
    expect(await closed).toBe(1009);
    await stillServing(100);
    expect(t.logs.some((l) => l.includes('Max payload size exceeded'))).toBe(true);
  });
});
