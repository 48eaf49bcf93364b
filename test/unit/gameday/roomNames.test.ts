import { describe, expect, it } from 'vitest';
import type { RoomRecord } from '../../../src/server/gameday/rooms.ts';
import {
  docName,
  findDoc,
  freshVariant,
  newRoom,
  RoomRecordSchema,
} from '../../../src/server/gameday/rooms.ts';

const room: RoomRecord = {
  ...newRoom({ file: '/tmp/tutorial.yaml', id: 'tutorial', title: 'Your first page', seed: 2026 }, 2, 3),
  id: 'ROOM1234',
};
room.rounds.push({ variant: 4 }, { variant: 1 });

describe('documents of a room’s rounds', () => {
  it.each<{ name: string; found: { kind: string; team?: string; round: number } | undefined }>([
    { name: 'ROOM1234/room', found: { kind: 'room', round: 1 } },
    { name: 'ROOM1234/team/team-2', found: { kind: 'team', team: 'team-2', round: 1 } },
    { name: 'ROOM1234/round-2/public', found: { kind: 'public', round: 2 } },
    { name: 'ROOM1234/round-3/team/team-1', found: { kind: 'team', team: 'team-1', round: 3 } },
    // Round 1 has no number in its names; a round not started yet has no documents.
    { name: 'ROOM1234/round-1/room', found: undefined },
    { name: 'ROOM1234/round-4/room', found: undefined },
    { name: 'ROOM1234/round-02/room', found: undefined },
    { name: 'ROOM1234/round-2/team/team-3', found: undefined },
    { name: 'ROOM1234/round-2/room/extra', found: undefined },
    { name: 'OTHER/round-2/room', found: undefined },
  ])('$name', ({ name, found }) => {
    const address = findDoc([room], name);
    expect(
      address && {
        kind: address.kind,
        ...(address.team ? { team: address.team.id } : {}),
        round: address.round,
      },
    ).toEqual(found);
    if (address) expect(docName(room, address.kind, address.team, address.round)).toBe(name);
  });

  it('names the current round’s documents by default and offers a variant no round played', () => {
    expect(docName(room, 'team', room.teams[0])).toBe('ROOM1234/round-3/team/team-1');
    expect(freshVariant(room)).toBe(5);
  });

  it('reads a room kept before rounds as one round of the scenario as written', () => {
    const { rounds: _, ...older } = room;
    expect(RoomRecordSchema.parse(older).rounds).toEqual([{ variant: 0 }]);
  });
});
