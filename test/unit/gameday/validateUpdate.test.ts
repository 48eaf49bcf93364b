import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOC_SPECS } from '../../../src/protocol/gamedaySchemas.ts';
import { messageJudge } from '../../../src/server/gameday/messageGate.ts';
import type { Writer } from '../../../src/server/gameday/validateUpdate.ts';
import { checkUpdate, docBytesOf, MAX_DOC_BYTES } from '../../../src/server/gameday/validateUpdate.ts';
import { hypothesis, memberId, updateFrame } from './harness.ts';

const TEAM = DOC_SPECS.team;
const ana: Writer = { role: 'player', member: memberId('ana') };

/** A client's change made on a copy of `server`, as the update the client would send. */
function changeOf(server: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

function step(by: string, id: string) {
  return { by, action: hypothesis(id, 1, `cause ${id}`) };
}

describe('checkUpdate', () => {
  it('lets a member write and rewrite their own entry, and counts the bytes it adds', () => {
    const server = new Y.Doc();
    const member = { name: 'Ana', role: 'investigator', joinedAt: 1 };
    const first = changeOf(server, (d) => d.getMap('members').set(ana.member!, member));
    expect(checkUpdate(server, first, TEAM, ana, 0)).toEqual({ growth: JSON.stringify(member).length });
    Y.applyUpdate(server, first);
    const renamed = { ...member, name: 'Ana B' };
    const second = changeOf(server, (d) => d.getMap('members').set(ana.member!, renamed));
    expect(checkUpdate(server, second, TEAM, ana, 0)).toEqual({ growth: 2 });
  });

  it('checks only the entries an update adds, not the board it lands on', () => {
    const server = new Y.Doc();
    // An entry no client could send (the server writes what it likes): a check of the whole board
    // would trip on it at every update.
    server.getArray('actions').push([{ by: 'server', action: { type: 'not an action' } }]);
    server.getArray('actions').push(Array.from({ length: 5000 }, (_, i) => step(ana.member!, `old-${i}`)));
    const update = changeOf(server, (d) => d.getArray('actions').push([step(ana.member!, 'new')]));
    expect(checkUpdate(server, update, TEAM, ana, docBytesOf(server))).toEqual({
      growth: JSON.stringify(step(ana.member!, 'new')).length,
    });
  });

  it('refuses an update that would take the document past its size', () => {
    const server = new Y.Doc();
    const update = changeOf(server, (d) => d.getArray('actions').push([step(ana.member!, 'h')]));
    expect(checkUpdate(server, update, TEAM, ana, MAX_DOC_BYTES - 10)).toEqual({
      refused: 'the document would grow past 4 MiB',
    });
  });

  it('refuses an entry past the most a log holds', () => {
    const server = new Y.Doc();
    const by = ana.member!;
    server.getArray('status').push(Array.from({ length: 2000 }, (_, i) => ({ by, at: i, text: 'ok' })));
    const update = changeOf(server, (d) => d.getArray('status').push([{ by, at: 1, text: 'one more' }]));
    expect(checkUpdate(server, update, TEAM, ana, 0)).toEqual({
      refused: '"status" holds at most 2000 entries',
    });
  });

  it('refuses an update that builds on changes the server has not seen', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    client.getArray('actions').push([step(ana.member!, 'a')]);
    const seen = Y.encodeStateVector(client);
    client.getArray('actions').push([step(ana.member!, 'b')]);
    expect(checkUpdate(server, Y.encodeStateAsUpdate(client, seen), TEAM, ana, 0)).toEqual({
      refused: 'the update depends on changes the server has not seen',
    });
  });

  it('refuses a forged delete set over a log, and one that would walk the whole board', () => {
    /** A delete set (and no structs) over `len` clocks of `client` from 0. */
    const forged = (client: number, len: number) => {
      const encoder = encoding.createEncoder();
      for (const n of [0, 1, client, 1, 0, len]) encoding.writeVarUint(encoder, n);
      return encoding.toUint8Array(encoder);
    };
    const server = new Y.Doc();
    const log = new Y.Doc();
    log.getArray('actions').push([step(ana.member!, 'a'), step(ana.member!, 'b')]);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(log));
    expect(checkUpdate(server, forged(log.clientID, 2), TEAM, ana, 0)).toEqual({
      refused: '"actions" only grows: entries may not be removed or changed',
    });
    // A document that keeps its deleted items (no garbage collection) holds one struct per old entry.
    const kept = new Y.Doc({ gc: false });
    const history = new Y.Doc({ gc: false });
    history.transact(() => {
      for (let i = 0; i < 21_000; i++) history.getMap('members').set(`m${i}`, 1);
    });
    history.transact(() => {
      for (let i = 0; i < 21_000; i++) history.getMap('members').delete(`m${i}`);
    });
    Y.applyUpdate(kept, Y.encodeStateAsUpdate(history));
    expect(checkUpdate(kept, forged(history.clientID, 21_000), TEAM, ana, 0)).toEqual({
      refused: 'the update deletes too much at once',
    });
  });

  it('passes a resent sync with nothing new even when the round is over', () => {
    const server = new Y.Doc();
    server.getArray('actions').push([step(ana.member!, 'a')]);
    expect(checkUpdate(server, Y.encodeStateAsUpdate(server), TEAM, ana, 0, 'the round has ended')).toEqual({
      growth: 0,
    });
  });
});

/** A presence message as y-websocket sends it: one entry (client, clock, state JSON) per client. */
function presenceMessage(states: readonly unknown[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, states.length);
  for (const [i, state] of states.entries()) {
    encoding.writeVarUint(inner, 1000 + i);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

describe('the message gate', () => {
  const judgeAt = (clock: { ms: number }) =>
    messageJudge({ doc: new Y.Doc(), specs: TEAM, writer: { role: 'observer' }, now: () => clock.ms });

  it.each([
    { name: 'an empty presence', states: [{}], verdict: 'pass' },
    { name: 'a user name', states: [{ user: { name: 'Ana' } }], verdict: 'pass' },
    { name: 'a state of 3 KB', states: [{ blob: 'x'.repeat(3000) }], verdict: 'refuse' },
    { name: 'a state that is a list', states: [[1, 2]], verdict: 'refuse' },
    { name: 'presence for 65 clients', states: Array.from({ length: 65 }, () => ({})), verdict: 'refuse' },
  ])('judges presence with $name: $verdict', ({ states, verdict }) => {
    expect(judgeAt({ ms: 0 })(presenceMessage(states)).verdict).toBe(verdict);
  });

  it('drops presence that comes too fast, and lets it through again once the rate allows', () => {
    const clock = { ms: 0 };
    const judge = judgeAt(clock);
    const message = presenceMessage([{}]);
    const verdicts = Array.from({ length: 50 }, () => judge(message).verdict);
    expect(verdicts.filter((v) => v === 'pass').length).toBe(40);
    expect(verdicts.at(-1)).toBe('drop');
    clock.ms += 1000;
    expect(Array.from({ length: 12 }, () => judge(message).verdict).filter((v) => v === 'pass').length).toBe(
      10,
    );
  });

  it('refuses an update that does not fit, in a frame as clients send it', () => {
    const judge = judgeAt({ ms: 0 });
    const update = changeOf(new Y.Doc(), (d) => d.getArray('actions').push([step('x', 'h')]));
    expect(judge(updateFrame(update))).toEqual({
      verdict: 'refuse',
      reason: 'observers may not change "actions"',
    });
  });
});
