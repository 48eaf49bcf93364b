import { describe, expect, it } from 'vitest';
import type { Scenario, TimelineEvent } from '../../../src/engine/scenario/schema.ts';
import { parseTimestamp } from '../../../src/engine/scenario/units.ts';
import type { JoinInfo } from '../../../src/state/gameday/connection.ts';
import { startPlayerSession } from '../../../src/state/gameday/playerSession.ts';
import { remoteHost } from '../../../src/state/gameday/remoteHost.ts';
import {
  pauseClock,
  readClock,
  readRound,
  resumeClock,
  sendInject,
} from '../../../src/state/gameday/roomState.ts';
import { joinTeam } from '../../../src/state/gameday/teamBoard.ts';
import type { Session } from '../../../src/state/session.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText, worldReady } from '../helpers.ts';
import type { Client, TestGameday } from './harness.ts';
import { connect, disconnect, memberKey, nameOf, startTestGameday, until } from './harness.ts';

const sources = [{ file: 'scenarios/tutorial.yaml', text: scenarioText('tutorial.yaml') }];

function joinInfo(t: TestGameday, code: string): Promise<JoinInfo> {
  return fetch(`${t.gameday.url}/gameday/api/join/${code}`).then((r) => r.json() as Promise<JoinInfo>);
}

/**
 * A player as the game day page joins: the team's board and the public board, then the investigation on
 * the team's world, which the server holds.
 */
async function joinPlayer(t: TestGameday, team: number, storage: MemoryStorage, wallClock: () => number) {
  const code = t.room.teams[team]!.code;
  const info = await joinInfo(t, code);
  const board = await connect(t.gameday.url, info.docs.boards[0]!, code, `member-${team}`);
  const pub = await connect(t.gameday.url, info.docs.public, code);
  joinTeam(board.doc, board.member!, `Player ${team}`, 'investigator', 1);
  const host = remoteHost({
    origin: t.gameday.url,
    code,
    member: memberKey(`member-${team}`),
    round: info.room.round,
    entry: info.scenario,
    roundEnded: () => readRound(pub.doc).ended === true,
  });
  const session = await startPlayerSession({
    info,
    memberId: board.member!,
    board: board.doc,
    pub: pub.doc,
    host,
    code,
    origin: t.gameday.url,
    storage,
    wallClock,
  });
  await worldReady(session);
  if (session.store.getState().phase === 'briefing') session.send({ type: 'begin' });
  return { info, board, pub, session, clients: [board, pub] as Client[] };
}

const pageMs = (s: Pick<Scenario, 'briefing'>) => parseTimestamp(s.briefing.page.at)!;

describe('the round clock in players’ investigations', () => {
  it('stops every member’s incident clock while paused, through a reload and a server restart, and resumes where it stopped', {
    timeout: 120_000,
  }, async () => {
    const first = await startTestGameday(1);
    const clients: Client[] = [];
    let firstOpen = true;
    let wall = 5_000_000;
    try {
      const facilitator = await connect(
        first.gameday.url,
        nameOf(first.room, 'room'),
        first.room.facilitatorToken,
      );
      clients.push(facilitator);
      resumeClock(facilitator.doc, wall);
      const storage = new MemoryStorage();
      const ana = await joinPlayer(first, 0, storage, () => wall);
      clients.push(...ana.clients);
      const page = pageMs(ana.session.store.getState().scenario!);

      wall += 90_000;
      expect(ana.session.nowMs()).toBe(page + 90_000);
      pauseClock(facilitator.doc, wall);
      await until([ana.pub.doc], () => readClock(ana.pub.doc).running === false);
      // Ten minutes of pause: the incident clock, and every query it bounds, stays where it stopped.
      wall += 600_000;
      expect(ana.session.elapsed()).toBe(90_000);
      const changes = await ana.session.runTool({ tool: 'changes' });
      expect(changes.ok && changes.scope.endMs).toBe(page + 90_000);
      const query = ana.session.store.getState().actions.at(-1)!;
      expect(query.type === 'query' && query.at).toBe(90_000);

      // A member who joins while paused, and Ana reloading (same storage, fresh connections), read the same.
      const bo = await joinPlayer(first, 0, new MemoryStorage(), () => wall);
      clients.push(...bo.clients);
      expect(bo.session.nowMs()).toBe(page + 90_000);
      for (const c of ana.clients) disconnect(c);
      const reloaded = await joinPlayer(first, 0, storage, () => wall);
      clients.push(...reloaded.clients);
      expect(reloaded.session.store.getState().phase).toBe('investigating');
      expect(reloaded.session.nowMs()).toBe(page + 90_000);

      // The server restarts while the round is paused: a player joining after it still reads 90 s.
      for (const c of clients.splice(0)) disconnect(c);
      await first.gameday.close();
      firstOpen = false;
      wall += 60_000;
      const second = await startTestGameday(1, first.dataDir, first.gameday.port);
      try {
        const again = await joinPlayer(second, 0, storage, () => wall);
        clients.push(...again.clients);
        expect(again.session.nowMs()).toBe(page + 90_000);

        const back = await connect(
          second.gameday.url,
          nameOf(second.room, 'room'),
          second.room.facilitatorToken,
        );
        clients.push(back);
        resumeClock(back.doc, wall);
        await until([again.pub.doc], () => readClock(again.pub.doc).running === true);
        wall += 30_000;
        expect(again.session.nowMs()).toBe(page + 120_000);
        expect(second.logs).toEqual([]);
      } finally {
        for (const c of clients.splice(0)) disconnect(c);
        await second.gameday.close();
      }
      expect(first.logs).toEqual([]);
    } finally {
      for (const c of clients) disconnect(c);
      if (firstOpen) await first.gameday.close();
    }
  });
});

