import { phaseOf } from '../../flow/investigationMachine.ts';
import { clearSave, writeSave } from '../save.ts';
import { CLOCK_RUNS } from './clock.ts';
import { inputsKey } from './keepInputs.ts';
import type { WorldOpener } from './openWorld.ts';
import type { PlayContext } from './playContext.ts';
import type { VariantChoice } from './variantChoice.ts';

/**
 * Keeps the store, the clock, the world and the save in step with the flow actor: every transition the
 * flow makes is shown by the store, runs or stops the clock, opens the chosen scenario's world and is saved
 * so a reload resumes it. Back at the menu, the play is forgotten and its save cleared.
 */
export function followFlow(context: PlayContext, world: WorldOpener, variant: VariantChoice): void {
  const { actor, store, storage, clock } = context;
  actor.subscribe((snapshot) => {
    const phase = phaseOf(snapshot.value);
    const { scenarioId, actions, notebook, hintDue } = snapshot.context;
    const flow = { phase, actions, notebook, hintDue };
    const previous = store.getState().phase;
    clock.follow(phase);
    if (phase === 'menu') {
      clock.resetTo(0);
      world.forget();
      variant.forget();
      context.inputs.release();
      store.getState().leaveScenario(flow);
      if (previous !== 'loading') clearSave(storage);
      return;
    }
    store.getState().followFlow(flow);
    if (scenarioId) world.ensureOpen(scenarioId);
    savePlay(context, variant);
  });
}

/**
 * Saves the play where the flow stands, with its variant once chosen (the world opener saves again when
 * the choice is made, which may be after the flow's last step).
 */
export function savePlay(context: PlayContext, variant: VariantChoice): void {
  const snapshot = context.actor.getSnapshot();
  const { scenarioId, actions } = snapshot.context;
  const phase = phaseOf(snapshot.value);
  if (!scenarioId || phase === 'menu') return;
  // The form and the retry prompt are moments within the investigation: a reload resumes it.
  const savedPhase = CLOCK_RUNS.has(phase) ? 'investigating' : phase;
  const chosen = variant.current();
  writeSave(context.storage, {
    scenarioId,
    phase: savedPhase as 'briefing' | 'investigating' | 'debrief',
    actions: [...actions],
    elapsedMs: context.clock.elapsed(),
    ...(chosen ? { variant: chosen } : {}),
    inputs: context.inputs.current(),
  });
}

/**
 * Saves the play again whenever a tool's inputs change (a query typed, a filter or range chosen), so a
 * reload brings back what was typed even before it ran. Only an open world's tools are saved from: while
 * one opens its tools are empty, and a resumed play's inputs are still held.
 */
export function saveInputsAsTyped(context: PlayContext, variant: VariantChoice): void {
  const { store } = context;
  store.subscribe(inputsKey, () => {
    const { world, phase } = store.getState();
    if (world.state === 'ready' && CLOCK_RUNS.has(phase)) savePlay(context, variant);
  });
}
