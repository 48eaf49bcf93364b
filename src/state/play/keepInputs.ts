import type { ToolInputs } from '../slices/toolInputs.ts';
import { toolInputsOf } from '../slices/toolInputs.ts';
import type { AppStore } from '../store.ts';

/**
 * The tools' inputs as the save keeps them. A resumed play's inputs are held until its world is open and
 * the tools show them again; meanwhile the save keeps them as they were, so a second reload loses nothing.
 */
export interface InputsKeeper {
  /** The inputs to save now. */
  current(): ToolInputs;
  /** Holds a saved play's inputs until the tools can show them. */
  hold(inputs: ToolInputs | undefined): void;
  /** The held inputs, once: from then on the tools' own are saved. */
  release(): ToolInputs | undefined;
}

export function createInputsKeeper(store: AppStore): InputsKeeper {
  let held: ToolInputs | undefined;
  return {
    current: () => held ?? toolInputsOf(store.getState()),
    hold: (inputs) => {
      held = inputs;
    },
    release: () => {
      const out = held;
      held = undefined;
      return out;
    },
  };
}

/** A key that changes when any tool's inputs change, to save them as they are typed. */
export function inputsKey(state: Parameters<typeof toolInputsOf>[0]): string {
  return JSON.stringify(toolInputsOf(state));
}
