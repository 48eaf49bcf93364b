import type * as Y from 'yjs';
import type { z } from 'zod';
import type { Action } from '../../engine/investigation/actions.ts';
import type { InvestigationState } from '../../engine/investigation/notebook.ts';
import { replay } from '../../engine/investigation/notebook.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { scorePlay, teamPlay } from '../../engine/scoring/playScore.ts';
import { orderedEntries } from '../../engine/scoring/retro.ts';
import type { ScoreReport } from '../../engine/scoring/score.ts';
import type {
  BoardEntrySchema,
  InboxItemSchema,
  MemberSchema,
  StatusUpdateSchema,
  TEAM_ROLES,
} from '../../protocol/gamedaySchemas.ts';

/** One step on a team's board. */
export type BoardEntry = z.infer<typeof BoardEntrySchema>;
/** A member as the board lists them. */
export type Member = z.infer<typeof MemberSchema>;
/** A status update written for the facilitator. */
export type StatusUpdate = z.infer<typeof StatusUpdateSchema>;
/** An inject or hint the server copied into the team's inbox. */
export type InboxItem = z.infer<typeof InboxItemSchema>;
/** A team role. */
export type TeamRole = (typeof TEAM_ROLES)[number];

/** What a team's board holds, as plain data. */
export interface BoardView {
  readonly entries: readonly BoardEntry[];
  readonly members: Readonly<Record<string, Member>>;
  readonly status: readonly StatusUpdate[];
  readonly inbox: readonly InboxItem[];
}

/** Reads a team's board document. */
export function readBoard(doc: Y.Doc): BoardView {
  return {
    entries: doc.getArray<BoardEntry>('actions').toArray(),
    members: doc.getMap<Member>('members').toJSON() as Record<string, Member>,
    status: doc.getArray<StatusUpdate>('status').toArray(),
    inbox: doc.getArray<InboxItem>('inbox').toArray(),
  };
}

/** The board's actions in scoring order (by elapsed time). */
export function boardActions(view: BoardView): Action[] {
  return orderedEntries(view.entries).map((e) => e.action);
}

/**
 * The team's score so far, as the facilitator follows it: the board's steps scored as the server scores
 * them once the round ends (before its check of each step against the team's world).
 */
export function boardScore(scenario: Scenario, view: BoardView): ScoreReport {
  return scorePlay(scenario, teamPlay(view.entries.map((e) => e.action)));
}

/** The shared case board: every member's steps replayed together. */
export function boardState(view: BoardView): InvestigationState {
  return replay(boardActions(view));
}

/** The display name of a member id, or a neutral label for someone who has not named themselves. */
export function memberName(view: BoardView, id: string): string {
  return view.members[id]?.name ?? 'a teammate';
}

/** Adds (or renames) the member on the board. */
export function joinTeam(doc: Y.Doc, memberId: string, name: string, role: TeamRole, now: number): void {
  const members = doc.getMap<Member>('members');
  const before = members.get(memberId);
  members.set(memberId, { name, role, joinedAt: before?.joinedAt ?? now });
}

/** Appends a status update for the facilitator. */
export function postStatus(doc: Y.Doc, memberId: string, text: string, now: number): void {
  doc.getArray<StatusUpdate>('status').push([{ by: memberId, at: now, text }]);
}

const keyOf = (a: Action) => JSON.stringify(a);

/**
 * Keeps a player's own steps on the team board: each action the local investigation records and the
 * board does not hold yet is appended under this member. Steps already there (sent before a reload, or a
 * teammate's step mirrored into this investigation) are recognised by content and never sent twice.
 * Nothing is sent while `paused()` holds (the round has ended and the server refuses changes to boards).
 */
export function forwardActions(
  doc: Y.Doc,
  memberId: string,
  subscribe: (listener: (actions: readonly Action[]) => void) => () => void,
  paused: () => boolean,
): () => void {
  const board = doc.getArray<BoardEntry>('actions');
  let latest: readonly Action[] = [];
  const flush = () => {
    if (paused()) return;
    const have = new Set(board.toArray().map((e) => keyOf(e.action)));
    const fresh = latest.filter((a) => !have.has(keyOf(a)));
    if (fresh.length > 0) board.push(fresh.map((action) => ({ by: memberId, action })));
  };
  const stop = subscribe((actions) => {
    latest = actions;
    flush();
  });
  return stop;
}

/** A step a teammate took that the local investigation can replay (diagnoses stay each member's own). */
export type MirroredAction = Exclude<Action, { type: 'diagnose' }>;

/**
 * Brings teammates' steps into the local investigation, in board order, so the player's own case board,
 * chain builder and score see the team's pins, hypotheses and links. A teammate's query comes before
 * their pin on the board, so the pin passes the "only what a tool showed" rule here too. Steps the local
 * flow does not take yet (before the briefing is over) are offered again on the next call.
 */
export function mirrorTeammates(
  doc: Y.Doc,
  memberId: string,
  local: () => readonly Action[],
  apply: (action: MirroredAction) => void,
): () => void {
  let applying = false;
  return () => {
    // Applying a step changes the local store, which calls back here: the running loop covers it.
    if (applying) return;
    applying = true;
    try {
      const have = new Set(local().map(keyOf));
      for (const e of doc.getArray<BoardEntry>('actions').toArray()) {
        if (e.by === memberId || e.action.type === 'diagnose' || have.has(keyOf(e.action))) continue;
        apply(e.action);
        have.add(keyOf(e.action));
      }
    } finally {
      applying = false;
    }
  };
}
