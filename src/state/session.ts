import { createActor } from 'xstate';
import { investigationMachine } from '../flow/investigationMachine.ts';
import { announceQueryIds } from './play/cancelQueries.ts';
import { createChangesPlayed } from './play/changesPlayed.ts';
import { createInvestigationClock, incidentNowMs } from './play/clock.ts';
import { playDaily } from './play/dailyPlay.ts';
import { followFlow, saveInputsAsTyped } from './play/followFlow.ts';
import { createInputsKeeper } from './play/keepInputs.ts';
import { createLogQueries } from './play/logQueries.ts';
import { createMitigation } from './play/mitigation.ts';
import { createWorldOpener } from './play/openWorld.ts';
import { rememberPagerSound } from './play/pagerSound.ts';
import type { PlayContext } from './play/playContext.ts';
import { record } from './play/playContext.ts';
import { reshowOnRestore } from './play/reshow.ts';
import { resume } from './play/resume.ts';
import { createReveal } from './play/reveal.ts';
import { loadScenarioText } from './play/scenarioFile.ts';
import { settleScoreOnDebrief } from './play/settleScore.ts';
import { createToolQueries } from './play/toolQueries.ts';
import { createVariantChoice } from './play/variantChoice.ts';
import { recordProgressOnDebrief } from './recordProgress.ts';
import type { Session, SessionOptions } from './sessionTypes.ts';
import { createAppStore } from './store.ts';

export type { Step } from './play/playContext.ts';
export type { WorldHostLike } from './play/worldHostLike.ts';
export { inThread } from './play/worldHostLike.ts';
export type { Session, SessionOptions } from './sessionTypes.ts';

/**
 * Starts the app: the store, the flow actor and the orchestration that keeps them, the world and the save
 * in step. Restores a saved investigation if there is one.
 */
export function startSession({
  host,
  storage,
  now,
  wallClock = () => Date.now(),
  elapsed: outside,
  respond = true,
  cancelBuffer,
}: SessionOptions): Session {
  const store = createAppStore({ canRespond: respond });
  if (cancelBuffer) announceQueryIds(store, cancelBuffer);
  const actor = createActor(investigationMachine);
  const clock = createInvestigationClock(now, outside);
  const context: PlayContext = {
    host,
    store,
    actor,
    storage,
    clock,
    inputs: createInputsKeeper(store),
    wallClock,
    nowMs: () => incidentNowMs(store.getState(), clock.elapsed()),
  };
  const variant = createVariantChoice(storage, wallClock, async (id) => host.variantsByAnswer(id));
  const changes = createChangesPlayed(context);
  const reveal = createReveal(context);
  const mitigation = createMitigation(context, changes, reveal.learnTheAnswer);
  const logs = createLogQueries(context);
  const tools = createToolQueries(context);

  recordProgressOnDebrief(store, storage, wallClock);
  rememberPagerSound(store, storage);
  settleScoreOnDebrief(store, mitigation.judge, (toMs) => host.replay(toMs), context.nowMs);
  followFlow(context, createWorldOpener(context, variant, reveal), variant);
  saveInputsAsTyped(context, variant);
  reshowOnRestore(context, logs, tools);
  const ready = resume(context, variant, wallClock);

  return {
    store,
    actor,
    send: reveal.send,
    playDaily: () => playDaily(context, variant),
    elapsed: clock.elapsed,
    act: (step) => record(context, step),
    nowMs: context.nowMs,
    searchLogs: logs.search,
    exploreLogs: logs.explore,
    logRows: logs.rows,
    sawLogRows: logs.saw,
    runTool: tools.run,
    showAgain: tools.showAgain,
    logLabels: tools.logLabels,
    metricIndex: tools.metricIndex,
    browseCode: tools.browseCode,
    mapAt: tools.mapAt,
    alertFirings: tools.alertFirings,
    channelAt: reveal.channelAt,
    pressureAt: async () => {
      const now = context.nowMs();
      return Number.isFinite(now) ? host.pressureAt(now) : undefined;
    },
    takeHint: reveal.takeHint,
    preview: reveal.preview,
    mitigate: mitigation.apply,
    canRespond: respond,
    judgeResponse: mitigation.judge,
    loadScenarioText: (text, fileName) => loadScenarioText(context, text, fileName),
    addChanges: changes.add,
    changesSoFar: changes.soFar,
    ready,
  };
}