describe('deploy and rollback injects', () => {
  it('are stored on the targeted teams’ boards as changes, which the Changes tool lists once the clock reaches them', {
    timeout: 120_000,
  }, async () => {
    const t = await startTestGameday(2);
    const clients: Client[] = [];
    let wall = 1_000_000;
    try {
      const facilitator = await connect(t.gameday.url, nameOf(t.room, 'room'), t.room.facilitatorToken);
      clients.push(facilitator);
      resumeClock(facilitator.doc, wall);
      wall += 60_000;
      pauseClock(facilitator.doc, wall);
      const inject = { at: wall, body: '', title: '' };
      sendInject(facilitator.doc, {
        ...inject,
        id: 'rb',
        target: 'team-1',
        kind: 'rollback',
        title: 'Rolled back cart to 2.4.0',
        body: 'The on-call rolled it back.',
        service: 'cart',
        changeAtMs: 60_000,
      });
      sendInject(facilitator.doc, {
        ...inject,
        id: 'tk',
        target: 'all',
        kind: 'ticket',
        title: 'Refunds ticket',
      });
      sendInject(facilitator.doc, {
        ...inject,
        id: 'dp',
        target: 'all',
        kind: 'deploy',
        title: 'Deployed search 7.1',
        service: 'Search service',
        changeAtMs: 180_000,
      });

      const storage = new MemoryStorage();
      const ana = await joinPlayer(t, 0, storage, () => wall);
      const di = await joinPlayer(t, 1, new MemoryStorage(), () => wall);
      clients.push(...ana.clients, ...di.clients);
      const page = pageMs(ana.session.store.getState().scenario!);
      await until([ana.board.doc, di.board.doc], () => ana.board.doc.getArray('changes').length === 2);
      await until([di.board.doc], () => di.board.doc.getArray('changes').length === 1);
      const rollback: TimelineEvent = {
        id: 'inject-1',
        at: new Date(page + 59_000).toISOString(),
        kind: 'rollback',
        service: 'cart',
        description: 'Rolled back cart to 2.4.0 (The on-call rolled it back.)',
      };
      const deploy: TimelineEvent = {
        id: 'inject-3',
        at: new Date(page + 179_000).toISOString(),
        kind: 'deploy',
        description: 'Search service: Deployed search 7.1',
      };
      const iso = (e: TimelineEvent) => ({ ...e, at: new Date(parseTimestamp(e.at)!).toISOString() });
      expect(ana.board.doc.getArray<TimelineEvent>('changes').toArray().map(iso)).toEqual([rollback, deploy]);
      expect(di.board.doc.getArray<TimelineEvent>('changes').toArray().map(iso)).toEqual([deploy]);

      const listed = async (session: Session) => {
        const r = await session.runTool({ tool: 'changes', query: 'inject-' });
        return r.ok ? r.items.map((i) => (i.evidence.kind === 'change' ? i.evidence.eventId : '')) : [];
      };
      // At 60 s of round time the rollback has happened; the deploy is two minutes ahead.
      await expect.poll(() => listed(ana.session)).toEqual(['inject-1']);
      expect(await listed(di.session)).toEqual([]);
      resumeClock(facilitator.doc, wall);
      for (const pub of [ana.pub.doc, di.pub.doc]) await until([pub], () => readClock(pub).running === true);
      wall += 120_000;
      expect(await listed(ana.session)).toEqual(['inject-3', 'inject-1']);
      expect(await listed(di.session)).toEqual(['inject-3']);

      // A reload opens a fresh world; the changes come back from the board.
      for (const c of ana.clients) disconnect(c);
      const reloaded = await joinPlayer(t, 0, storage, () => wall);
      clients.push(...reloaded.clients);
      await expect.poll(() => listed(reloaded.session)).toEqual(['inject-3', 'inject-1']);
      expect(t.logs).toEqual([]);
    } finally {
      for (const c of clients) disconnect(c);
      await t.gameday.close();
    }
  });
});

