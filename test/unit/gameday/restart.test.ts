import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docFile } from '../../../src/server/gameday/persistence.ts';
import type { Client } from './harness.ts';
import { connect, disconnect, hypothesis, logQuery, nameOf, startTestGameday, until } from './harness.ts';

describe('a server restart in the middle of a round', () => {
  it('keeps rooms, boards, the clock and hints, and takes back what a player did while it was down', {
    timeout: 120_000,
  }, async () => {
    const first = await startTestGameday(1);
    const { room, dataDir } = first;
    const code = room.teams[0]!.code;
    const boardName = nameOf(room, 'team');
    const a = await connect(first.gameday.url, boardName, code, 'ana');
    const b = await connect(first.gameday.url, boardName, code, 'bo');
    const facilitator = await connect(first.gameday.url, nameOf(room, 'room'), room.facilitatorToken);
    a.doc.getArray('actions').push([
      { by: a.member!, action: hypothesis('h1', 1000, 'the deploy broke checkout') },
      { by: a.member!, action: logQuery(2000, '{service="web"} |= "502"') },
    ]);
    facilitator.doc.transact(() => {
      facilitator.doc.getMap('clock').set('running', true);
      facilitator.doc.getMap('clock').set('startedAt', 1_000_000);
      facilitator.doc
        .getArray('hints')
        .push([{ id: 'hint-1', at: 3, target: 'all', text: 'Look at the change log.' }]);
    });
    await until(
      [b.doc],
      () => b.doc.getArray('actions').length === 2 && b.doc.getArray('inbox').length === 1,
    );
    disconnect(a);
    disconnect(facilitator);

    await first.gameday.close();
    expect(existsSync(docFile(dataDir, boardName))).toBe(true);
    // Player b keeps working while the server is down; y-websocket keeps the change in b's document.
    b.doc
      .getArray('actions')
      .push([{ by: b.member!, action: hypothesis('h2', 5000, 'a config flag flipped') }]);

    const second = await startTestGameday(1, dataDir, first.gameday.port);
    const clients: Client[] = [b];
    try {
      expect(second.gameday.created).toEqual([]);
      expect(second.room).toEqual(room);
      // b's provider reconnects by itself; a reloaded player and the facilitator connect afresh.
      const reloaded = await connect(second.gameday.url, boardName, code);
      const again = await connect(second.gameday.url, nameOf(room, 'room'), room.facilitatorToken);
      clients.push(reloaded, again);
      await until([reloaded.doc], () => reloaded.doc.getArray('actions').length === 3);
      expect(
        reloaded.doc
          .getArray<{ action: { id: string } }>('actions')
          .toJSON()
          .map((e) => e.action.id),
      ).toEqual(['h1', undefined, 'h2']);
      expect(reloaded.doc.getArray('inbox').toJSON()).toEqual([
        { type: 'hint', hint: { id: 'hint-1', at: 3, target: 'all', text: 'Look at the change log.' } },
      ]);
      expect(again.doc.getMap('clock').toJSON()).toEqual({ running: true, startedAt: 1_000_000 });
      expect([...first.logs, ...second.logs]).toEqual([]);
    } finally {
      for (const c of clients) disconnect(c);
      await second.gameday.close();
    }
  });
});
