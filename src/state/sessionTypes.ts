import type { Actor } from 'xstate';
import type { QueryAction } from '../engine/investigation/actions.ts';
import type { AlertFiring } from '../engine/investigation/channel.ts';
import type { PublicChannelItem } from '../engine/investigation/publicChannel.ts';
import type { ToolRequest, ToolResult } from '../engine/investigation/tools.ts';
import type { Scenario, TimelineEvent } from '../engine/scenario/schema.ts';
import type { MitigationEffect } from '../engine/sim/response/outcomes.ts';
import type { CodeBrowseAnswer, CodeBrowseRequest } from '../engine/views/codeBrowse.ts';
import type { LogLabelIndex, LogPage } from '../engine/views/logExplore.ts';
import type { MapTelemetry } from '../engine/views/mapTelemetry.ts';
import type { MetricIndex } from '../engine/views/metricIndex.ts';
import type { Pressure } from '../engine/views/pressure.ts';
import type { InvestigationEvent, investigationMachine } from '../flow/investigationMachine.ts';
import type { LoadedText } from '../worker/worldHost.ts';
import type { MitigationResult } from './play/mitigation.ts';
import type { Step } from './play/playContext.ts';
import type { WorldHostLike } from './play/worldHostLike.ts';
import type { KeyValueStorage } from './save.ts';
import type { AppStore } from './store.ts';

export interface SessionOptions {
  readonly host: WorldHostLike;
  readonly storage: KeyValueStorage;
  /** A monotonic clock in milliseconds; the investigation clock is measured with it. */
  readonly now: () => number;
  /** Wall-clock time in milliseconds, for the names of set-aside records (default `Date.now`). */
  readonly wallClock?: () => number;
  /** An outside investigation clock (a game day's round, which its facilitator pauses) used instead of `now`. */
  readonly elapsed?: () => number;
  /**
   * Whether the trainee may apply mitigations (default yes). A game day's players share one team but each
   * has a world of their own, so there a mitigation would change one member's world only: they do not.
   */
  readonly respond?: boolean;
  /**
   * Counters shared with the world's worker, through which a superseded or cancelled query stops there
   * (see `worker/queryCancel.ts`); absent where the page cannot share memory with its worker.
   */
  readonly cancelBuffer?: SharedArrayBuffer;
}

/** The running app: the flow actor, the store the screen reads, and the commands the screen may call. */
export interface Session {
  readonly store: AppStore;
  readonly actor: Actor<typeof investigationMachine>;
  /** Sends an event to the flow. */
  send(event: InvestigationEvent): void;
  /** Starts the day's incident: the scenario and variant every player gets on this UTC day. */
  playDaily(): void;
  /** Milliseconds spent investigating so far (kept across reloads). */
  elapsed(): number;
  /** Searches the logs with the panel's scope and filter, and records the query. */
  searchLogs(search: { service: string | undefined; contains: string }): Promise<void>;
  /** Records a notebook step (pin, hypothesis, link, hint, …) at the current elapsed time. */
  act(step: Step): void;
  /**
   * Runs the log explorer's LogQL query (or `query` when given) over its range, and records the query;
   * `browse` marks a re-run the page made for the trainee (scoping from the map), not a question asked.
   */
  exploreLogs(query?: string, options?: { browse?: boolean }): Promise<void>;
  /** Rows `[from, to)` of the log explorer's last result, newest first, read as its list scrolls to them. */
  logRows(from: number, to: number): Promise<LogPage>;
  /** Records that the trainee scrolled to rows of the last log result, so what they saw can be pinned. */
  sawLogRows(page: LogPage): void;
  /**
   * Runs any tool up to the incident clock's "now", records the query, and answers what it showed. With
   * `isCurrent`, an answer it rejects (the query was superseded or cancelled) is not recorded: not shown.
   */
  runTool(request: ToolRequest, isCurrent?: () => boolean, browse?: boolean): Promise<ToolResult>;
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
  mitigate(mitigation: string): Promise<MitigationResult>;
  /** Whether this play offers mitigations (a game day's players do not apply them). */
  readonly canRespond: boolean;
  /** What each mitigation applied so far did; the world goes on far enough to tell. */
  judgeResponse(): Promise<MitigationEffect[]>;
  /** Alert rules that have gone to firing by the clock's now, for the incident channel. */
  alertFirings(): Promise<AlertFiring[]>;
  /** The incident channel at the clock's now, as the world host tells it. */
  channelAt(): Promise<PublicChannelItem[]>;
  /** What presses on the responder at the clock's now (failed requests, error budget, alerts fired). */
  pressureAt(): Promise<Pressure | undefined>;
  /** Buys a hint: records it and fetches its text from the world host. */
  takeHint(index: number): Promise<void>;
  /** The author preview's view of the open scenario, hidden truth included (never used by the game). */
  preview(): Promise<Scenario | undefined>;
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
