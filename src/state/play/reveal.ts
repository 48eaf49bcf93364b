import type { PublicChannelItem } from '../../engine/investigation/publicChannel.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { InvestigationEvent } from '../../flow/investigationMachine.ts';
import type { PlayContext } from './playContext.ts';
import { record } from './playContext.ts';

/**
 * What the page learns of the hidden part of a scenario, and when: the whole scenario at the first
 * submission (the flow needs it to say whether a diagnosis is right, the debrief to tell the story), a
 * hint's text once bought, the channel's messages as they appear. Everything else stays with the host.
 */
export interface Reveal {
  /** Asks the host for the whole scenario unless the page has it; tells the flow the answer. */
  learnTheAnswer(): Promise<void>;
  /** Sends an event to the flow; a submission waits for the answer, and a second one meanwhile is dropped. */
  send(event: InvestigationEvent): void;
  /** Buys a hint: records it, then fetches its text. */
  takeHint(index: number): Promise<void>;
  /** Fetches the texts of the hints bought that the page does not hold (after a reload). */
  readHints(): Promise<void>;
  /** The channel at the clock's now, as the host tells it. */
  channelAt(): Promise<PublicChannelItem[]>;
  /** The whole scenario for the author preview, without telling the flow or the score. */
  preview(): Promise<Scenario | undefined>;
}

export function createReveal(context: PlayContext): Reveal {
  const { host, store, actor } = context;
  let submitting = false;

  const learnTheAnswer = async () => {
    if (store.getState().revealed) return;
    const revealed = await host.reveal();
    if (!revealed) return;
    store.getState().scenarioRevealed(revealed);
    const { component, fault, alternatives } = revealed.solution.rootCause;
    actor.send({
      type: 'answer known',
      answer: { component, fault, ...(alternatives ? { alternatives } : {}) },
    });
  };

  const readHints = async () => {
    for (const index of actor.getSnapshot().context.notebook.hints) {
      if (store.getState().hintTexts[index] !== undefined) continue;
      const text = await host.hintText(index);
      if (text !== undefined) store.getState().hintRead(index, text);
    }
  };

  return {
    learnTheAnswer,
    send: (event) => {
      if (event.type !== 'submit') return actor.send(event);
      if (submitting) return;
      submitting = true;
      void learnTheAnswer()
        .then(() => actor.send(event))
        .finally(() => {
          submitting = false;
        });
    },
    takeHint: async (index) => {
      record(context, { type: 'hint', index });
      await readHints();
    },
    readHints,
    channelAt: async () => {
      const now = context.nowMs();
      if (!Number.isFinite(now)) return [];
      return host.channelAt(now, store.getState().actions);
    },
    preview: () => host.reveal(),
  };
}
