import { proxy } from 'comlink';
import type { Actor } from 'xstate';
import { createActor } from 'xstate';
import type { QueryAction } from '../engine/investigation/actions.ts';
import type { AlertFiring } from '../engine/investigation/channel.ts';
import { appliedMitigations, responseDelayMs } from '../engine/investigation/responseSteps.ts';
import type { ToolRequest, ToolResult } from '../engine/investigation/tools.ts';
import type { LogSearch, LogSearchResult } from '../engine/query/logSearch.ts';
import { toLogQL } from '../engine/query/logSearch.ts';
import type { ScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import type { Scenario, TimelineEvent } from '../engine/scenario/schema.ts';
import { parseTimestamp } from '../engine/scenario/units.ts';
import { rerunRequest } from '../engine/scoring/seenNotPinned.ts';
import type { MitigationEffect, ResponseStep } from '../engine/sim/response.ts';
import type { InvestigationEvent, NotebookAction } from '../flow/investigationMachine.ts';
import { investigationMachine, phaseOf } from '../flow/investigationMachine.ts';
import type { CodeBrowseAnswer, CodeBrowseRequest } from '../worker/codeBrowse.ts';
import type { LogExploration, LogExploreRequest, LogLabelIndex, LogPage } from '../worker/logExplore.ts';
import type { MapTelemetry } from '../worker/mapTelemetry.ts';
import type { MetricIndex } from '../worker/metricIndex.ts';
import type { LoadedText, OpenResult, WorldPlay } from '../worker/worldHost.ts';
import { loadProgress } from './progress.ts';
import { recordProgressOnDebrief } from './recordProgress.ts';
import type { KeyValueStorage } from './save.ts';
import { clearSave, loadSave, writeSave } from './save.ts';
import type { AppStore } from './store.ts';
import {
  createAppStore,
  EMPTY_CODE_VIEW,
  EMPTY_LOG_VIEW,
  EMPTY_METRICS_VIEW,
  EMPTY_TRACES_VIEW,
  IDLE_WORLD,
} from './store.ts';

/** The world host as the page sees it: every answer may arrive later (it runs in a worker). */
export interface WorldHostLike {
  catalog():
    | Promise<{ scenarios: Scenario[]; problems: ScenarioDiagnostic[] }>
    | { scenarios: Scenario[]; problems: ScenarioDiagnostic[] };
  open(
    scenarioId: string,
    seed?: number,
    onProgress?: (fraction: number) => void,
    play?: WorldPlay,
  ): Promise<OpenResult> | OpenResult;
  /** Loads and validates a scenario file the player chose; `open` then serves it by its id. */
  openText?(text: string, file: string, seed?: number): Promise<LoadedText> | LoadedText;
  searchLogs(search: LogSearch): Promise<LogSearchResult> | LogSearchResult;
  runTool(request: ToolRequest): Promise<ToolResult> | ToolResult;
  /** Runs a tool and answers the action that records it, built in the worker (`at` is stamped here). */
  runToolRecorded(
    request: ToolRequest,
  ): Promise<{ result: ToolResult; action: QueryAction }> | { result: ToolResult; action: QueryAction };
  exploreLogs(
    request: LogExploreRequest,
  ): Promise<LogExploration & { action: QueryAction }> | (LogExploration & { action: QueryAction });
  /** Rows `[from, to)` of the last log query's matches, newest first. */
  logRows(from: number, to: number): Promise<LogPage> | LogPage;
  logLabels(): Promise<LogLabelIndex> | LogLabelIndex;
  metricIndex(): Promise<MetricIndex> | MetricIndex;
  browseCode(request: CodeBrowseRequest): Promise<CodeBrowseAnswer> | CodeBrowseAnswer;
  mapAt(atMs: number): Promise<MapTelemetry | undefined> | MapTelemetry | undefined;
  /** Applies a mitigation at a moment of the incident clock; the world goes on with the changed system. */
  mitigate?(
    mitigation: string,
    atMs: number,
  ):
    | Promise<{ change: TimelineEvent; doneMs: number } | { error: string }>
    | { change: TimelineEvent; doneMs: number }
    | { error: string };
  /** What each mitigation applied did, judged from how users fared before and after it. */
  judgeResponse?(steps: readonly ResponseStep[]): Promise<MitigationEffect[]> | MitigationEffect[];
  /** Alert rules going to firing up to a moment (the incident channel's alert triggers). */
  alertFirings?(endMs: number): Promise<AlertFiring[]> | AlertFiring[];
  /** Adds changes made during the play (a game day's deploy or rollback inject) to the Changes tool. */
  addChanges?(events: readonly TimelineEvent[]): Promise<void> | void;
}

/** A notebook step as the screen sends it; the session stamps the elapsed time. */
export type Step = NotebookAction extends infer A
  ? A extends NotebookAction
    ? Omit<A, 'at'>
    : never
  : never;

export interface SessionOptions {
  readonly host: WorldHostLike;
  readonly storage: KeyValueStorage;
  /** A monotonic clock in milliseconds; the investigation clock is measured with it. */
  readonly now: () => number;
  /** An outside investigation clock (a game day's round, which its facilitator pauses) used instead of `now`. */
  readonly elapsed?: () => number;
  /**
   * Whether the trainee may apply mitigations (default yes). A game day's players share one team but each
   * has a world of their own, so there a mitigation would change one member's world only: they do not.
   */
  readonly respond?: boolean;
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
  /** Records a notebook step (pin, hypothesis, link, hint, …) at the current elapsed time. */
  act(step: Step): void;
  /** Runs the log explorer's LogQL query (or `query` when given) over its range, and records the query. */
  exploreLogs(query?: string): Promise<void>;
  /** Rows `[from, to)` of the log explorer's last result, newest first, read as its list scrolls to them. */
  logRows(from: number, to: number): Promise<LogPage>;
  /** Records that the trainee scrolled to rows of the last log result, so what they saw can be pinned. */
  sawLogRows(page: LogPage): void;
  /** Runs any tool up to the incident clock's "now", records the query, and answers what it showed. */
  runTool(request: ToolRequest): Promise<ToolResult>;
  /** The incident clock: the page's time plus the time spent on the case, in milliseconds since the epoch. */
  nowMs(): number;
  /** Log label names and values of the open world, for completion. */
  logLabels(): Promise<LogLabelIndex>;
  /** Metric names, their metadata and label sets of the open world, for PromQL completion. */
  metricIndex(): Promise<MetricIndex>;
  /** The code browser's tree, file history, blame or commit, as the repository stood at the clock's now. */
  browseCode(request: CodeBrowseRequest): Promise<CodeBrowseAnswer>;
  /** The ops map's telemetry at a moment, never later than the clock's now. */
  mapAt(atMs: number): Promise<MapTelemetry | undefined>;
  /**
   * Applies a mitigation now: the world goes on with the changed system, the action is recorded, and the
   * incident clock moves on by the time the action takes. Answers the change, or why it could not be made.
   */
  mitigate(mitigation: string): Promise<{ change: TimelineEvent; doneMs: number } | { error: string }>;
  /** Whether this play offers mitigations (a game day's players do not apply them). */
  readonly canRespond: boolean;
  /** What each mitigation applied so far did (for the debrief); the world goes on far enough to tell. */
  judgeResponse(): Promise<MitigationEffect[]>;
  /** Alert rules that have gone to firing by the clock's now, for the incident channel. */
  alertFirings(): Promise<AlertFiring[]>;
  /** Runs a recorded query again without recording it: what it showed, for the debrief. */
  showAgain(query: QueryAction): Promise<ToolResult>;
  /** Loads a scenario file the player chose; when it is valid its briefing opens, else its errors come back. */
  loadScenarioText(text: string, fileName: string): Promise<LoadedText>;
  /**
   * How many changes (the scenario's timeline and those made during the play) have happened by the
   * clock's now: the Changes tool looks again when it grows. (Changes made before a reload are not
   * counted; the tool lists them anyway when it first opens.)
   */
  changesSoFar(): number;
  /** Adds changes made during the play to the open world's Changes tool (an id already there is skipped). */
  addChanges(events: readonly TimelineEvent[]): Promise<void>;
  /** Resolves once the catalog and any saved investigation are loaded. */
  readonly ready: Promise<void>;
}

/** Starts the app: restores a saved investigation if there is one, and keeps the store and save in step. */
export function startSession({
  host,
  storage,
  now,
  elapsed: outside,
  respond = true,
}: SessionOptions): Session {
  const store = createAppStore();
  recordProgressOnDebrief(store, storage, () => Date.now());
  const actor = createActor(investigationMachine);
  let elapsedBefore = 0;
  let resumedAt: number | undefined;
  let openedScenario: string | undefined;

  const elapsed = () => outside?.() ?? elapsedBefore + (resumedAt === undefined ? 0 : now() - resumedAt);

  // The variant being played: a first play is the scenario as written, each later play another variant,
  // so a second play differs and answers cannot be memorised. Kept in the save so a reload resumes it.
  let variant: number | undefined;
  const variantFor = (scenarioId: string): number => {
    const loaded = loadProgress(storage, Date.now());
    return loaded.kind === 'ok' ? (loaded.progress[scenarioId]?.plays ?? 0) : 0;
  };

  const openWorld = async (scenarioId: string) => {
    openedScenario = scenarioId;
    variant ??= variantFor(scenarioId);
    store.getState().set({
      world: { ...IDLE_WORLD, state: 'generating' },
      logView: EMPTY_LOG_VIEW,
      metricsView: EMPTY_METRICS_VIEW,
      tracesView: EMPTY_TRACES_VIEW,
      codeView: EMPTY_CODE_VIEW,
    });
    // proxy() only marks the callback, so it also works when the host runs in this thread (tests).
    const onProgress = proxy((fraction: number) => {
      const world = store.getState().world;
      if (openedScenario === scenarioId && world.state === 'generating')
        store.getState().set({ world: { ...world, progress: fraction } });
    });
    // A reload reopens the world where the play stood: the clock's time and the mitigations applied.
    const play = { elapsedMs: elapsed(), actions: [...actor.getSnapshot().context.actions] };
    const result = await host.open(scenarioId, variant === 0 ? undefined : variant, onProgress, play);
    if (openedScenario !== scenarioId) return;
    if (result.ok) {
      actor.send({
        type: 'answer known',
        answer: {
          component: result.scenario.solution.rootCause.component,
          fault: result.scenario.solution.rootCause.fault,
        },
      });
      store.getState().set({
        scenario: result.scenario,
        world: {
          state: 'ready',
          progress: 1,
          logLines: result.logLines,
          instances: result.instances,
          ...(result.tools ? { tools: result.tools } : {}),
        },
      });
    } else {
      const message = result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n');
      store.getState().set({ world: { ...IDLE_WORLD, state: 'failed', error: message } });
    }
  };

  actor.subscribe((snapshot) => {
    const phase = phaseOf(snapshot.value);
    const { scenarioId, actions, notebook, hintDue } = snapshot.context;
    const previous = store.getState().phase;
    const clockRuns = phase === 'investigating' || phase === 'diagnosing' || phase === 'wrong';
    if (clockRuns && resumedAt === undefined) resumedAt = now();
    if (!clockRuns && resumedAt !== undefined) {
      elapsedBefore += now() - resumedAt;
      resumedAt = undefined;
    }
    if (phase === 'menu') {
      elapsedBefore = 0;
      openedScenario = undefined;
      variant = undefined;
      store.getState().set({
        phase,
        actions,
        notebook,
        hintDue,
        scenario: undefined,
        world: IDLE_WORLD,
        logView: EMPTY_LOG_VIEW,
        metricsView: EMPTY_METRICS_VIEW,
        tracesView: EMPTY_TRACES_VIEW,
        codeView: EMPTY_CODE_VIEW,
        mapView: { atMs: undefined, telemetry: undefined },
        // The next scenario opens on a neutral tool, never on the one this play left in front.
        tab: 'logs',
      });
      if (previous !== 'loading') clearSave(storage);
      return;
    }
    store.getState().set({ phase, actions, notebook, hintDue });
    if (scenarioId && openedScenario !== scenarioId) void openWorld(scenarioId);
    // The form and the retry prompt are moments within the investigation: a reload resumes it.
    const savedPhase = clockRuns ? 'investigating' : phase;
    if (scenarioId)
      writeSave(storage, {
        scenarioId,
        phase: savedPhase,
        actions: [...actions],
        elapsedMs: elapsed(),
        ...(variant ? { variant } : {}),
      });
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
      variant = loaded.save.variant ?? 0;
      actor.send({
        type: 'restore',
        scenarioId: loaded.save.scenarioId,
        phase: loaded.save.phase,
        actions: loaded.save.actions,
      });
    } else if (loaded.kind === 'ok') {
      store.getState().set({
        notice: `Your saved investigation of "${loaded.save.scenarioId}" cannot be reopened: that scenario is not one of the game's own (it was loaded from a file, or it was removed). Load its file again to play it from the start.`,
      });
    }
  })();

  const act: Session['act'] = (step) =>
    send({ type: 'act', action: { ...step, at: Math.round(elapsed()) } as NotebookAction });

  // Nothing after the incident clock's "now" exists yet: the trainee was paged at the page's time, and
  // each mitigation moved the clock on by the time it took.
  const nowMs = () => {
    const scenario = store.getState().scenario;
    if (!scenario) return Number.POSITIVE_INFINITY;
    const delay = responseDelayMs(scenario, store.getState().actions);
    return parseTimestamp(scenario.briefing.page.at)! + elapsed() + delay;
  };

  const mitigate: Session['mitigate'] = async (mitigation) => {
    const scenario = store.getState().scenario;
    if (!respond) return { error: 'mitigations are not applied in this play' };
    if (!scenario || !host.mitigate) return { error: 'no world is open' };
    // The action's time is fixed once, so a reload replays it at exactly the same moment.
    const at = Math.round(elapsed());
    const atMs =
      parseTimestamp(scenario.briefing.page.at)! + at + responseDelayMs(scenario, store.getState().actions);
    const result = await host.mitigate(mitigation, atMs);
    if ('error' in result) return result;
    note([result.change]);
    send({ type: 'act', action: { type: 'mitigate', at, mitigation } });
    return result;
  };

  const judgeResponse: Session['judgeResponse'] = async () => {
    const scenario = store.getState().scenario;
    if (!scenario || !host.judgeResponse) return [];
    const steps = appliedMitigations(scenario, store.getState().actions).map(({ mitigation, atMs }) => ({
      mitigation,
      atMs,
    }));
    return steps.length ? host.judgeResponse(steps) : [];
  };

  const runTool: Session['runTool'] = async (request) => {
    const endMs = Math.min(request.endMs ?? Number.POSITIVE_INFINITY, nowMs());
    const bounded = { ...request, endMs } as ToolRequest;
    const { result, action } = await host.runToolRecorded(bounded);
    send({ type: 'act', action: { ...action, at: Math.round(elapsed()) } });
    return result;
  };

  // The record of the log explorer's last query, which rows scrolled to later extend.
  let lastLogQuery: QueryAction | undefined;
  const exploreLogs: Session['exploreLogs'] = async (text) => {
    const view = store.getState().logView;
    const query = text ?? view.query;
    const scenario = store.getState().scenario;
    const endMs = nowMs();
    const windowStart = scenario ? parseTimestamp(scenario.window.start)! : endMs - 3_600_000;
    const startMs =
      view.rangeMinutes > 0 ? Math.max(windowStart, endMs - view.rangeMinutes * 60_000) : windowStart;
    store.getState().setLogView({ query, searching: true });
    const request = { query, startMs, endMs, limit: view.limit, buckets: 120 };
    const explored = await host.exploreLogs(request);
    const lines = explored.result.ok
      ? explored.result.items.flatMap((item, i) =>
          item.evidence.kind === 'log'
            ? [
                {
                  id: item.evidence.id,
                  tsMs: item.evidence.tsMs,
                  line: item.evidence.line,
                  service: item.evidence.service,
                  instance: explored.rows[i]?.labels.instance ?? '',
                },
              ]
            : [],
        )
      : [];
    store.getState().setLogView({
      explored,
      ranQuery: query,
      searching: false,
      result: { matched: explored.result.ok ? explored.result.matched : 0, lines },
    });
    lastLogQuery = explored.action;
    send({
      type: 'act',
      action: { ...explored.action, at: Math.round(elapsed()) },
    });
  };

  // The newcomer's search (a service and a piece of text) is the LogQL query a Grafana user would type.
  const searchLogs: Session['searchLogs'] = async ({ service, contains }) => {
    store.getState().setLogView({ service, contains });
    await exploreLogs(toLogQL({ service, contains }));
  };

  const logRows: Session['logRows'] = async (from, to) => host.logRows(from, to);
  // Rows scrolled to are recorded as more of the query that listed them (`rows`), not as another query.
  const sawLogRows: Session['sawLogRows'] = (page) => {
    const ran = lastLogQuery;
    if (!ran || page.items.length === 0) return;
    const shownIds = page.items.map((e) => e.ref);
    const rows = { from: page.from, to: page.from + page.items.length };
    send({ type: 'act', action: { ...ran, at: Math.round(elapsed()), shownIds, rows } });
  };
  const logLabels = async () => host.logLabels();
  const metricIndex = async () => host.metricIndex();
  const browseCode: Session['browseCode'] = async (request) => host.browseCode(request);
  const mapAt: Session['mapAt'] = async (atMs) => host.mapAt(Math.min(atMs, nowMs()));
  const alertFirings: Session['alertFirings'] = async () => (await host.alertFirings?.(nowMs())) ?? [];

  // Changes made during the play, so the Changes tool can tell when one reaches the clock.
  const played: TimelineEvent[] = [];
  const note = (events: readonly TimelineEvent[]) => {
    for (const e of events) if (!played.some((p) => p.id === e.id)) played.push(e);
  };
  const addChanges: Session['addChanges'] = async (events) => {
    note(events);
    await host.addChanges?.(events);
  };
  const changesSoFar: Session['changesSoFar'] = () => {
    const scenario = store.getState().scenario;
    if (!scenario) return 0;
    const now = nowMs();
    return [...scenario.timeline, ...played].filter((e) => (parseTimestamp(e.at) ?? 0) <= now).length;
  };
  const showAgain: Session['showAgain'] = async (query) => host.runTool(rerunRequest(query));

  const loadScenarioText: Session['loadScenarioText'] = async (text, fileName) => {
    if (!host.openText) {
      const message = 'this game loads no scenario files';
      return {
        ok: false,
        diagnostics: [{ file: fileName, line: 1, col: 1, path: '', severity: 'error', message }],
      };
    }
    const result = await host.openText(text, fileName);
    if (result.ok) send({ type: 'select scenario', scenarioId: result.scenario.id });
    return result;
  };

  return {
    store,
    actor,
    send,
    elapsed,
    searchLogs,
    exploreLogs,
    logRows,
    sawLogRows,
    runTool,
    nowMs,
    logLabels,
    metricIndex,
    browseCode,
    mapAt,
    alertFirings,
    mitigate,
    canRespond: respond,
    judgeResponse,
    showAgain,
    loadScenarioText,
    addChanges,
    changesSoFar,
    act,
    ready,
  };
}
