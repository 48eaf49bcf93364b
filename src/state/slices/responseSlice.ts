import type { MitigationEffect } from '../../engine/sim/response/outcomes.ts';
import type { SliceOf } from '../store.ts';

/** The response: whether this play offers mitigations, and what those applied did once judged. */
export interface ResponseSlice {
  /** Whether the trainee may apply mitigations (a game day's players do not). */
  readonly canRespond: boolean;
  /** What each mitigation applied did, judged from how users fared before and after; undefined until judged. */
  readonly effects: readonly MitigationEffect[] | undefined;
  responseJudged(effects: readonly MitigationEffect[]): void;
  forgetResponse(): void;
}

export function createResponseSlice(canRespond: boolean): SliceOf<ResponseSlice> {
  return (set) => ({
    canRespond,
    effects: undefined,
    responseJudged: (effects) => set({ effects }),
    forgetResponse: () => set({ effects: undefined }),
  });
}
