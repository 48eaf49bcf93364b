import { getYDoc } from '@y/websocket-server/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newJoinCode } from '../../../src/server/gameday/codes.ts';
import type { TestGameday } from './harness.ts';
import {
  hypothesis,
  memberId,
  nameOf,
  rawSocket,
  sendAndAwaitClose,
  startTestGameday,
  until,
  updateFrame,
} from './harness.ts';

let t: TestGameday;

beforeAll(async () => {
  t = await startTestGameday(2);
  // An inject the facilitator sent, for the test that tries to take it back.
  getYDoc(nameOf(t.room, 'room'))
    .getArray('injects')
    .push([{ id: 'i0', at: 1, target: 'all', kind: 'ticket', title: 'Refunds are slow', body: '' }]);
  await until(
    [getYDoc(nameOf(t.room, 'team'))],
    () => getYDoc(nameOf(t.room, 'team')).getArray('inbox').length === 1,
  );
});
afterAll(async () => {
  await t.gameday.close();
});

/** An update made on a copy of the server's document, so it builds on what the server has. */
function changeOf(name: string, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(getYDoc(name)));
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('connections a room refuses', () => {
  const cases: { name: string; doc: () => string; token: () => string; status: number; reason: string }[] = [
    {
      name: 'a wrong token',
      doc: () => nameOf(t.room, 'team'),
      token: () => 'not-a-code',
      status: 403,
      reason: 'the token opens nothing in this room',
    },
    {
      name: 'a guessed code',
      doc: () => nameOf(t.room, 'team'),
      token: () => newJoinCode(),
      status: 403,
      reason: 'the token opens nothing in this room',
    },
    {
      name: "another team's board",
      doc: () => nameOf(t.room, 'team', 1),
      token: () => t.room.teams[0]!.code,
      status: 403,
      reason: "a team cannot open another team's board",
    },
    {
      name: "a player on the facilitator's state",
      doc: () => nameOf(t.room, 'room'),
      token: () => t.room.teams[0]!.code,
      status: 403,
      reason: "only the facilitator opens the room's state",
    },
    {
      name: "an observer on the facilitator's state",
      doc: () => nameOf(t.room, 'room'),
      token: () => t.room.observerCode,
      status: 403,
      reason: "only the facilitator opens the room's state",
    },
    {
      name: 'a room that does not exist',
      doc: () => 'ZZZZZZZZ/public',
      token: () => t.room.facilitatorToken,
      status: 404,
      reason: 'no document "ZZZZZZZZ/public"',
    },
  ];
  it.each(cases)('refuses $name', async ({ doc, token, status, reason }) => {
    const answer = await rawSocket(t.gameday.url, doc(), token());
    expect(answer).toEqual({ status, body: `${reason}\n` });
    expect(t.logs.at(-1)).toBe(`refused connection to /yjs/${doc()}: ${reason}`);
  });

  it('lets a player open their own board and the public board, and the facilitator every document', async () => {
    const opened = [
      await rawSocket(t.gameday.url, nameOf(t.room, 'team', 1), t.room.teams[1]!.code.toLowerCase()),
      await rawSocket(t.gameday.url, nameOf(t.room, 'public'), t.room.teams[1]!.code),
      await rawSocket(t.gameday.url, nameOf(t.room, 'team', 0), t.room.facilitatorToken),
      await rawSocket(t.gameday.url, nameOf(t.room, 'room'), t.room.facilitatorToken),
    ];
    expect(opened.map((o) => o.status)).toEqual([101, 101, 101, 101]);
    for (const o of opened) if ('ws' in o) o.ws.close();
  });
});

