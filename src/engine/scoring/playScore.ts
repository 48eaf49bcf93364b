import type { Action } from '../investigation/actions.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { MitigationEffect } from '../sim/response/outcomes.ts';
import type { ScoreReport } from './score.ts';
import { score } from './score.ts';

/**
 * Everything a play's score depends on besides the scenario. The debrief, the saved progress, a game day's
 * leaderboard and its retro all score a `Play`, so the total one shows is the total the others keep.
 */
export interface Play {
  /** The steps taken, in the order the game scores them. */
  readonly actions: readonly Action[];
  /** What each mitigation applied did, as the simulation judged it (none when nothing was applied). */
  readonly effects: readonly MitigationEffect[];
  /** Whether the player could mitigate: when they could not, the response part is left out of the score. */
  readonly respond: boolean;
}

/**
 * The one score of a play.
 * @example scorePlay(scenario, { actions, effects: [], respond: true }).total
 */
export function scorePlay(scenario: Scenario, play: Play): ScoreReport {
  return score(scenario, play.actions, play.effects, { response: play.respond });
}

/**
 * A game day team's play from its board: the steps by elapsed time, ties kept in board order. Its players
 * each have a world of their own, so none of them mitigates and response is not scored.
 */
export function teamPlay(boardActions: readonly Action[]): Play {
  const actions = boardActions
    .map((action, i) => ({ action, i }))
    .sort((a, b) => a.action.at - b.action.at || a.i - b.i)
    .map(({ action }) => action);
  return { actions, effects: [], respond: false };
}
