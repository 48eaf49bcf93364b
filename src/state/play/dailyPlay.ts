import { dailyIncident, dailyOfSave, loadDaily, startDaily } from '../daily.ts';
import type { PlayContext } from './playContext.ts';
import type { VariantChoice } from './variantChoice.ts';

/**
 * Starts the day's incident from the library: the scenario and variant the date picks, the same for
 * everyone that UTC day. The variant is set before the scenario is chosen, so its world is the day's.
 */
export function playDaily(context: PlayContext, variant: VariantChoice): void {
  const { store, actor, storage } = context;
  const state = store.getState();
  if (state.phase !== 'menu') return;
  const incident = dailyIncident(
    context.wallClock(),
    state.catalog.map((c) => c.id),
  );
  if (!incident) return;
  startDaily(storage, incident);
  variant.forget();
  variant.restore(incident.variant);
  actor.send({ type: 'select scenario', scenarioId: incident.scenarioId });
  store.getState().playingDaily(incident);
}

/** After a reload, marks the restored play as the day's incident when it is the one started last. */
export function resumeDaily(context: PlayContext, scenarioId: string, variant: number): void {
  const incident = dailyOfSave(context.storage, scenarioId, variant);
  if (!incident) return;
  context.store.getState().playingDaily(incident);
  const result = loadDaily(context.storage).results[incident.day];
  if (result) context.store.getState().dailyRecorded(result);
}