describe('updates a room refuses', () => {
  const board = () => nameOf(t.room, 'team');
  const player = () => t.room.teams[0]!.code;
  const cases: {
    name: string;
    doc: () => string;
    token: () => string;
    frame: () => Uint8Array;
    reason: string;
    /** The member a player's connection proves it is. */
    member?: string;
  }[] = [
    {
      name: 'bytes that are not a Yjs message',
      doc: board,
      token: player,
      frame: () => Uint8Array.from([0, 2, 200, 1, 7]),
      reason: 'malformed message: Unexpected end of array',
    },
    {
      name: 'an update that is not a Yjs update',
      doc: board,
      token: player,
      frame: () => updateFrame(Uint8Array.from([9, 9, 9, 9, 9, 9])),
      reason: 'malformed update: Unexpected end of array',
    },
    {
      name: 'a shared type the board does not have',
      doc: board,
      token: player,
      frame: () => updateFrame(changeOf(board(), (d) => d.getMap('scores').set('team-1', 100))),
      reason: 'unknown shared type "scores"',
    },
    {
      name: 'an action that does not fit the engine schema',
      doc: board,
      token: player,
      frame: () =>
        updateFrame(
          changeOf(board(), (d) => d.getArray('actions').push([{ by: 'x', action: { type: 'win', at: 1 } }])),
        ),
      member: 'ana',
      reason: '"actions" does not fit its schema at actions.action.type: Invalid discriminator value',
    },
    {
      name: "a step recorded under a teammate's id",
      doc: board,
      token: player,
      member: 'ana',
      frame: () =>
        updateFrame(
          changeOf(board(), (d) =>
            d.getArray('actions').push([{ by: memberId('bo'), action: hypothesis('h', 1, 'x') }]),
          ),
        ),
      reason: 'a player may write only their own entries of "actions"',
    },
    {
      name: "a teammate's member entry rewritten",
      doc: board,
      token: player,
      member: 'ana',
      frame: () =>
        updateFrame(
          changeOf(board(), (d) =>
            d.getMap('members').set(memberId('bo'), { name: 'Bo', role: 'commander', joinedAt: 1 }),
          ),
        ),
      reason: 'a player may write only their own entries of "members"',
    },
    {
      name: "a status update under a teammate's id",
      doc: board,
      token: player,
      member: 'ana',
      frame: () =>
        updateFrame(
          changeOf(board(), (d) =>
            d.getArray('status').push([{ by: memberId('bo'), at: 1, text: 'all good' }]),
          ),
        ),
      reason: 'a player may write only their own entries of "status"',
    },
    {
      name: 'a step from a page without its member key',
      doc: board,
      token: player,
      frame: () =>
        updateFrame(
          changeOf(board(), (d) =>
            d.getArray('actions').push([{ by: 'x', action: hypothesis('h', 1, 'x') }]),
          ),
        ),
      reason: 'a player writes "actions" only with their member key',
    },
    {
      name: 'an entry larger than 64 KiB',
      doc: board,
      token: player,
      member: 'ana',
      frame: () =>
        updateFrame(
          changeOf(board(), (d) =>
            d.getArray('actions').push([
              {
                by: memberId('ana'),
                action: {
                  type: 'query',
                  at: 1,
                  tool: 'logs',
                  query: 'x'.repeat(70_000),
                  matched: 0,
                  shownIds: [],
                },
              },
            ]),
          ),
        ),
      reason: 'an entry of "actions" is larger than 64 KiB',
    },
    {
      name: 'a nested shared type',
      doc: board,
      token: player,
      member: 'ana',
      frame: () =>
        updateFrame(changeOf(board(), (d) => d.getMap('members').set(memberId('ana'), new Y.Map()))),
      reason: '"members" holds plain JSON values only',
    },
    {
      name: 'text where the board keeps plain values',
      doc: board,
      token: player,
      member: 'ana',
      frame: () => updateFrame(changeOf(board(), (d) => d.getText('actions').insert(0, 'hello'))),
      reason: '"actions" holds plain JSON values only',
    },
    {
      name: 'a map where the board keeps an array',
      doc: board,
      token: player,
      frame: () => updateFrame(changeOf(board(), (d) => d.getMap('actions').set('x', 1))),
      reason: '"actions" must be an array',
    },
    {
      name: "a player writing the team's inbox",
      doc: board,
      token: player,
      frame: () =>
        updateFrame(
          changeOf(board(), (d) =>
            d
              .getArray('inbox')
              .push([{ type: 'hint', hint: { id: 'h', at: 1, target: 'all', text: 'answer' } }]),
          ),
        ),
      reason: 'players may not change "inbox"',
    },
    {
      name: 'the facilitator writing a team board',
      doc: board,
      token: () => t.room.facilitatorToken,
      frame: () =>
        updateFrame(
          changeOf(board(), (d) =>
            d.getArray('actions').push([{ by: 'f', action: hypothesis('h', 1, 'x') }]),
          ),
        ),
      reason: 'facilitators may not change "actions"',
    },
    {
      name: 'an observer writing the leaderboard',
      doc: () => nameOf(t.room, 'public'),
      token: () => t.room.observerCode,
      frame: () =>
        updateFrame(
          changeOf(nameOf(t.room, 'public'), (d) =>
            d
              .getMap('leaderboard')
              .set('team-2', { name: 'Team 2', score: 100, cluesFound: 9, actions: 1, diagnosedAtMs: 1 }),
          ),
        ),
      reason: 'observers may not change "leaderboard"',
    },
    {
      name: 'an inject removed from the log',
      doc: () => nameOf(t.room, 'room'),
      token: () => t.room.facilitatorToken,
      frame: () => updateFrame(changeOf(nameOf(t.room, 'room'), (d) => d.getArray('injects').delete(0, 1))),
      reason: '"injects" only grows: entries may not be removed or changed',
    },
  ];
  it.each(cases)(
    'refuses $name, closes the connection and logs why',
    async ({ doc, token, frame, reason, member }) => {
      const before = Y.encodeStateAsUpdate(getYDoc(doc()));
      const answer = await rawSocket(t.gameday.url, doc(), token(), member);
      if (!('ws' in answer)) throw new Error(`could not connect: ${answer.status}`);
      const closed = await sendAndAwaitClose(answer.ws, frame());
      expect(closed.code).toBe(1008);
      expect(closed.reason.startsWith(reason.slice(0, 60))).toBe(true);
      const role =
        token() === t.room.facilitatorToken
          ? 'facilitator'
          : token() === t.room.observerCode
            ? 'observer'
            : 'player';
      expect(t.logs.at(-1)!.startsWith(`refused update to ${doc()} (${role}): ${reason}`)).toBe(true);
      expect(Y.encodeStateAsUpdate(getYDoc(doc()))).toEqual(before);
    },
  );
});

