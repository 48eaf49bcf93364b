import type { FaultKind } from '../scenario/faultKinds.ts';
import type { Action, ActionOf, Diagnosis, HypothesisStatus, Stance } from './actions.ts';
import type { Evidence } from './evidence.ts';

/** How many diagnoses a trainee may submit in one investigation (the first and two retries). */
export const MAX_SUBMISSIONS = 3;

/** A hypothesis with its standing and the pinned items marked for or against it. */
export interface Hypothesis {
  readonly id: string;
  readonly text: string;
  /** The service it suspects, the kind of fault and the change that set it off, as far as it names them. */
  readonly component?: string;
  readonly fault?: FaultKind;
  readonly trigger?: string;
  readonly status: HypothesisStatus;
  readonly at: number;
  /** When its status last changed away from `open`, if it did. */
  readonly decidedAt?: number;
  readonly marks: readonly { readonly ref: string; readonly stance: Exclude<Stance, 'none'> }[];
}

/** One link of the trainee's causal chain, from a cause to its effect, citing pinned evidence. */
export interface ChainLink {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly evidence: readonly string[];
}

/** A submitted diagnosis with the chain as it stood then. */
export interface Submission {
  readonly at: number;
  readonly diagnosis: Diagnosis;
  readonly chain: readonly ChainLink[];
}

/** Everything an action log amounts to: what the case board, the hints and the score read. */
export interface InvestigationState {
  /** Every ref any query showed, with the elapsed time it was first shown. */
  readonly shown: ReadonlyMap<string, number>;
  /** Pinned evidence in pin order, with when it was pinned. */
  readonly pinned: readonly { readonly evidence: Evidence; readonly at: number }[];
  readonly hypotheses: readonly Hypothesis[];
  readonly chain: readonly ChainLink[];
  /** Indexes of the scenario's hints taken, in the order taken. */
  readonly hints: readonly number[];
  readonly submissions: readonly Submission[];
  /** Queries the trainee asked: not scrolls, not what the page ran on a tab, panel or map click. */
  readonly queries: number;
  /** Mitigations applied, in order, with the elapsed time each was chosen. */
  readonly mitigations: readonly { readonly id: string; readonly at: number }[];
  /** Status updates posted to the incident channel. */
  readonly statusUpdates: readonly { readonly text: string; readonly at: number }[];
}

/** The state before anything was done. */
export const EMPTY_INVESTIGATION: InvestigationState = {
  shown: new Map(),
  pinned: [],
  hypotheses: [],
  chain: [],
  hints: [],
  submissions: [],
  queries: 0,
  mitigations: [],
  statusUpdates: [],
};

const isPinned = (s: InvestigationState, ref: string) => s.pinned.some((p) => p.evidence.ref === ref);
const hypothesis = (s: InvestigationState, id: string) => s.hypotheses.find((h) => h.id === id);

/**
 * Why `action` cannot be taken now, or undefined if it can. The flow's guards and the replay share this,
 * so a person, a bot and a reloaded save are held to the same rules (no phantom evidence, no citing
 * what is not pinned, a limited number of submissions).
 */
export function refusal(state: InvestigationState, action: Action): string | undefined {
  switch (action.type) {
    case 'pin':
      if (!state.shown.has(action.evidence.ref)) return 'only what a query showed can be pinned';
      return isPinned(state, action.evidence.ref) ? 'already pinned' : undefined;
    case 'unpin':
      return isPinned(state, action.ref) ? undefined : 'not pinned';
    case 'hypothesis':
      return hypothesis(state, action.id) ? 'a hypothesis with this id exists' : undefined;
    case 'hypothesis status':
      return hypothesis(state, action.id) ? undefined : 'no such hypothesis';
    case 'mark':
      if (!hypothesis(state, action.hypothesisId)) return 'no such hypothesis';
      return isPinned(state, action.ref) || action.stance === 'none'
        ? undefined
        : 'mark pinned evidence only';
    case 'link':
      if (action.from === action.to) return 'a link joins two different nodes';
      if (state.chain.some((l) => l.id === action.id)) return 'a link with this id exists';
      return action.evidence.every((r) => isPinned(state, r)) ? undefined : 'cite pinned evidence only';
    case 'unlink':
      return state.chain.some((l) => l.id === action.id) ? undefined : 'no such link';
    case 'hint':
      return state.hints.includes(action.index) ? 'hint already taken' : undefined;
    case 'diagnose':
      return state.submissions.length >= MAX_SUBMISSIONS ? 'no submissions left' : undefined;
    case 'mitigate':
      return state.mitigations.some((m) => m.id === action.mitigation) ? 'already applied' : undefined;
    case 'query':
    case 'status':
      return undefined;
  }
}

