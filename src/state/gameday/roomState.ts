import type * as Y from 'yjs';
import type { z } from 'zod';
import type {
  ClockSchema,
  HintSchema,
  INJECT_KINDS,
  InjectSchema,
  RoundSchema,
  StandingSchema,
} from '../../protocol/gamedaySchemas.ts';

/** The round's clock. */
export type Clock = z.infer<typeof ClockSchema>;
/** An inject the facilitator sends. */
export type Inject = z.infer<typeof InjectSchema>;
/** The kinds of inject. */
export type InjectKind = (typeof INJECT_KINDS)[number];
/** A hint the facilitator sends. */
export type Hint = z.infer<typeof HintSchema>;
/** Whether the round has ended. */
export type Round = z.infer<typeof RoundSchema>;
/** A team's line on the leaderboard, with its team id. */
export type Standing = z.infer<typeof StandingSchema> & { readonly teamId: string };

/** The round time in ms at `now`: what was banked plus the current run. */
export function elapsedMs(clock: Clock, now: number): number {
  const banked = clock.elapsedMs ?? 0;
  return clock.running === true && typeof clock.startedAt === 'number'
    ? banked + Math.max(0, now - clock.startedAt)
    : banked;
}

/** mm:ss (or h:mm:ss) of a duration. */
export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Reads the clock map of the room or public document. */
export function readClock(doc: Y.Doc): Clock {
  return doc.getMap('clock').toJSON() as Clock;
}

/** Reads the round map of the room or public document. */
export function readRound(doc: Y.Doc): Round {
  return doc.getMap('round').toJSON() as Round;
}

/** Starts or resumes the clock (facilitator). */
export function resumeClock(roomDoc: Y.Doc, now: number): void {
  const clock = roomDoc.getMap('clock');
  if (clock.get('running') === true) return;
  roomDoc.transact(() => {
    clock.set('running', true);
    clock.set('startedAt', now);
  });
}

/** Pauses the clock, banking the time run so far (facilitator). */
export function pauseClock(roomDoc: Y.Doc, now: number): void {
  const clock = roomDoc.getMap('clock');
  if (clock.get('running') !== true) return;
  const banked = elapsedMs(readClock(roomDoc), now);
  roomDoc.transact(() => {
    clock.set('elapsedMs', banked);
    clock.set('running', false);
    clock.set('startedAt', null);
  });
}

/** Ends the round: the clock stops and every board becomes read-only (facilitator). */
export function endRound(roomDoc: Y.Doc, now: number): void {
  pauseClock(roomDoc, now);
  const round = roomDoc.getMap('round');
  roomDoc.transact(() => {
    round.set('ended', true);
    round.set('endedAt', now);
  });
}

/** Sends an inject to a team or to `all` (facilitator). */
export function sendInject(roomDoc: Y.Doc, inject: Inject): void {
  roomDoc.getArray<Inject>('injects').push([inject]);
}

/** Sends a hint to a team or to `all` (facilitator). */
export function sendHint(roomDoc: Y.Doc, hint: Hint): void {
  roomDoc.getArray<Hint>('hints').push([hint]);
}

/** The injects and hints sent so far. */
export function readSent(roomDoc: Y.Doc): { injects: Inject[]; hints: Hint[] } {
  return {
    injects: roomDoc.getArray<Inject>('injects').toArray(),
    hints: roomDoc.getArray<Hint>('hints').toArray(),
  };
}

/**
 * The leaderboard of the public document, best first: score (published when the round ends), then the
 * earliest diagnosis, then name.
 */
export function readStandings(publicDoc: Y.Doc): Standing[] {
  const board = publicDoc.getMap('leaderboard').toJSON() as Record<string, z.infer<typeof StandingSchema>>;
  return Object.entries(board)
    .map(([teamId, s]) => ({ ...s, teamId }))
    .sort(
      (a, b) =>
        (b.score ?? 0) - (a.score ?? 0) ||
        (a.diagnosedAtMs ?? Number.POSITIVE_INFINITY) - (b.diagnosedAtMs ?? Number.POSITIVE_INFINITY) ||
        a.name.localeCompare(b.name),
    );
}

/** A fresh id for an inject or hint. */
export function freshSentId(): string {
  return crypto.randomUUID();
}
