import { and, assign, setup } from 'xstate';
import type { Action, Diagnosis } from '../engine/investigation/actions.ts';
import type { InvestigationState } from '../engine/investigation/notebook.ts';
import {
  applyAction,
  EMPTY_INVESTIGATION,
  MAX_SUBMISSIONS,
  refusal,
  replay,
} from '../engine/investigation/notebook.ts';

/** The screens of one investigation, in the order a trainee meets them. */
export type Phase = 'menu' | 'briefing' | 'investigating' | 'diagnosing' | 'wrong' | 'debrief';

/** What the flow needs of the hidden truth to tell a right submission from a wrong one. */
export interface Answer {
  readonly component: string;
  readonly fault: string;
  /** Components and kinds of fault the scenario accepts as arguable, for part of the credit. */
  readonly alternatives?: { readonly components: readonly string[]; readonly faults: readonly string[] };
}

export interface InvestigationContext {
  readonly scenarioId: string | undefined;
  /** Every step taken, in order; the score and the saved game are computed from it. */
  readonly actions: readonly Action[];
  /** The same steps reduced by the engine's `applyAction`, so replaying `actions` gives this state. */
  readonly notebook: InvestigationState;
  readonly answer: Answer | undefined;
  /** Set when the trainee has gone a while without progress: the hints panel offers the next hint. */
  readonly hintDue: boolean;
}

/** A step the trainee takes while investigating (everything but the diagnosis, which the flow handles). */
export type NotebookAction = Exclude<Action, { type: 'diagnose' }>;

export type InvestigationEvent =
  | { type: 'select scenario'; scenarioId: string }
  | { type: 'answer known'; answer: Answer }
  | { type: 'begin' }
  | { type: 'act'; action: NotebookAction }
  | { type: 'open diagnosis' }
  | { type: 'close diagnosis' }
  | { type: 'submit'; diagnosis: Diagnosis; at: number }
  | { type: 'retry' }
  | { type: 'abandon' }
  | { type: 'back to menu' }
  | {
      type: 'restore';
      scenarioId: string;
      phase: 'briefing' | 'investigating' | 'debrief';
      actions: readonly Action[];
    };

/** How long an investigation may go without a pin, a hypothesis or a link before a hint is offered. */
export const HINT_DELAY_MS = 5 * 60_000;

/** A fresh context: no scenario chosen, nothing done. */
export function createInitialContext(): InvestigationContext {
  return {
    scenarioId: undefined,
    actions: [],
    notebook: EMPTY_INVESTIGATION,
    answer: undefined,
    hintDue: false,
  };
}

/** The phase a snapshot's state value stands for (investigating has sub-states for the hint timer). */
export function phaseOf(value: string | Record<string, unknown>): Phase {
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as Phase;
}

function record(context: InvestigationContext, action: Action): Partial<InvestigationContext> {
  return { actions: [...context.actions, action], notebook: applyAction(context.notebook, action) };
}

function isRight(context: InvestigationContext, diagnosis: Diagnosis): boolean {
  // Without the answer the flow cannot judge; it ends the investigation and lets the score speak.
  if (!context.answer) return true;
  // An arguable answer (a component or kind the scenario accepts in part) ends the investigation too.
  const { component, fault, alternatives } = context.answer;
  return (
    (diagnosis.component === component ||
      (alternatives?.components.includes(diagnosis.component) ?? false)) &&
    (diagnosis.fault === fault || (alternatives?.faults.includes(diagnosis.fault) ?? false))
  );
}

/**
 * The investigation flow: menu → briefing → investigating ⇄ diagnosing → (wrong → retry) → debrief. Every
 * notebook step goes through the engine's reducer, whose rules are the guards (no phantom evidence, cite
 * only what is pinned, a limited number of submissions). Quiet spells while investigating offer a hint.
 */
