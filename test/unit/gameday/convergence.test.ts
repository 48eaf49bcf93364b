import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestGameday } from './harness.ts';
import { connect, disconnect, hypothesis, logQuery, nameOf, startTestGameday, until } from './harness.ts';

const PER_TEAM = 16;
let t: TestGameday;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestGameday(2);
});
afterAll(async () => {
  for (const c of clients) disconnect(c);
  await t.gameday.close();
});

describe('a competitive room with 32 players, a facilitator and an observer', () => {
  it('converges every board, delivers injects to their team only and keeps the leaderboard', {
    timeout: 120_000,
  }, async () => {
    const { room, gameday } = t;
    const teams = await Promise.all(
      room.teams.map((team, ti) =>
        Promise.all(
          Array.from({ length: PER_TEAM }, (_, i) =>
            connect(gameday.url, nameOf(room, 'team', ti), team.code, `t${ti}-p${i}`),
          ),
        ),
      ),
    );
    clients.push(...teams.flat());
    const facilitator = await connect(gameday.url, nameOf(room, 'room'), room.facilitatorToken);
    const observer = await connect(gameday.url, nameOf(room, 'public'), room.observerCode);
    clients.push(facilitator, observer);

    // Everyone acts at once: a member entry, a hypothesis and a query each.
    for (const members of teams) {
      for (const [i, c] of members.entries()) {
        const by = c.member!;
        c.doc.transact(() => {
          c.doc
            .getMap('members')
            .set(by, { name: `Player ${i}`, role: i === 0 ? 'commander' : 'investigator', joinedAt: 1 });
          c.doc.getArray('actions').push([
            { by, action: hypothesis(`h-${by}`, 1000 + i, `cause ${i}`) },
            { by, action: logQuery(2000 + i, `{service="web"} |= "p${i}"`) },
          ]);
        });
      }
    }
    facilitator.doc.getArray('injects').push([
      {
        id: 'i1',
        at: 5,
        target: room.teams[0]!.id,
        kind: 'escalation',
        title: 'VP asks for an update',
        body: 'Now.',
      },
    ]);
    facilitator.doc.getMap('clock').set('running', true);

    for (const members of teams) {
      const docs = members.map((c) => c.doc);
      await until(docs, () => docs.every((d) => d.getArray('actions').length === 2 * PER_TEAM));
      const first = JSON.stringify(docs[0]!.getArray('actions').toJSON());
      for (const d of docs) {
        expect(JSON.stringify(d.getArray('actions').toJSON())).toBe(first);
        expect(d.getMap('members').size).toBe(PER_TEAM);
      }
    }
    const [team1, team2] = teams.map((m) => m.map((c) => c.doc));
    await until(team1!, () => team1!.every((d) => d.getArray('inbox').length === 1));
    expect(team1![0]!.getArray('inbox').toJSON()).toEqual([
      {
        type: 'inject',
        inject: {
          id: 'i1',
          at: 5,
          target: 'team-1',
          kind: 'escalation',
          title: 'VP asks for an update',
          body: 'Now.',
        },
      },
    ]);
    expect(team2!.map((d) => d.getArray('inbox').length)).toEqual(Array(PER_TEAM).fill(0));

    const board = observer.doc.getMap<{ actions: number }>('leaderboard');
    await until(
      [observer.doc],
      () => [...board.values()].every((s) => s.actions === 2 * PER_TEAM) && board.size === 2,
    );
    expect(Object.keys(board.toJSON()).sort()).toEqual(['team-1', 'team-2']);
    await until([observer.doc], () => observer.doc.getMap('clock').get('running') === true);
    expect(t.logs).toEqual([]);
  });
});