describe('rounds and variants', () => {
  it('plays the variant asked for, starts each later round on a fresh variant, and serves that world', {
    timeout: 120_000,
  }, async () => {
    const t = await startTestGameday(2, undefined, 0, 3);
    const clients: Client[] = [];
    let open = true;
    try {
      const code = t.room.teams[0]!.code;
      const first = await joinInfo(t, code);
      expect(first.room).toMatchObject({ variant: 3, seed: 3, round: 1 });
      const facilitatorApi = (path = '', init?: RequestInit) =>
        fetch(`${t.gameday.url}/gameday/api/facilitator/${t.room.id}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${t.room.facilitatorToken}` },
        });
      const instancesOf = async (variant: number | undefined) => {
        const opened = await new WorldHost(sources).open('tutorial', variant);
        if (!opened.ok) throw new Error('the tutorial does not open');
        return Object.values(opened.instances).flat().sort();
      };
      const servedInstances = async () => {
        const res = await fetch(`${t.gameday.url}/rooms/${code}/loki/api/v1/label/instance/values`);
        return ((await res.json()) as { data: string[] }).data.sort();
      };
      // The room's Loki API answers for the world a player's host opens for the round's variant.
      expect(await servedInstances()).toEqual(await instancesOf(3));
      expect(await instancesOf(3)).not.toEqual(await instancesOf(undefined));

      const oldPub = await connect(t.gameday.url, first.docs.public, code);
      clients.push(oldPub);
      // Only the facilitator starts a round, and only on a whole, non-negative variant.
      expect(
        (await fetch(`${t.gameday.url}/gameday/api/facilitator/${t.room.id}/rounds`, { method: 'POST' }))
          .status,
      ).toBe(401);
      expect((await facilitatorApi('/rounds', { method: 'POST', body: '{"variant":-1}' })).status).toBe(400);
      expect((await facilitatorApi('/rounds', { method: 'POST', body: '{}' })).status).toBe(200);

      const second = await joinInfo(t, code);
      expect(second.room).toMatchObject({ variant: 4, seed: 4, round: 2 });
      expect(second.docs.public).toBe(`${t.room.id}/round-2/public`);
      expect(await servedInstances()).toEqual(await instancesOf(4));
      // The first round ends and points its players to the second.
      await until([oldPub.doc], () => oldPub.doc.getMap('round').get('next') === 2);
      expect(oldPub.doc.getMap('round').get('ended')).toBe(true);

      // The facilitator picks variant 1 for round 3; the room keeps every round's variant.
      expect((await facilitatorApi('/rounds', { method: 'POST', body: '{"variant":1}' })).status).toBe(200);
      const info = (await (await facilitatorApi()).json()) as {
        room: JoinInfo['room'];
        rounds: number[];
        nextVariant: number;
      };
      expect(info.room).toMatchObject({ variant: 1, round: 3 });
      expect(info.rounds).toEqual([3, 4, 1]);
      expect(info.nextVariant).toBe(5);

      // A player of round 3 opens round 3's board, fresh, and the server's world plays variant 1.
      const player = await joinPlayer(t, 1, new MemoryStorage(), () => 0);
      clients.push(...player.clients);
      expect(player.info.docs.boards).toEqual([`${t.room.id}/round-3/team/team-2`]);
      const played = Object.values(player.session.store.getState().world.instances).flat().sort();
      expect(played).toEqual(await instancesOf(1));

      // A restart resumes round 3 on variant 1.
      for (const c of clients.splice(0)) disconnect(c);
      await t.gameday.close();
      open = false;
      const again = await startTestGameday(2, t.dataDir, t.gameday.port);
      try {
        expect(again.room.rounds).toEqual([{ variant: 3 }, { variant: 4 }, { variant: 1 }]);
        expect((await joinInfo(again, code)).room).toMatchObject({ variant: 1, round: 3 });
        expect([...t.logs, ...again.logs].filter((l) => !l.includes('started on variant'))).toEqual([]);
      } finally {
        await again.gameday.close();
      }
    } finally {
      for (const c of clients) disconnect(c);
      if (open) await t.gameday.close();
    }
  });
});