export const investigationMachine = setup({
  types: {
    context: {} as InvestigationContext,
    events: {} as InvestigationEvent,
  },
  delays: { 'hint delay': HINT_DELAY_MS },
  guards: {
    'the rules allow it': ({ context, event }) =>
      event.type === 'act' && refusal(context.notebook, event.action) === undefined,
    'it is progress': ({ event }) =>
      event.type === 'act' &&
      ['pin', 'hypothesis', 'hypothesis status', 'mark', 'link', 'hint'].includes(event.action.type),
    'submissions are left': ({ context }) => context.notebook.submissions.length < MAX_SUBMISSIONS,
    'the diagnosis is right': ({ context, event }) =>
      event.type === 'submit' && isRight(context, event.diagnosis),
    'it was the last try': ({ context }) => context.notebook.submissions.length >= MAX_SUBMISSIONS - 1,
    'restoring a briefing': ({ event }) => event.type === 'restore' && event.phase === 'briefing',
    'restoring an investigation': ({ event }) => event.type === 'restore' && event.phase === 'investigating',
    'restoring a debrief': ({ event }) => event.type === 'restore' && event.phase === 'debrief',
  },
  actions: {
    'choose scenario': assign(({ event }) =>
      event.type === 'select scenario' ? { ...createInitialContext(), scenarioId: event.scenarioId } : {},
    ),
    'learn the answer': assign(({ event }) =>
      event.type === 'answer known' ? { answer: event.answer } : {},
    ),
    'record step': assign(({ context, event }) =>
      event.type === 'act' ? record(context, event.action) : {},
    ),
    'record diagnosis': assign(({ context, event }) =>
      event.type === 'submit'
        ? record(context, { type: 'diagnose', at: event.at, diagnosis: event.diagnosis })
        : {},
    ),
    'offer a hint': assign({ hintDue: true }),
    'withdraw the hint offer': assign({ hintDue: false }),
    'restore saved investigation': assign(({ event }) =>
      event.type === 'restore'
        ? { scenarioId: event.scenarioId, actions: [...event.actions], notebook: replay(event.actions) }
        : {},
    ),
    'forget investigation': assign(() => createInitialContext()),
  },
}).createMachine({
  id: 'investigation',
  context: createInitialContext,
  initial: 'menu',
  on: { 'answer known': { actions: 'learn the answer' } },
  states: {
    menu: {
      on: {
        'select scenario': { target: 'briefing', actions: 'choose scenario' },
        restore: [
          { guard: 'restoring a briefing', target: 'briefing', actions: 'restore saved investigation' },
          {
            guard: 'restoring an investigation',
            target: 'investigating',
            actions: 'restore saved investigation',
          },
          { guard: 'restoring a debrief', target: 'debrief', actions: 'restore saved investigation' },
        ],
      },
    },
    briefing: {
      on: {
        begin: 'investigating',
        'back to menu': { target: 'menu', actions: 'forget investigation' },
      },
    },
    investigating: {
      initial: 'working',
      states: {
        working: { after: { 'hint delay': { target: 'stuck', actions: 'offer a hint' } } },
        stuck: {},
      },
      on: {
        act: [
          {
            guard: and(['it is progress', 'the rules allow it']),
            target: '.working',
            reenter: true,
            actions: ['record step', 'withdraw the hint offer'],
          },
          { guard: 'the rules allow it', actions: 'record step' },
        ],
        'open diagnosis': { guard: 'submissions are left', target: 'diagnosing' },
        abandon: { target: 'menu', actions: 'forget investigation' },
      },
    },
    diagnosing: {
      on: {
        // A read of the logs while the form is open is still part of the investigation.
        act: { guard: 'the rules allow it', actions: 'record step' },
        'close diagnosis': 'investigating',
        submit: [
          { guard: 'the diagnosis is right', target: 'debrief', actions: 'record diagnosis' },
          { guard: 'it was the last try', target: 'debrief', actions: 'record diagnosis' },
          { target: 'wrong', actions: 'record diagnosis' },
        ],
        abandon: { target: 'menu', actions: 'forget investigation' },
      },
    },
    wrong: {
      on: {
        retry: 'investigating',
        abandon: { target: 'menu', actions: 'forget investigation' },
      },
    },
    debrief: {
      on: {
        'back to menu': { target: 'menu', actions: 'forget investigation' },
      },
    },
  },
});
