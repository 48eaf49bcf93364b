import type { Actor } from 'xstate';
import { createActor } from 'xstate';
import type { LogSearch, LogSearchResult } from '../engine/query/logSearch.ts';
import type { ScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { parseTimestamp } from '../engine/scenario/units.ts';
import type { InvestigationEvent } from '../flow/investigationMachine.ts';
import { investigationMachine } from '../flow/investigationMachine.ts';
import type { OpenResult } from '../worker/worldHost.ts';
import type { KeyValueStorage } from './save.ts';
import { clearSave, loadSave, writeSave } from './save.ts';
import type { AppStore } from './store.ts';
import { createAppStore, EMPTY_LOG_VIEW, IDLE_WORLD } from './store.ts';

/** The world host as the page sees it: every answer may arrive later (it runs in a worker). */
export interface WorldHostLike {
  catalog():
    | Promise<{ scenarios: Scenario[]; problems: ScenarioDiagnostic[] }>
    | { scenarios: Scenario[]; problems: ScenarioDiagnostic[] };
  open(scenarioId: string, seed?: number): Promise<OpenResult> | OpenResult;
  searchLogs(search: LogSearch): Promise<LogSearchResult> | LogSearchResult;
}

export interface SessionOptions {
  readonly host: WorldHostLike;
  readonly storage: KeyValueStorage;
  /** A monotonic clock in milliseconds; the investigation clock is measured with it. */
  readonly now: () => number;
}

/** The running app: the flow actor, the store the screen reads, and the commands the screen may call. */
export interface Session {
  readonly store: AppStore;
  readonly actor: Actor<typeof investigationMachine>;
  /** Sends an event to the flow; investigation events get their elapsed time stamped here. */
  send(event: InvestigationEvent): void;
  /** Milliseconds spent investigating so far (kept across reloads). */
  elapsed(): number;
  /** Searches the logs with the panel's scope and filter, and records the query. */
  searchLogs(search: { service: string | undefined; contains: string }): Promise<void>;
  /** Resolves once the catalog and any saved investigation are loaded. */
  readonly ready: Promise<void>;
}

/** Starts the app: restores a saved investigation if there is one, and keeps the store and save in step. */
export function startSession({ host, storage, now }: SessionOptions): Session {
  const store = createAppStore();
  const actor = createActor(investigationMachine);
  let elapsedBefore = 0;
  let resumedAt: number | undefined;
  let openedScenario: string | undefined;

  const elapsed = () => elapsedBefore + (resumedAt === undefined ? 0 : now() - resumedAt);

  const openWorld = async (scenarioId: string) => {
    openedScenario = scenarioId;
    store.getState().set({ world: { ...IDLE_WORLD, state: 'generating' }, logView: EMPTY_LOG_VIEW });
    const result = await host.open(scenarioId);
    if (openedScenario !== scenarioId) return;
    if (result.ok) {
      store.getState().set({
        scenario: result.scenario,
        world: { state: 'ready', logLines: result.logLines, instances: result.instances },
      });
    } else {
      const message = result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n');
      store.getState().set({ world: { ...IDLE_WORLD, state: 'failed', error: message } });
    }
  };

  actor.subscribe((snapshot) => {
    const phase = snapshot.value as typeof snapshot.value;
    const { scenarioId, actions } = snapshot.context;
    const previous = store.getState().phase;
    if (phase === 'investigating' && resumedAt === undefined) resumedAt = now();
    if (phase !== 'investigating' && resumedAt !== undefined) {
      elapsedBefore += now() - resumedAt;
      resumedAt = undefined;
    }
    if (phase === 'menu') {
      elapsedBefore = 0;
      openedScenario = undefined;
      store
        .getState()
        .set({ phase, actions, scenario: undefined, world: IDLE_WORLD, logView: EMPTY_LOG_VIEW });
      if (previous !== 'loading') clearSave(storage);
      return;
    }
    store.getState().set({ phase, actions });
    if (scenarioId && openedScenario !== scenarioId) void openWorld(scenarioId);
    if (scenarioId) writeSave(storage, { scenarioId, phase, actions: [...actions], elapsedMs: elapsed() });
  });

  const send = (event: InvestigationEvent) => actor.send(event);

  const ready = (async () => {
    const loaded = loadSave(storage, Date.now());
    const { scenarios, problems } = await host.catalog();
    store.getState().set({
      catalog: scenarios.map((s) => ({
        id: s.id,
        title: s.title,
        difficulty: s.difficulty,
        summary: s.summary,
        estimatedMinutes: s.estimatedMinutes,
        tags: s.tags,
      })),
      catalogProblems: problems,
    });
    actor.start();
    if (loaded.kind === 'corrupt') {
      store.getState().set({
        notice: `Your saved investigation could not be read because ${loaded.reason}. It was set aside in this browser's storage as "${loaded.setAsideKey}" and a new game starts.`,
      });
    } else if (loaded.kind === 'ok' && scenarios.some((s) => s.id === loaded.save.scenarioId)) {
      elapsedBefore = loaded.save.elapsedMs;
      actor.send({
        type: 'restore',
        scenarioId: loaded.save.scenarioId,
        phase: loaded.save.phase,
        actions: loaded.save.actions,
      });
    }
  })();

  const searchLogs: Session['searchLogs'] = async ({ service, contains }) => {
    store.getState().setLogView({ service, contains, searching: true });
    // Nothing after the incident clock's "now" exists yet: the trainee was paged at the page's time.
    const scenario = store.getState().scenario;
    const endMs = scenario ? parseTimestamp(scenario.briefing.page.at)! + elapsed() : undefined;
    const result = await host.searchLogs({ service, contains, limit: 500, endMs });
    store.getState().setLogView({ result, searching: false });
    send({
      type: 'record query',
      action: {
        type: 'query',
        at: Math.round(elapsed()),
        tool: 'logs',
        service,
        filter: contains,
        matched: result.matched,
        shownIds: result.lines.map((l) => l.id),
      },
    });
  };

  return { store, actor, send, elapsed, searchLogs, ready };
}
