import { appliedMitigations } from '../../engine/investigation/responseSteps.ts';
import type { TimelineEvent } from '../../engine/scenario/schema.ts';
import { parseTimestamp } from '../../engine/scenario/units.ts';
import type { MitigationEffect } from '../../engine/sim/response/outcomes.ts';
import type { ChangesPlayed } from './changesPlayed.ts';
import { responseDelayOf } from './clock.ts';
import type { PlayContext } from './playContext.ts';

/** What applying a mitigation answers: the change it made and when it was done, or why it was not made. */
export type MitigationResult = { change: TimelineEvent; doneMs: number } | { error: string };

/** The response: mitigations applied to the world now, and what they did, judged for the debrief. */
export interface Mitigation {
  apply(mitigation: string): Promise<MitigationResult>;
  judge(): Promise<MitigationEffect[]>;
}

export function createMitigation(
  context: PlayContext,
  changes: ChangesPlayed,
  learnTheAnswer: () => Promise<void>,
): Mitigation {
  const { host, store, actor, clock } = context;
  return {
    apply: async (mitigation) => {
      const { scenario, canRespond } = store.getState();
      if (!canRespond) return { error: 'mitigations are not applied in this play' };
      if (!scenario) return { error: 'no world is open' };
      // The action's time is fixed once, so a reload replays it at exactly the same moment.
      const at = Math.round(clock.elapsed());
      const atMs = parseTimestamp(scenario.briefing.page.at)! + at + responseDelayOf(store.getState());
      const result = await host.mitigate(mitigation, atMs);
      if ('error' in result) return result;
      changes.note([result.change]);
      store.getState().mitigationCosted(mitigation, result.doneMs - atMs);
      actor.send({ type: 'act', action: { type: 'mitigate', at, mitigation } });
      return result;
    },
    judge: async () => {
      // Judged for the debrief: the whole scenario is known by then (asked for again if a reload lost it).
      await learnTheAnswer();
      const { revealed: scenario, actions } = store.getState();
      if (!scenario) return [];
      const steps = appliedMitigations(scenario, actions).map(({ mitigation, atMs }) => ({
        mitigation,
        atMs,
      }));
      return steps.length ? host.judgeResponse(steps) : [];
    },
  };
}
