import type { InvestigationState } from '../../engine/investigation/notebook.ts';
import { EMPTY_INVESTIGATION } from '../../engine/investigation/notebook.ts';
import type { SliceOf } from '../store.ts';

/**
 * The case board: the notebook the flow keeps (pinned evidence, hypotheses, the chain, hints and
 * submissions), whether a hint is due, and whether the board's drawer is open.
 */
export interface CaseBoardSlice {
  /** The action log reduced by the flow; only the flow changes it (see `followFlow`). */
  readonly notebook: InvestigationState;
  /** The trainee has gone a while without progress: the hints panel offers the next hint. */
  readonly hintDue: boolean;
  /** Whether the case board drawer is open. */
  readonly boardOpen: boolean;
  showBoard(open: boolean): void;
}

export const createCaseBoardSlice: SliceOf<CaseBoardSlice> = (set) => ({
  notebook: EMPTY_INVESTIGATION,
  hintDue: false,
  boardOpen: true,
  showBoard: (open) => set({ boardOpen: open }),
});