describe('the join and facilitator API', () => {
  it('tells a player their team, refuses unknown codes, and gives the truth only with the token', async () => {
    const { url } = t.gameday;
    const join = await fetch(`${url}/gameday/api/join/${t.room.teams[1]!.code}`).then((r) => r.json());
    expect(join).toEqual({
      role: 'player',
      room: {
        id: t.room.id,
        title: 'Your first page',
        scenarioId: t.room.scenarioId,
        seed: t.room.seed,
        variant: 0,
        round: 1,
        mode: 'competitive',
      },
      team: { id: 'team-2', name: 'Team 2' },
      teams: [
        { id: 'team-1', name: 'Team 1' },
        { id: 'team-2', name: 'Team 2' },
      ],
      ws: '/yjs',
      docs: { public: nameOf(t.room, 'public'), boards: [nameOf(t.room, 'team', 1)] },
      grafana: `/rooms/${t.room.teams[1]!.code}`,
      // What the library would list of the scenario, and nothing of its story.
      scenario: {
        id: 'tutorial',
        title: 'Your first page',
        difficulty: 'intro',
        summary: expect.stringMatching(/^Checkout started failing/),
        estimatedMinutes: 10,
        tags: ['tutorial', 'logs', 'deploy'],
        trains: {
          system: 'shop',
          families: ['change', 'network'],
          tools: ['logs', 'changes'],
        },
      },
    });
    expect((await fetch(`${url}/gameday/api/join/${newJoinCode()}`)).status).toBe(404);
    expect((await fetch(`${url}/gameday/api/facilitator/${t.room.id}`)).status).toBe(401);
    const wrong = await fetch(`${url}/gameday/api/facilitator/${t.room.id}`, {
      headers: { authorization: `Bearer ${'0'.repeat(64)}` },
    });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${url}/gameday/api/facilitator/${t.room.id}`, {
      headers: { authorization: `Bearer ${t.room.facilitatorToken}` },
    });
    const body = (await ok.json()) as { solution: { rootCause: { component: string } }; teams: unknown };
    expect(ok.status).toBe(200);
    expect(body.teams).toEqual(t.room.teams);
    expect(typeof body.solution.rootCause.component).toBe('string');
  });

  it('serves no page that opens the author preview', async () => {
    const code = t.room.teams[0]!.code;
    for (const path of [
      `/?join=${code}&preview=tutorial`,
      '/?preview=scenarios/tutorial.yaml',
      '/play?preview=x',
    ]) {
      const res = await fetch(`${t.gameday.url}${path}`);
      expect([res.status, await res.text()]).toEqual([
        403,
        'The author preview is not available during a game day.\n',
      ]);
    }
  });

  it("serves the room's world to Grafana under a join code", async () => {
    const res = await fetch(`${t.gameday.url}/rooms/${t.room.observerCode}/loki/api/v1/labels`);
    const body = (await res.json()) as { status: string; data: string[] };
    expect(res.status).toBe(200);
    expect(body.data.includes('service')).toBe(true);
    expect((await fetch(`${t.gameday.url}/rooms/${newJoinCode()}/loki/api/v1/labels`)).status).toBe(404);
    // Its clock is shifted so the window ends now: a query at Grafana's "now" sees the incident's end.
    const served = t.gameday.servedWindow(t.room.id);
    expect(Date.now() - (served.endMs + served.offsetMs)).toBeLessThan(60 * 60_000);
    const now = Math.floor(Date.now() / 1000);
    const up = await fetch(
      `${t.gameday.url}/rooms/${t.room.observerCode}/api/v1/query?query=count(up)&time=${now}`,
    );
    const answer = (await up.json()) as { data: { result: { value: [number, string] }[] } };
    expect(answer.data.result.map((r) => r.value[0])).toEqual([now]);
    expect(Number(answer.data.result[0]!.value[1])).toBeGreaterThan(0);
  });
});

describe('join codes', () => {
  it('are 8 characters of Crockford base32 and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, newJoinCode);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('after the round ends', () => {
  it('keeps team boards read-only', async () => {
    getYDoc(nameOf(t.room, 'room')).getMap('round').set('ended', true);
    const board = nameOf(t.room, 'team');
    const answer = await rawSocket(t.gameday.url, board, t.room.teams[0]!.code);
    if (!('ws' in answer)) throw new Error(`could not connect: ${answer.status}`);
    const frame = updateFrame(
      changeOf(board, (d) =>
        d.getArray('actions').push([{ by: 'p', action: hypothesis('late', 9, 'too late') }]),
      ),
    );
    expect(await sendAndAwaitClose(answer.ws, frame)).toEqual({
      code: 1008,
      reason: 'the round has ended: boards are read-only',
    });
    expect(t.logs.at(-1)).toBe(
      `refused update to ${board} (player): the round has ended: boards are read-only`,
    );
  });
});
