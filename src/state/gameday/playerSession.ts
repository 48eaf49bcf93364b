import type * as Y from 'yjs';
import type { TimelineEvent } from '../../engine/scenario/schema.ts';
import type { KeyValueStorage } from '../save.ts';
import type { Session, WorldHostLike } from '../session.ts';
import { startSession } from '../session.ts';
import type { JoinInfo } from './connection.ts';
import { fetchDebrief } from './remoteHost.ts';
import { elapsedMs, readClock, readRound } from './roomState.ts';
import { forwardActions, mirrorTeammates } from './teamBoard.ts';

/** What a game day player's investigation runs on: the room, the team's board and the public board. */
export interface PlayerSessionOptions {
  readonly info: JoinInfo;
  readonly memberId: string;
  /** The team's board and the public board, synced with the server. */
  readonly board: Y.Doc;
  readonly pub: Y.Doc;
  /** The team's world, which the server holds (see `remoteHost`): it plays the round's variant. */
  readonly host: WorldHostLike;
  /** The player's join code, which opens the team's debrief once the round has ended. */
  readonly code: string;
  /** The game day server's origin (the page's own by default). */
  readonly origin?: string;
  /** The player's storage for this room (the session's keys are prefixed per round and member here). */
  readonly storage: KeyValueStorage;
  /** Wall-clock time in ms, as the facilitator's clock stamps the round (`Date.now` in the browser). */
  readonly wallClock: () => number;
}

/** Storage under a prefix, so the investigations of different rounds and members never meet. */
function prefixed(storage: KeyValueStorage, prefix: string): KeyValueStorage {
  return {
    getItem: (key) => storage.getItem(prefix + key),
    setItem: (key, value) => storage.setItem(prefix + key, value),
    removeItem: (key) => storage.removeItem(prefix + key),
  };
}

/** The round's time on the public board: it stops while the facilitator pauses and resumes where it stopped. */
export function roundClock(pub: Y.Doc, wallClock: () => number): () => number {
  return () => elapsedMs(readClock(pub), wallClock());
}

/**
 * Starts a player's investigation in a game day room: the round's variant of the scenario, the round's
 * clock as the incident clock, the facilitator's deploys and rollbacks in the Changes tool, and the
 * player's steps kept in step with the team's board both ways.
 */
export async function startPlayerSession(o: PlayerSessionOptions): Promise<Session> {
  const { info, board, pub, host } = o;
  // Each round starts a fresh investigation; the first keeps the names it had before rounds.
  const round = info.room.round > 1 ? `round-${info.room.round}.` : '';
  const session = startSession({
    host,
    storage: prefixed(o.storage, `twoam.gameday.${info.room.id}.${round}${o.memberId}.`),
    now: () => performance.now(),
    // The incident clock is the round's: it stops while the facilitator pauses, is the same for every
    // member (so the board's steps order by one clock), and a member who joins or reloads reads it afresh.
    elapsed: roundClock(pub, o.wallClock),
    // The team shares one world on the server, which takes no mitigation: a game day is scored on the
    // investigation alone.
    respond: false,
  });
  // The player's score is their team's: the store scores the play as the server scores the team's board.
  session.store.getState().joinRound({
    roomId: info.room.id,
    round: info.room.round,
    variant: info.room.variant,
    memberId: o.memberId,
  });
  await session.ready;
  if (session.store.getState().phase === 'menu')
    session.send({ type: 'select scenario', scenarioId: info.room.scenarioId });

  // Deploys and rollbacks the facilitator injects join the team's world on the server, whose Changes tool
  // lists them once the clock reaches their time; the session notes them so the tool looks again then.
  const changes = board.getArray<TimelineEvent>('changes');
  const addChanges = () => {
    if (session.store.getState().world.state === 'ready' && changes.length > 0)
      void session.addChanges(changes.toArray());
  };
  changes.observe(addChanges);
  session.store.subscribe((s) => s.world.state, addChanges);
  addChanges();

  const mirror = mirrorTeammates(
    board,
    o.memberId,
    () => session.store.getState().actions,
    (action) => session.send({ type: 'act', action }),
  );
  board.on('update', mirror);
  session.store.subscribe((s) => s.phase, mirror);
  mirror();
  // A diagnosis submitted during the round is judged when the round ends: the server sends the debrief,
  // with the whole scenario, then and not before.
  const openDebrief = async () => {
    const state = session.store.getState();
    if (state.phase !== 'debrief' || state.revealed || readRound(pub).ended !== true) return;
    const debrief = await fetchDebrief(o.origin ?? '', o.code, info.room.round);
    const now = session.store.getState();
    if (!debrief || now.revealed) return;
    // The play reached its debrief before the answer did: the session scores it now, and asks the server
    // for the incident's replay (see settleScoreOnDebrief).
    now.scenarioRevealed(debrief.scenario);
  };
  pub.getMap('round').observe(() => void openDebrief());
  session.store.subscribe(
    (s) => s.phase,
    () => void openDebrief(),
  );
  void openDebrief();
  forwardActions(
    board,
    o.memberId,
    (listener) => {
      listener(session.store.getState().actions);
      return session.store.subscribe((s) => s.actions, listener);
    },
    () => readRound(pub).ended === true,
  );
  return session;
}
