import type { Actor } from 'xstate';
import type { investigationMachine, NotebookAction } from '../../flow/investigationMachine.ts';
import type { KeyValueStorage } from '../save.ts';
import type { AppStore } from '../store.ts';
import type { InvestigationClock } from './clock.ts';
import type { InputsKeeper } from './keepInputs.ts';
import type { WorldHostLike } from './worldHostLike.ts';

/** What every part of a play's orchestration shares: the host, the store, the flow and the clock. */
export interface PlayContext {
  readonly host: WorldHostLike;
  readonly store: AppStore;
  readonly actor: Actor<typeof investigationMachine>;
  readonly storage: KeyValueStorage;
  readonly clock: InvestigationClock;
  /** Each tool's inputs, as the save keeps them. */
  readonly inputs: InputsKeeper;
  /** Wall-clock time in milliseconds, for the names of set-aside records. */
  readonly wallClock: () => number;
  /** The incident clock's "now" in milliseconds since the epoch (infinite before a scenario is open). */
  nowMs(): number;
}

/** A notebook step without its time: the session stamps the elapsed time when it records it. */
export type Step = NotebookAction extends infer A
  ? A extends NotebookAction
    ? Omit<A, 'at'>
    : never
  : never;

/** Records a step at the current elapsed time; the flow's rules decide whether it is taken. */
export function record(context: PlayContext, step: Step): void {
  const at = Math.round(context.clock.elapsed());
  context.actor.send({ type: 'act', action: { ...step, at } as NotebookAction });
}
