import type { SliceOf } from '../store.ts';

/** The game day round a player's investigation belongs to. */
export interface GamedayRound {
  readonly roomId: string;
  readonly round: number;
  readonly variant: number;
  readonly memberId: string;
}

/** A game day: the round this play is part of, which decides how it is scored (as its team is). */
export interface GamedaySlice {
  /** Undefined for a solo play. */
  readonly gameday: GamedayRound | undefined;
  joinRound(round: GamedayRound): void;
}

export const createGamedaySlice: SliceOf<GamedaySlice> = (set) => ({
  gameday: undefined,
  joinRound: (round) => set({ gameday: round }),
});
