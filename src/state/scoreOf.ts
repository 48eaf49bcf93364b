import type { Play } from '../engine/scoring/playScore.ts';
import { scorePlay, teamPlay } from '../engine/scoring/playScore.ts';
import type { ScoreReport } from '../engine/scoring/score.ts';
import type { AppState } from './store.ts';

/** What the score of a play is computed from, as the store holds it. */
export type ScoreInputs = Pick<AppState, 'revealed' | 'actions' | 'effects' | 'canRespond' | 'gameday'>;

/**
 * The play as it is scored: a game day player's steps are their team's board, scored as the server scores
 * the team; a solo play is its steps in order, with what its mitigations did.
 */
export function playOf(state: ScoreInputs): Play {
  if (state.gameday) return teamPlay(state.actions);
  return { actions: state.actions, effects: state.effects ?? [], respond: state.canRespond };
}

/** The one score of the play the store holds (undefined until the whole scenario is known). */
export function scoreOf(state: ScoreInputs): ScoreReport | undefined {
  return state.revealed ? scorePlay(state.revealed, playOf(state)) : undefined;
}
