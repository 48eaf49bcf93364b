import type { SliceOf } from '../store.ts';

/** The pager: whether its ring is heard. It is a preference of this browser, not part of a play's save. */
export interface PagerSlice {
  /** Whether the pager rings aloud; muted until the player turns it on. */
  readonly pagerSound: boolean;
  /** Turns the pager's sound on or off. */
  setPagerSound(on: boolean): void;
  /** Turns the pager's sound on if it was off, off if it was on. */
  togglePagerSound(): void;
}

export const createPagerSlice: SliceOf<PagerSlice> = (set, get) => ({
  pagerSound: false,
  setPagerSound: (on) => set({ pagerSound: on }),
  togglePagerSound: () => set({ pagerSound: !get().pagerSound }),
});
