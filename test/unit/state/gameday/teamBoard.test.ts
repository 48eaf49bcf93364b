import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Action } from '../../../../src/engine/investigation/actions.ts';
import {
  boardState,
  forwardActions,
  joinTeam,
  memberName,
  mirrorTeammates,
  postStatus,
  readBoard,
} from '../../../../src/state/gameday/teamBoard.ts';

const hypothesis = (id: string, at: number): Action => ({ type: 'hypothesis', at, id, text: `idea ${id}` });

/** A store of a player's actions, as the session's store notifies them. */
function actionsStore() {
  let actions: Action[] = [];
  const listeners = new Set<(a: readonly Action[]) => void>();
  return {
    record(a: Action) {
      actions = [...actions, a];
      for (const l of listeners) l(actions);
    },
    subscribe(listener: (a: readonly Action[]) => void) {
      listener(actions);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

describe('forwardActions', () => {
  it('puts each of a member’s steps on the board once, in step with other members', () => {
    const doc = new Y.Doc();
    const ana = actionsStore();
    const bo = actionsStore();
    let ended = false;
    forwardActions(doc, 'ana', ana.subscribe, () => ended);
    forwardActions(doc, 'bo', bo.subscribe, () => ended);
    ana.record(hypothesis('h1', 10));
    bo.record(hypothesis('h2', 5));
    ana.record(hypothesis('h3', 20));
    expect(readBoard(doc).entries.map((e) => `${e.by}:${(e.action as { id: string }).id}`)).toEqual([
      'ana:h1',
      'bo:h2',
      'ana:h3',
    ]);
    // The shared board replays every member's steps in time order.
    expect(boardState(readBoard(doc)).hypotheses.map((h) => h.id)).toEqual(['h2', 'h1', 'h3']);
    // A player who comes back (a reload) does not send again what the board already holds.
    const again = actionsStore();
    again.record(hypothesis('h1', 10));
    forwardActions(doc, 'ana', again.subscribe, () => ended);
    expect(readBoard(doc).entries.length).toBe(3);
    ended = true;
    ana.record(hypothesis('h4', 30));
    expect(readBoard(doc).entries.length).toBe(3);
  });
});

describe('mirrorTeammates', () => {
  it('replays teammates’ steps locally once, and they are not sent back as the player’s own', () => {
    const doc = new Y.Doc();
    const ana = actionsStore();
    let anaActions: Action[] = [];
    const mirror = mirrorTeammates(
      doc,
      'ana',
      () => anaActions,
      (a) => {
        anaActions = [...anaActions, a];
        ana.record(a);
      },
    );
    forwardActions(doc, 'ana', ana.subscribe, () => false);
    doc.getArray('actions').push([
      { by: 'bo', action: hypothesis('h1', 5) },
      {
        by: 'bo',
        action: {
          type: 'diagnose',
          at: 6,
          diagnosis: { component: 'cart', fault: 'bad-deploy', confidence: 50 },
        },
      },
    ]);
    mirror();
    mirror();
    expect(anaActions).toEqual([hypothesis('h1', 5)]);
    expect(readBoard(doc).entries.map((e) => e.by)).toEqual(['bo', 'bo']);
  });
});

describe('members and status updates', () => {
  it('keeps the first join time when a member renames themselves', () => {
    const doc = new Y.Doc();
    joinTeam(doc, 'ana', 'Ana', 'commander', 100);
    joinTeam(doc, 'ana', 'Ana B', 'communications', 900);
    postStatus(doc, 'ana', 'Rolling back cart.', 1000);
    const view = readBoard(doc);
    expect(view.members).toEqual({ ana: { name: 'Ana B', role: 'communications', joinedAt: 100 } });
    expect(view.status).toEqual([{ by: 'ana', at: 1000, text: 'Rolling back cart.' }]);
    expect([memberName(view, 'ana'), memberName(view, 'zed')]).toEqual(['Ana B', 'a teammate']);
  });
});
