import { historyNotice, loadHistory } from '../history.ts';
import { loadProgress, progressNotice } from '../progress.ts';
import { loadSave, saveNotice } from '../save.ts';
import { resumeDaily } from './dailyPlay.ts';
import type { PlayContext } from './playContext.ts';
import type { VariantChoice } from './variantChoice.ts';

/**
 * Loads the catalog and the player's progress, starts the flow, and resumes a saved investigation if there
 * is one. A save that cannot be read, or whose scenario is not one of the game's own, is reported.
 */
export async function resume(
  context: PlayContext,
  variant: VariantChoice,
  wallClockMs: () => number,
): Promise<void> {
  const { host, store, actor, storage, clock } = context;
  const loaded = loadSave(storage, wallClockMs());
  const { scenarios, problems } = await host.catalog();
  store.getState().showCatalog(scenarios, problems);
  const progress = loadProgress(storage, wallClockMs());
  store.getState().showProgress(progress.progress);
  const history = loadHistory(storage, wallClockMs());
  store.getState().showHistory(history.plays);
  actor.start();
  if (progress.kind === 'corrupt') store.getState().notify(progressNotice(progress));
  if (history.kind === 'corrupt') store.getState().notify(historyNotice(history));
  if (loaded.kind === 'corrupt') {
    store.getState().notify(saveNotice(loaded));
  } else if (loaded.kind === 'ok' && scenarios.some((s) => s.id === loaded.save.scenarioId)) {
    clock.resetTo(loaded.save.elapsedMs);
    variant.restore(loaded.save.variant ?? 0);
    context.inputs.hold(loaded.save.inputs);
    actor.send({
      type: 'restore',
      scenarioId: loaded.save.scenarioId,
      phase: loaded.save.phase,
      actions: loaded.save.actions,
    });
    resumeDaily(context, loaded.save.scenarioId, loaded.save.variant ?? 0);
  } else if (loaded.kind === 'ok') {
    store
      .getState()
      .notify(
        `Your saved investigation of "${loaded.save.scenarioId}" cannot be reopened: that scenario is not one of the game's own (it was loaded from a file, or it was removed). Load its file again to play it from the start.`,
      );
  }
}