function withMark(h: Hypothesis, a: ActionOf<'mark'>): Hypothesis {
  const marks = h.marks.filter((m) => m.ref !== a.ref);
  return { ...h, marks: a.stance === 'none' ? marks : [...marks, { ref: a.ref, stance: a.stance }] };
}

/**
 * Applies one action to the state; a refused action leaves the state as it was. Pure: the XState flow,
 * the bots and the replay of a saved log all call it, so the same log always gives the same state.
 */
export function applyAction(state: InvestigationState, action: Action): InvestigationState {
  if (refusal(state, action) !== undefined) return state;
  switch (action.type) {
    case 'query': {
      const shown = new Map(state.shown);
      for (const ref of action.shownIds) if (!shown.has(ref)) shown.set(ref, action.at);
      // Rows scrolled to in a list are more of a query already run, not another query.
      return { ...state, shown, queries: state.queries + (action.rows || action.browse ? 0 : 1) };
    }
    case 'pin':
      return { ...state, pinned: [...state.pinned, { evidence: action.evidence, at: action.at }] };
    case 'unpin':
      return {
        ...state,
        pinned: state.pinned.filter((p) => p.evidence.ref !== action.ref),
        // Citations and marks of an unpinned item go with it: nothing may rest on unpinned evidence.
        chain: state.chain.map((l) => ({ ...l, evidence: l.evidence.filter((r) => r !== action.ref) })),
        hypotheses: state.hypotheses.map((h) => ({
          ...h,
          marks: h.marks.filter((m) => m.ref !== action.ref),
        })),
      };
    case 'hypothesis':
      return {
        ...state,
        hypotheses: [
          ...state.hypotheses,
          {
            id: action.id,
            text: action.text,
            ...(action.component === undefined ? {} : { component: action.component }),
            ...(action.fault === undefined ? {} : { fault: action.fault }),
            ...(action.trigger === undefined ? {} : { trigger: action.trigger }),
            status: 'open',
            at: action.at,
            marks: [],
          },
        ],
      };
    case 'hypothesis status':
      return {
        ...state,
        hypotheses: state.hypotheses.map((h) =>
          h.id === action.id
            ? {
                ...h,
                status: action.status,
                ...(action.status === 'open' ? { decidedAt: undefined } : { decidedAt: action.at }),
              }
            : h,
        ),
      };
    case 'mark':
      return {
        ...state,
        hypotheses: state.hypotheses.map((h) => (h.id === action.hypothesisId ? withMark(h, action) : h)),
      };
    case 'link': {
      const link: ChainLink = { id: action.id, from: action.from, to: action.to, evidence: action.evidence };
      const chain = [...state.chain];
      chain.splice(Math.min(action.index ?? chain.length, chain.length), 0, link);
      return { ...state, chain };
    }
    case 'unlink':
      return { ...state, chain: state.chain.filter((l) => l.id !== action.id) };
    case 'hint':
      return { ...state, hints: [...state.hints, action.index] };
    case 'diagnose':
      return {
        ...state,
        submissions: [
          ...state.submissions,
          { at: action.at, diagnosis: action.diagnosis, chain: state.chain },
        ],
      };
    case 'mitigate':
      return { ...state, mitigations: [...state.mitigations, { id: action.mitigation, at: action.at }] };
    case 'status':
      return { ...state, statusUpdates: [...state.statusUpdates, { text: action.text, at: action.at }] };
  }
}

/** Replays an action log from the start: the state it leads to. */
export function replay(actions: readonly Action[]): InvestigationState {
  let state = EMPTY_INVESTIGATION;
  for (const a of actions) state = applyAction(state, a);
  return state;
}

/** The actions of a log that the rules accept, in order: what a loaded or imported log is trimmed to. */
export function acceptedActions(actions: readonly Action[]): Action[] {
  let state = EMPTY_INVESTIGATION;
  const kept: Action[] = [];
  for (const a of actions) {
    if (refusal(state, a) !== undefined) continue;
    state = applyAction(state, a);
    kept.push(a);
  }
  return kept;
}
