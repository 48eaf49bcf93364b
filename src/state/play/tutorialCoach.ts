import type { Action } from '../../engine/investigation/actions.ts';
import type { KeyValueStorage } from '../save.ts';

/** The scenario the coach walks a newcomer through. */
export const TUTORIAL_ID = 'tutorial';

/** Where a player who knows the method is remembered to have skipped the coach. */
export const TUTORIAL_SKIPPED_KEY = 'twoam.tutorialSkipped';

/** Where the play is: the coach shows each step in any phase, the last one on the debrief. */
export type CoachPhase =
  | 'menu'
  | 'briefing'
  | 'investigating'
  | 'diagnosing'
  | 'wrong'
  | 'debrief'
  | 'loading';

/** One thing the score rewards, as the coach asks for it, and how it knows the player did it. */
export interface CoachStep {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  /** Whether the steps taken so far (and the phase) show it done. */
  readonly done: (actions: readonly Action[], phase: CoachPhase) => boolean;
}

const isLogQuery = (a: Action): a is Extract<Action, { type: 'query' }> =>
  a.type === 'query' && a.tool === 'logs';
// A selector that names a service, `{service="web"}`, is what clicking a service on the map runs.
const scoped = (query: string) => /\{[^}]*\bservice\s*=\s*"[^"]+"/.test(query);
const filtered = (query: string) => /\|[=~]/.test(query);
const some =
  (test: (a: Action) => boolean) =>
  (actions: readonly Action[]): boolean =>
    actions.some(test);

/**
 * The method, in the order the score rewards it. Each step is done by doing it in the game, never by a
 * button: the coach reads the steps the flow recorded.
 */
export const COACH_STEPS: readonly CoachStep[] = [
  {
    id: 'scope',
    title: 'Scope to a service',
    text: 'The page says checkout fails. Click web on the ops map: the logs below then show only web’s lines.',
    done: some((a) => isLogQuery(a) && scoped(a.query)),
  },
  {
    id: 'query',
    title: 'Ask the logs a question',
    text: 'Type a piece of text the failing requests share (a route, a status code) in "Line contains" and press Search.',
    done: some((a) => isLogQuery(a) && a.browse !== true && filtered(a.query)),
  },
  {
    id: 'pin',
    title: 'Pin the evidence',
    text: 'Pin a line that shows the failure: the score counts what you pinned, not what you saw. Pin whatever else looks suspicious too, and look one service further.',
    done: some((a) => a.type === 'pin'),
  },
  {
    id: 'hypothesis',
    title: 'State a hypothesis',
    text: 'Open the Case board and write down what you think is happening, with the component you suspect.',
    done: some((a) => a.type === 'hypothesis'),
  },
  {
    id: 'mark',
    title: 'Mark evidence for and against',
    text: 'On a hypothesis card, mark a pinned item as supporting it and another as refuting it (or one hypothesis each way).',
    done: (actions) =>
      actions.some((a) => a.type === 'mark' && a.stance === 'supports') &&
      actions.some((a) => a.type === 'mark' && a.stance === 'refutes'),
  },
  {
    id: 'refute',
    title: 'Refute the misleading signal',
    text: 'Something here looks guilty and is not. Give it a hypothesis of its own, mark the evidence against it and set its status to refuted.',
    done: some((a) => a.type === 'hypothesis status' && a.status === 'refuted'),
  },
  {
    id: 'chain',
    title: 'Build the causal chain',
    text: 'In Causal chain, link the change that set it off to what broke, and what broke to the symptom on the page, citing your pins.',
    done: some((a) => a.type === 'link'),
  },
  {
    id: 'fix',
    title: 'Choose a fix',
    text: 'Pick what a responder would do: in the diagnosis form’s "Mitigate with it", or on the Respond tab.',
    done: some((a) => a.type === 'mitigate'),
  },
  {
    id: 'diagnose',
    title: 'Submit the diagnosis',
    text: 'Name the component at fault, the kind of fault and what set it off, say how sure you are, and submit.',
    done: some((a) => a.type === 'diagnose'),
  },
  {
    id: 'debrief',
    title: 'Read the debrief',
    text: 'The debrief shows how each part of the score was earned, the story of what happened and what your fix did. Every scenario is scored this way.',
    // The last step: the player reads it, and finishes the tutorial with the coach's button.
    done: () => false,
  },
];

/** Where the coach is: the step to do next (none once all are done) and how many are done. */
export interface CoachProgress {
  readonly index: number;
  readonly step: CoachStep | undefined;
  readonly total: number;
}

/** The steps of a play: a play that takes no mitigation (a game day's) has no fix to choose. */
export function coachSteps(respond: boolean): readonly CoachStep[] {
  return respond ? COACH_STEPS : COACH_STEPS.filter((s) => s.id !== 'fix');
}

/**
 * The coach's step: the first not yet done, in order, so a step done early (a pin before the first query)
 * counts as soon as the steps before it are done too. On the debrief it is the last step, reading it,
 * however many were skipped on the way there.
 */
export function coachProgress(actions: readonly Action[], phase: CoachPhase, respond = true): CoachProgress {
  const steps = coachSteps(respond);
  const index = phase === 'debrief' ? steps.length - 1 : steps.findIndex((s) => !s.done(actions, phase));
  const at = index < 0 ? steps.length : index;
  return { index: at, step: steps[at], total: steps.length };
}

/** Whether this browser's player chose to skip the tutorial's coach. */
export function tutorialSkipped(storage: KeyValueStorage | undefined): boolean {
  try {
    return storage?.getItem(TUTORIAL_SKIPPED_KEY) === '1';
  } catch {
    return false;
  }
}

/** Remembers that the player skipped the coach, so it stays away on later plays. */
export function skipTutorial(storage: KeyValueStorage | undefined): void {
  try {
    storage?.setItem(TUTORIAL_SKIPPED_KEY, '1');
  } catch {
    // A storage that refuses only means the coach comes back next time.
  }
}
