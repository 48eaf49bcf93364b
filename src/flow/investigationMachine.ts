import { assign, setup } from 'xstate';
import type { Action, Diagnosis, Evidence } from '../engine/investigation/actions.ts';
import { pinnedEvidence, wasShown } from '../engine/investigation/actions.ts';

/** The screens of one investigation, in the order a trainee meets them. */
export type Phase = 'menu' | 'briefing' | 'investigating' | 'debrief';

export interface InvestigationContext {
  readonly scenarioId: string | undefined;
  /** Every step taken, in order; the score and the saved game are computed from it. */
  readonly actions: readonly Action[];
}

export type InvestigationEvent =
  | { type: 'select scenario'; scenarioId: string }
  | { type: 'begin' }
  | { type: 'record query'; action: Extract<Action, { type: 'query' }> }
  | { type: 'pin'; evidence: Evidence; at: number }
  | { type: 'unpin'; id: number; at: number }
  | { type: 'take hint'; index: number; at: number }
  | { type: 'submit'; diagnosis: Diagnosis; at: number }
  | { type: 'abandon' }
  | { type: 'back to menu' }
  | { type: 'restore'; scenarioId: string; phase: Exclude<Phase, 'menu'>; actions: readonly Action[] };

/** A fresh context: no scenario chosen, nothing done. */
export function createInitialContext(): InvestigationContext {
  return { scenarioId: undefined, actions: [] };
}

function append(context: InvestigationContext, action: Action): InvestigationContext {
  return { ...context, actions: [...context.actions, action] };
}

/**
 * The investigation flow: menu → briefing → investigating → debrief. Evidence can be pinned only when a
 * query showed it and it is not pinned already; a diagnosis ends the investigation.
 */
export const investigationMachine = setup({
  types: {
    context: {} as InvestigationContext,
    events: {} as InvestigationEvent,
  },
  guards: {
    'evidence was shown and is not pinned': ({ context, event }) =>
      event.type === 'pin' &&
      wasShown(context.actions, event.evidence.id) &&
      !pinnedEvidence(context.actions).some((e) => e.id === event.evidence.id),
    'evidence is pinned': ({ context, event }) =>
      event.type === 'unpin' && pinnedEvidence(context.actions).some((e) => e.id === event.id),
    'restoring a briefing': ({ event }) => event.type === 'restore' && event.phase === 'briefing',
    'restoring an investigation': ({ event }) => event.type === 'restore' && event.phase === 'investigating',
    'restoring a debrief': ({ event }) => event.type === 'restore' && event.phase === 'debrief',
  },
  actions: {
    'choose scenario': assign(({ event }) =>
      event.type === 'select scenario' ? { scenarioId: event.scenarioId, actions: [] } : {},
    ),
    'record query': assign(({ context, event }) =>
      event.type === 'record query' ? append(context, event.action) : {},
    ),
    'pin evidence': assign(({ context, event }) =>
      event.type === 'pin' ? append(context, { type: 'pin', at: event.at, evidence: event.evidence }) : {},
    ),
    'unpin evidence': assign(({ context, event }) =>
      event.type === 'unpin' ? append(context, { type: 'unpin', at: event.at, id: event.id }) : {},
    ),
    'take hint': assign(({ context, event }) =>
      event.type === 'take hint' ? append(context, { type: 'hint', at: event.at, index: event.index }) : {},
    ),
    'record diagnosis': assign(({ context, event }) =>
      event.type === 'submit'
        ? append(context, { type: 'diagnose', at: event.at, diagnosis: event.diagnosis })
        : {},
    ),
    'restore saved investigation': assign(({ event }) =>
      event.type === 'restore' ? { scenarioId: event.scenarioId, actions: [...event.actions] } : {},
    ),
    'forget investigation': assign(() => createInitialContext()),
  },
}).createMachine({
  id: 'investigation',
  context: createInitialContext,
  initial: 'menu',
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
      on: {
        'record query': { actions: 'record query' },
        pin: { guard: 'evidence was shown and is not pinned', actions: 'pin evidence' },
        unpin: { guard: 'evidence is pinned', actions: 'unpin evidence' },
        'take hint': { actions: 'take hint' },
        submit: { target: 'debrief', actions: 'record diagnosis' },
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
