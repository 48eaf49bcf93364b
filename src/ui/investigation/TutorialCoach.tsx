import { useState } from 'preact/hooks';
import { coachProgress, skipTutorial, TUTORIAL_ID, tutorialSkipped } from '../../state/play/tutorialCoach.ts';
import type { Session } from '../../state/session.ts';
import { useStore } from '../useStore.ts';
import './tutorialCoach.css';

/**
 * The tutorial's coach: one step of the method at a time, advancing when the player does it in the game
 * (the coach reads the steps the flow recorded), until the debrief. Shown only in the tutorial, and never
 * again once skipped in this browser.
 */
export function TutorialCoach({ session }: { session: Session }) {
  const id = useStore(session.store, (s) => s.scenario?.id ?? s.revealed?.id);
  const actions = useStore(session.store, (s) => s.actions);
  const phase = useStore(session.store, (s) => s.phase);
  const storage = globalThis.localStorage;
  const [skipped, setSkipped] = useState(() => tutorialSkipped(storage));
  if (id !== TUTORIAL_ID || skipped) return null;
  const { index, step, total } = coachProgress(actions, phase, session.canRespond);
  const skip = () => {
    skipTutorial(storage);
    setSkipped(true);
  };
  return (
    <section class="tutorial-coach" aria-label="Tutorial" data-step={step?.id ?? 'done'}>
      <p class="muted" aria-live="polite">
        {step ? `Tutorial · step ${index + 1} of ${total}` : 'Tutorial · done'}
      </p>
      <h2>{step ? step.title : 'You have followed the whole method'}</h2>
      <p>
        {step
          ? step.text
          : 'Scope, query, pin, hypothesise, weigh the evidence, refute, chain, fix, diagnose and read the debrief: every scenario rewards the same steps.'}
      </p>
      {step && (
        <button type="button" class="link" onClick={skip}>
          {index === total - 1 ? 'Finish tutorial' : 'Skip tutorial'}
        </button>
      )}
    </section>
  );
}
