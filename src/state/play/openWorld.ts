import { proxy } from 'comlink';
import { actionLogProblems } from '../../engine/investigation/actionLogCheck.ts';
import { refuseSave, saveNotice } from '../save.ts';
import { withDiscovered } from '../slices/toolViews.ts';
import { savePlay } from './followFlow.ts';
import type { PlayContext } from './playContext.ts';
import type { Reveal } from './reveal.ts';
import type { VariantChoice } from './variantChoice.ts';

/** Opens the chosen scenario's world in the host, once per scenario chosen, and shows its progress. */
export interface WorldOpener {
  /** Opens the scenario's world unless it is the one already open (or opening). */
  ensureOpen(scenarioId: string): void;
  /** Forgets the open world: the next scenario chosen opens afresh. */
  forget(): void;
}

export function createWorldOpener(context: PlayContext, variant: VariantChoice, reveal: Reveal): WorldOpener {
  const { host, store, actor, clock } = context;
  let opened: string | undefined;

  const open = async (scenarioId: string) => {
    opened = scenarioId;
    store.getState().worldOpening();
    const chosen = await variant.of(scenarioId);
    if (opened !== scenarioId) return;
    savePlay(context, variant);
    // proxy() only marks the callback, so it also works when the host runs in this thread (tests).
    const onProgress = proxy((fraction: number) => {
      if (opened === scenarioId) store.getState().worldProgressed(fraction);
    });
    // A reload reopens the world where the play stood: the clock's time and the mitigations applied.
    const play = { elapsedMs: clock.elapsed(), actions: [...actor.getSnapshot().context.actions] };
    const result = await host.open(scenarioId, chosen === 0 ? undefined : chosen, onProgress, play);
    // Another scenario was chosen (or the menu reached) while this one was generating.
    if (opened !== scenarioId) return;
    if (!result.ok) {
      const message = result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n');
      store.getState().worldFailed(message);
      return;
    }
    // A saved log is replayed only if every step names what this scenario has: one that does not (edited
    // by hand, or from another version of the scenario) is set aside whole, and the library opens.
    const restored = actor.getSnapshot().context.actions;
    // The calls its traces and logs had discovered are part of the system the play knows.
    const discovered = (result.discovered ?? []).map((c) => `${c.from}>${c.to}`);
    const problems = actionLogProblems(
      { source: withDiscovered(result.scenario, discovered), hints: result.scenario.hints.length },
      restored,
    );
    if (problems.length > 0) {
      const first = problems[0]!;
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      const refused = refuseSave(
        context.storage,
        `${first.path}: ${first.message}${more}`,
        context.wallClock(),
      );
      store.getState().notify(saveNotice(refused));
      actor.send({ type: 'back to menu' });
      actor.send({ type: 'abandon' });
      return;
    }
    // The answer stays with the host until the trainee submits; a reload past the first submission asks
    // for it again, and for the texts of the hints bought.
    if (actor.getSnapshot().context.notebook.submissions.length > 0) await reveal.learnTheAnswer();
    if (opened !== scenarioId) return;
    store.getState().worldOpened(
      result.scenario,
      {
        logLines: result.logLines,
        instances: result.instances,
        ...(result.tools ? { tools: result.tools } : {}),
      },
      result.costs,
    );
    store.getState().callsDiscovered(result.discovered ?? []);
    void reveal.readHints();
  };

  return {
    ensureOpen: (scenarioId) => {
      if (opened !== scenarioId) void open(scenarioId);
    },
    forget: () => {
      opened = undefined;
    },
  };
}
