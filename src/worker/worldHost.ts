import type { Action, QueryAction, Tool } from '../engine/investigation/actions.ts';
import type { AlertFiring } from '../engine/investigation/channel.ts';
import { alertFirings, channelAt } from '../engine/investigation/channel.ts';
import { managerNudges, NUDGE_EVERY_MS } from '../engine/investigation/managerNudges.ts';
import type { PublicChannelItem } from '../engine/investigation/publicChannel.ts';
import { publicChannel } from '../engine/investigation/publicChannel.ts';
import { appliedMitigations } from '../engine/investigation/responseSteps.ts';
import type { ToolRequest, ToolResult } from '../engine/investigation/tools.ts';
import { queryAction, runTool } from '../engine/investigation/tools.ts';
import { underBudget } from '../engine/query/budget.ts';
import type { LogSearch, LogSearchResult } from '../engine/query/logSearch.ts';
import { searchLogs } from '../engine/query/logSearch.ts';
import { errorAt } from '../engine/query/types.ts';
import type { ScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import { loadScenario } from '../engine/scenario/load.ts';
import type { CatalogEntry, PlayerScenario } from '../engine/scenario/playerView.ts';
import { playerView } from '../engine/scenario/playerView.ts';
import type { Scenario, TimelineEvent } from '../engine/scenario/schema.ts';
import { hintOfPart } from '../engine/scenario/split.ts';
import { parseTimestamp } from '../engine/scenario/units.ts';
import { VARIANTS_OFFERED, variantsByAnswer } from '../engine/scenario/variantAnswer.ts';
import { rerunRequest } from '../engine/scoring/seenNotPinned.ts';
import type { MitigationEffect, ResponseStep } from '../engine/sim/response/response.ts';
import {
  doneAt,
  JUDGE_AFTER_MS,
  judgeResponse,
  mitigationOf,
  playResponse,
} from '../engine/sim/response/response.ts';
import type { Run } from '../engine/sim/run.ts';
import { TICK_MS } from '../engine/sim/run.ts';
import { createRun } from '../engine/sim/simulate.ts';
import type { CodeBrowseAnswer, CodeBrowseRequest } from '../engine/views/codeBrowse.ts';
import { browseCode } from '../engine/views/codeBrowse.ts';
import type { Call } from '../engine/views/discovery.ts';
import { Discovery } from '../engine/views/discovery.ts';
import type {
  LogExploration,
  LogExploreRequest,
  LogLabelIndex,
  LogMatches,
  LogPage,
} from '../engine/views/logExplore.ts';
import { exploreLogs, logLabelIndex, logPage, toolsOf } from '../engine/views/logExplore.ts';
import type { MapTelemetry } from '../engine/views/mapTelemetry.ts';
import { alertsOf, mapTelemetry } from '../engine/views/mapTelemetry.ts';
import type { MetricIndex } from '../engine/views/metricIndex.ts';
import { metricIndex } from '../engine/views/metricIndex.ts';
import type { Pressure } from '../engine/views/pressure.ts';
import { ongoingAt, pressureAt } from '../engine/views/pressure.ts';
import type { Replay } from '../engine/views/replay.ts';
import { replayOf } from '../engine/views/replay.ts';
import { faultStartMs } from '../engine/views/replayMoments.ts';
import type { CodeRepo } from '../engine/world/codeRepo.ts';
import { buildCodeRepo } from '../engine/world/codeRepo.ts';
import type { World } from '../engine/world/world.ts';
import type { QueryTicket } from './queryCancel.ts';
import { hostBudget } from './queryCancel.ts';
import type { ScenarioShelf, ScenarioSource } from './scenarioShelf.ts';
import { isShelf, shelfOf } from './scenarioShelf.ts';

export type { ScenarioSource } from './scenarioShelf.ts';

/**
 * How long one query may run in the worker before it answers that it timed out. The page stays free while
 * it runs and the trainee can cancel it; this only ends a query nobody cancels.
 */
export const WORKER_QUERY_BUDGET_MS = 30_000;

/** How a host bounds its queries. */
export interface WorldHostOptions {
  /** How long one query may run, in ms ({@link WORKER_QUERY_BUDGET_MS} by default). */
  readonly queryBudgetMs?: number;
  /** The clock the budget is read on, in ms (`performance.now` by default). */
  readonly now?: () => number;
}

export { VARIANTS_OFFERED } from '../engine/scenario/variantAnswer.ts';

/** What opening a scenario returns to the page: what a player may see of it, or why it could not be opened. */
export type OpenResult =
  | {
      readonly ok: true;
      readonly scenario: PlayerScenario;
      readonly logLines: number;
      readonly instances: Readonly<Record<string, readonly string[]>>;
      /** The tools this world can answer: logs, changes and inbox always; metrics, traces, code when recorded. */
      readonly tools?: readonly Tool[];
      /** What each mitigation the reopened play had applied cost in game time (ms). */
      readonly costs?: Readonly<Record<string, number>>;
      /** The undocumented calls the reopened play's traces and logs had shown. */
      readonly discovered?: readonly Call[];
    }
  | { readonly ok: false; readonly diagnostics: readonly ScenarioDiagnostic[] };

/** What loading a player's scenario file returns: the scenario (with any warnings), or its errors. */
export type LoadedText =
  | {
      readonly ok: true;
      readonly scenario: PlayerScenario;
      readonly diagnostics: readonly ScenarioDiagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly ScenarioDiagnostic[] };

/**
 * Holds one world and answers the page's questions about it. Lives in a Web Worker in the browser and
 * runs as is in Node tests; the page talks to it through Comlink.
 *
 * It is the solo play's referee: it answers the page with what a player may see (`playerView`), what a
 * tool shows, the channel's messages as they appear, a hint's text once bought, and the hidden truth only
 * when the trainee first submits a diagnosis (`reveal`). A built-in scenario of a shelf of sealed parts is
 * held no better than the page could: its world runs on the player part, and the host fetches the whole
 * file at the first submission and a hint's text when it is bought.
 */
export class WorldHost {
  private world: World | undefined;
  /** The run behind the world: it goes on as the incident clock runs and takes the trainee's mitigations. */
  private run: Run | undefined;
  private code: CodeRepo | undefined;
  /** Changes a game day's facilitator injected into the play. */
  private injected: TimelineEvent[] = [];
  /** A scenario file the player loaded; `open` serves it by its id until another file replaces it. */
  private loaded: ScenarioSource | undefined;
  /** The file of the open world, its variant, and the whole scenario once it is at hand. */
  private source: OpenedSource | undefined;
  /** Every line the last log query matched, for the explorer's list to page through. */
  private logMatches: LogMatches = [];
  /** The undocumented calls the trainee's own results have shown. */
  private discovery = new Discovery([]);

  private readonly shelf: ScenarioShelf;
  private readonly budgetMs: number;
  private readonly now: () => number;
  /** The counters the page moves on to cancel a query (see `queryCancel.ts`), once it has shared them. */
  private cancels: Int32Array | undefined;

  constructor(sources: ScenarioShelf | readonly ScenarioSource[], options: WorldHostOptions = {}) {
    this.shelf = isShelf(sources) ? sources : shelfOf(sources);
    this.budgetMs = options.queryBudgetMs ?? WORKER_QUERY_BUDGET_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /** Takes the counters the page cancels queries with: from now on a ticket's query stops once cancelled. */
  hearCancels(buffer: SharedArrayBuffer): void {
    this.cancels = new Int32Array(buffer);
  }

  /** What the library lists of every built-in scenario that loads, and the problems of those that do not. */
  catalog(): { scenarios: CatalogEntry[]; problems: ScenarioDiagnostic[] } {
    return { scenarios: this.shelf.catalog.map((c) => c.entry), problems: [...this.shelf.problems] };
  }

  /**
   * Loads a built-in scenario by id and generates its world. A seed also picks the scenario's variant (its
   * region, instance, times…), so a new seed is a different play; without one, the file as written.
   */
  async open(
    scenarioId: string,
    seed?: number,
    onProgress?: (fraction: number) => void,
    play?: WorldPlay,
  ): Promise<OpenResult> {
    const variant = { variant: seed ?? 0 };
    const opened = (file: string, whole: Scenario | undefined) => (result: OpenResult) => {
      if (result.ok) this.source = { file, variant: variant.variant, whole };
      return result;
    };
    if (this.loaded) {
      const { file, text } = this.loaded;
      const { scenario } = loadScenario(text, file, variant);
      if (scenario?.id === scenarioId)
        return this.generate(scenario, seed, onProgress, play).then(opened(file, scenario));
    }
    const file =
      this.shelf.catalog.find((c) => c.entry.id === scenarioId)?.file ??
      this.shelf.files.find((f) => f.endsWith(`/${scenarioId}.yaml`));
    if (file !== undefined) {
      // From a shelf of sealed parts this is the player part: the rest is fetched when it is needed.
      const { scenario, diagnostics } = loadScenario(await this.shelf.text(file), file, variant);
      const whole = this.shelf.sealed ? undefined : scenario;
      if (scenario?.id === scenarioId)
        return this.generate(scenario, seed, onProgress, play).then(opened(file, whole));
      if (!scenario) return { ok: false, diagnostics };
    }
    return {
      ok: false,
      diagnostics: [
        { file: '', line: 1, col: 1, path: '', severity: 'error', message: `no scenario "${scenarioId}"` },
      ],
    };
  }

  /**
   * Loads and validates a scenario file the player chose. When it loads, it is kept so that `open` (called
   * as the briefing starts, with the progress bar) generates its world by its id; a loaded file with a
   * built-in's id stands in for that built-in until the page reloads.
   */
  openText(text: string, file: string, seed?: number): LoadedText {
    const { scenario, diagnostics } = loadScenario(text, file, { variant: seed ?? 0 });
    if (!scenario) return { ok: false, diagnostics };
    this.loaded = { file, text };
    return { ok: true, scenario: playerView(scenario), diagnostics };
  }

  /**
   * The whole scenario of the open world, hidden truth included: the page asks for it when the trainee
   * first submits a diagnosis, to score the play and tell the story in the debrief. A built-in's whole
   * file is fetched now, the first time.
   */
  async reveal(): Promise<Scenario | undefined> {
    const source = this.source;
    if (!this.run || !source) return undefined;
    if (!source.whole && this.shelf.sealed) {
      const text = await this.shelf.sealed.whole(source.file);
      source.whole = loadScenario(text, source.file, { variant: source.variant }).scenario;
    }
    return source.whole;
  }

  /**
   * The text of the open scenario's hint `index` (0 is the first), asked for when the trainee buys it. A
   * built-in's hint is fetched alone, unless the whole file is at hand already.
   */
  async hintText(index: number): Promise<string | undefined> {
    const source = this.source;
    if (!this.run || !source) return undefined;
    if (source.whole || !this.shelf.sealed) return source.whole?.hints[index]?.text;
    const part = await this.shelf.sealed.hint(source.file, index);
    return part === undefined ? undefined : hintOfPart(part, source.variant);
  }

  /**
   * The incident channel at `nowMs`: the messages that have appeared by then (without the tags that say
   * which ones help or mislead, or what they wait for) and the trainee's status updates.
   */
  channelAt(nowMs: number, actions: readonly Action[]): PublicChannelItem[] {
    const run = this.run;
    if (!run) return [];
    const scenario = run.scenario;
    const waitsOnAlerts = scenario.channel.some((m) => m.after?.alert !== undefined);
    const firings = waitsOnAlerts ? this.alertFirings(nowMs) : [];
    const pageMs = parseTimestamp(scenario.briefing.page.at)!;
    const items = channelAt({ scenario, pageMs, nowMs, actions, firings });
    if (nowMs >= pageMs + NUDGE_EVERY_MS) this.reach(nowMs);
    const world = this.world;
    if (!world) return publicChannel(items);
    const statusAtMs = items.flatMap((i) => (i.kind === 'status' ? [i.atMs] : []));
    const nudges = managerNudges({
      scenario,
      pageMs,
      nowMs,
      statusAtMs,
      ongoingAt: (atMs) => ongoingAt(world, atMs),
    });
    // A stable sort: a nudge follows the scripted messages and updates of its moment.
    return publicChannel([...items, ...nudges].sort((a, b) => a.atMs - b.atMs));
  }

  /** What presses on the responder at `nowMs`: failed requests, the error budget, the alerts that fired. */
  pressureAt(nowMs: number): Pressure | undefined {
    this.reach(nowMs);
    return this.world ? pressureAt(this.world, nowMs) : undefined;
  }

  /**
   * The first `count` variants of a built-in scenario grouped by answer (variant numbers only, never the
   * answers), so the page can give a player a variant whose answer they have not met yet.
   */
  async variantsByAnswer(scenarioId: string, count = VARIANTS_OFFERED): Promise<number[][]> {
    if (this.loaded && loadScenario(this.loaded.text, this.loaded.file).scenario?.id === scenarioId)
      return variantsByAnswer(this.loaded.text, this.loaded.file, count);
    const file = this.shelf.catalog.find((c) => c.entry.id === scenarioId)?.file;
    if (file === undefined) return [];
    // A player part cannot tell answers apart: the groups were worked out when the parts were made.
    if (this.shelf.sealed)
      return (await this.shelf.sealed.variantGroups(file))
        .map((group) => group.filter((v) => v < count))
        .filter((group) => group.length > 0);
    return variantsByAnswer(await this.shelf.text(file), file, count);
  }

  /** Runs a log search over the open world (an empty answer if it runs past the query budget). */
  searchLogs(search: LogSearch): LogSearchResult {
    this.reach(search.endMs);
    const world = this.world;
    if (!world) return { matched: 0, lines: [] };
    const answer = underBudget(this.budget(undefined), () => searchLogs(world, search));
    return answer.ok ? answer.value : { matched: 0, lines: [] };
  }

  /**
   * Runs any investigation tool over the open world, exactly as bots and the CLI do. The query stops at
   * the host's time budget, or once its `ticket` is cancelled, and then answers that it was stopped.
   */
  runTool(request: ToolRequest, ticket?: QueryTicket): ToolResult {
    this.reach(request.endMs);
    const world = this.world;
    if (!world) return { ok: false, tool: request.tool, query: '', errors: [] };
    const budget = this.budget(ticket);
    const answer = underBudget(budget, () => runTool(world, request));
    if (!answer.ok) return stoppedResult(request.tool, queryOf(request), budget.why(), this.budgetMs);
    this.discovery.notice(answer.value);
    return answer.value;
  }

  /**
   * Runs a tool and builds the action that records it (stamped `at: 0`; the page stamps the time), so the
   * page never loads the query evaluators to record a query. With it, the undocumented calls found so far.
   */
  runToolRecorded(
    request: ToolRequest,
    ticket?: QueryTicket,
  ): { result: ToolResult; action: QueryAction; discovered: Call[] } {
    const result = this.runTool(request, ticket);
    return { result, action: queryAction(request, result, 0), discovered: this.discovery.calls() };
  }

  /** The calls missing from the team's diagram that the trainee's own traces or logs have shown so far. */
  discovered(): Call[] {
    return this.discovery.calls();
  }

  /**
   * A LogQL query for the log explorer: the lines shown, their labels, the volume of every match, and its
   * record, with the undocumented calls found so far. It stops as {@link runTool} does.
   */
  exploreLogs(
    request: LogExploreRequest,
    ticket?: QueryTicket,
  ): LogExploration & { action: QueryAction; discovered: Call[] } {
    this.reach(request.endMs);
    const world = this.world;
    const budget = this.budget(ticket);
    const run = world ? underBudget(budget, () => exploreLogs(world, request)) : undefined;
    const answer = run?.ok
      ? run.value
      : run && {
          explored: { result: stoppedResult('logs', request.query, budget.why(), this.budgetMs), rows: [] },
          matches: [],
        };
    this.logMatches = answer?.matches ?? [];
    const explored: LogExploration = answer?.explored ?? {
      result: { ok: false, tool: 'logs', query: request.query, errors: [] },
      rows: [],
    };
    this.discovery.notice(explored.result);
    const { query, startMs, endMs, limit } = request;
    return {
      ...explored,
      action: queryAction({ tool: 'logs', query, startMs, endMs, limit }, explored.result, 0),
      discovered: this.discovery.calls(),
    };
  }

  /** Rows `[from, to)` of the last log query's matches, newest first, as the explorer's list scrolls to them. */
  logRows(from: number, to: number): LogPage {
    const page = this.world ? logPage(this.world, this.logMatches, from, to) : { from, items: [], rows: [] };
    this.discovery.noticeLines(page.items);
    return page;
  }

  /** Log label names and their values, for the query editor's completion. */
  logLabels(): LogLabelIndex {
    return this.world ? logLabelIndex(this.world.logs) : { names: [], values: {} };
  }

  /** Metric names, metadata and series labels, for the PromQL editor's completion. */
  metricIndex(): MetricIndex {
    return this.world ? metricIndex(this.world.metrics) : { metadata: {}, series: {} };
  }

  /** A query's budget: the host's time, and its ticket while the page has not cancelled it. */
  private budget(ticket: QueryTicket | undefined) {
    return hostBudget(this.budgetMs, this.now, this.cancels, ticket);
  }

  /** The code browser's tree, histories, blame and commits, as the repository stood at the clock's now. */
  browseCode(request: CodeBrowseRequest): CodeBrowseAnswer {
    return browseCode(this.world?.code, request);
  }

  /**
   * Adds changes made during the play (a facilitator's inject, a mitigation) to the world, so the Changes
   * tool lists them beside the scenario's timeline. An id already present is not added twice.
   */
  addChanges(events: readonly TimelineEvent[]): void {
    const known = new Set(this.injected.map((e) => e.id));
    const fresh = events.filter((e) => !known.has(e.id));
    if (fresh.length === 0) return;
    this.injected.push(...fresh);
    if (this.world) this.world = this.snapshot();
  }

  /**
   * Applies a mitigation the scenario offers at `atMs` on the incident clock: the world goes on from there
   * with the changed system. Answers the change as the change log lists it and when the action is done.
   */
  mitigate(mitigation: string, atMs: number): { change: TimelineEvent; doneMs: number } | { error: string } {
    if (!this.run) return { error: 'no world is open' };
    try {
      const m = mitigationOf(this.run.scenario, mitigation, atMs);
      this.reach(atMs);
      const change = this.run.mitigate(m, atMs);
      this.world = this.snapshot();
      return { change, doneMs: doneAt(m, atMs) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  /**
   * What each mitigation did: how users fared once it was done against the same minutes without it (the
   * world replayed without that step and the ones after). The world goes on an hour past the last one:
   * called for the debrief, once the trainee no longer investigates.
   */
  judgeResponse(steps: readonly ResponseStep[]): MitigationEffect[] {
    const run = this.run;
    if (!run || steps.length === 0) return [];
    const ordered = [...steps].sort((a, b) => a.atMs - b.atMs);
    const last = Math.max(...ordered.map((s) => doneAt(mitigationOf(run.scenario, s.mitigation), s.atMs)));
    // An hour past the last one, so relief that wears off (a restart of a leaking service) shows as such.
    this.reach(last + JUDGE_AFTER_MS);
    const until = run.nowMs;
    const without = ordered.map((_, k) => playResponse(run.scenario, run.seed, ordered.slice(0, k), until));
    return judgeResponse([...without, run], ordered);
  }

  /**
   * Traffic on each call the map shows and the alerts firing at a moment, for the ops map; undefined before
   * a world. A call the team's diagram leaves out is answered only once the trainee has discovered it.
   */
  mapAt(atMs: number): MapTelemetry | undefined {
    this.reach(atMs);
    return this.world ? mapTelemetry(this.world, atMs, this.discovery.calls()) : undefined;
  }

  /**
   * The incident played back up to `toMs` from the window's start, or in a window of days from an hour
   * before the fault or the page, for the debrief's map (see `replayOf`); undefined before a world. Asked
   * only once the play is over, so every call is drawn, documented or not.
   */
  replay(toMs: number): Replay | undefined {
    this.reach(toMs);
    return this.world
      ? replayOf(this.world, replayFromMs(this.world.scenario, this.world.startMs, toMs), toMs)
      : undefined;
  }

  /** The alert rules going to firing up to `endMs`, for the incident channel; empty before a world. */
  alertFirings(endMs: number): AlertFiring[] {
    this.reach(endMs);
    return this.world ? alertFirings(alertsOf(this.world), endMs) : [];
  }

  /**
   * Generates a scenario's world up to the incident clock's now, a slice of game time at a time with a
   * turn of the event loop between slices: the game-day server, which generates each team's world, goes
   * on answering its other clients meanwhile. The host takes the world once it is whole.
   */
  private async generate(
    scenario: Scenario,
    seed: number | undefined,
    onProgress: ((fraction: number) => void) | undefined,
    play: WorldPlay | undefined,
  ): Promise<OpenResult> {
    // In the browser `onProgress` is a Comlink proxy: each call posts a message to the page, which stays free.
    const progress = onProgress ? (f: number) => void onProgress(f) : undefined;
    const run = createRun(scenario, seed ?? scenario.seed);
    // The simulation leaves the code history to whoever asks for it, as the command line does.
    const code = scenario.code ? buildCodeRepo(scenario) : undefined;
    // Nothing after the incident clock's now exists yet: the world is generated up to it, and goes on as
    // the clock runs. A reload replays the mitigations applied so far at their times.
    const applied = appliedMitigations(scenario, play?.actions ?? []);
    const untilMs =
      parseTimestamp(scenario.briefing.page.at)! +
      (play?.elapsedMs ?? 0) +
      applied.reduce((sum, m) => sum + m.costMs, 0);
    const target = Math.max(untilMs, run.sys.startMs);
    const share = (t: number) =>
      target > run.sys.startMs ? (t - run.sys.startMs) / (target - run.sys.startMs) : 1;
    const report = progress ? () => progress(Math.min(1, share(run.nowMs))) : undefined;
    for (const step of applied) {
      extendFor(run, step.atMs);
      await advanceInSlices(run, step.atMs, report);
      run.mitigate(mitigationOf(scenario, step.mitigation, step.atMs), step.atMs);
    }
    extendFor(run, target);
    await advanceInSlices(run, target, report);
    progress?.(1);
    this.run = run;
    this.injected = [];
    this.discovery = new Discovery(scenario.system.edges);
    this.code = code;
    this.world = this.snapshot();
    // A reopened play's traces and logs show again what they showed, and so find what they had found.
    if (this.discovery.hides())
      for (const a of play?.actions ?? [])
        if (a.type === 'query' && (a.tool === 'traces' || a.tool === 'logs'))
          this.discovery.notice(runTool(this.world, rerunRequest(a)));
    return {
      ok: true,
      scenario: playerView(scenario),
      logLines: this.world.logs.size,
      instances: this.world.instances,
      tools: toolsOf(this.world),
      costs: Object.fromEntries(applied.map((m) => [m.mitigation, m.costMs])),
      discovered: this.discovery.calls(),
    };
  }

  /** Generates the world up to `tMs` (the incident clock's now, at most) if it has not got there yet. */
  private reach(tMs: number | undefined): void {
    const run = this.run;
    if (!run || tMs === undefined || !Number.isFinite(tMs) || tMs < run.nowMs + TICK_MS) return;
    extendFor(run, tMs);
    const before = run.tick;
    run.advanceTo(tMs);
    if (run.tick !== before) this.world = this.snapshot();
  }

  /** The world as far as the run has gone, with its code history and the changes injected into the play. */
  private snapshot(): World {
    const world = this.run!.world();
    const changes = [...(world.changes ?? []), ...this.injected];
    return { ...world, ...(this.code ? { code: this.code } : {}), ...(changes.length ? { changes } : {}) };
  }
}

/** The file the open world came from, the variant played, and the whole scenario once fetched. */
interface OpenedSource {
  readonly file: string;
  readonly variant: number;
  whole: Scenario | undefined;
}

/** Where a reopened play stands: the time spent on it and its actions (the mitigations among them replay). */
export interface WorldPlay {
  readonly elapsedMs: number;
  readonly actions?: readonly Action[];
}

/** The text of a tool request's query (the inbox takes none). */
/** Replays longer than this start near the incident: 120 frames over days would give it one or two. */
const REPLAY_SPAN_MS = 86_400_000;
const REPLAY_LEAD_MS = 3_600_000;

/**
 * Where the debrief's replay starts: the window's start, unless that is a day or more before `toMs`; then an
 * hour before the first fault began or the page, whichever came first (a fault there from the window's
 * start, such as a leak over days, still plays from it).
 */
function replayFromMs(scenario: Scenario, startMs: number, toMs: number): number {
  if (toMs - startMs < REPLAY_SPAN_MS) return startMs;
  const pageMs = parseTimestamp(scenario.briefing.page.at) ?? toMs;
  return Math.max(startMs, Math.min(faultStartMs(scenario), pageMs) - REPLAY_LEAD_MS);
}

function queryOf(request: ToolRequest): string {
  return 'query' in request ? (request.query ?? '') : '';
}

/** The answer of a query that was stopped before it was done: cancelled, or over its time budget. */
function stoppedResult(
  tool: Tool,
  query: string,
  why: 'cancelled' | 'timeout',
  budgetMs: number,
): ToolResult {
  const message =
    why === 'cancelled'
      ? 'query cancelled'
      : `query timed out after ${budgetMs / 1000} s: narrow its time range, its streams or its pattern`;
  return { ok: false, tool, query, errors: [errorAt(query, 0, query.length, message)], stopped: why };
}

/** Lets the run go past its window when the clock does, up to four hours past it. */
function extendFor(run: Run, tMs: number): void {
  if (tMs + 30 * 60_000 <= run.horizonMs) return;
  run.extendTo(Math.min(run.sys.endMs + 4 * 3_600_000, tMs + 60 * 60_000));
}

/**
 * Game time generated between two turns of the event loop: about a tenth of a second of work on a
 * built-in world, and few enough turns that the browser's 4 ms clamp on timers costs nothing to notice.
 */
export const GENERATION_SLICE_MS = 5 * 60_000;

/** Advances `run` to `untilMs`, yielding to the event loop after each {@link GENERATION_SLICE_MS}. */
async function advanceInSlices(run: Run, untilMs: number, report: (() => void) | undefined): Promise<void> {
  for (
    let t = Math.min(run.nowMs + GENERATION_SLICE_MS, untilMs);
    ;
    t = Math.min(t + GENERATION_SLICE_MS, untilMs)
  ) {
    run.advanceTo(t, report);
    if (t >= untilMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
