import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { Action, Tool } from '../engine/investigation/actions.ts';
import type { InvestigationState } from '../engine/investigation/notebook.ts';
import { EMPTY_INVESTIGATION } from '../engine/investigation/notebook.ts';
import type { ToolResult } from '../engine/investigation/tools.ts';
import type { LogSearchResult } from '../engine/query/logSearch.ts';
import type { ScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { Phase } from '../flow/investigationMachine.ts';
import type { LogRow } from '../worker/logExplore.ts';
import type { LogVolume } from '../worker/logVolume.ts';
import type { MapTelemetry } from '../worker/mapTelemetry.ts';

/** What the scenario picker shows for one scenario. */
export interface ScenarioCard {
  readonly id: string;
  readonly title: string;
  readonly difficulty: string;
  readonly summary: string;
  readonly estimatedMinutes: number;
  readonly tags: readonly string[];
}

/** The simulated world as the page knows it: the telemetry itself stays in the worker. */
export interface WorldStatus {
  readonly state: 'idle' | 'generating' | 'ready' | 'failed';
  readonly logLines: number;
  readonly instances: Readonly<Record<string, readonly string[]>>;
  readonly error?: string;
  /** Share of the world generated so far (0..1), for the progress bar while `state` is 'generating'. */
  readonly progress: number;
  /** The tools this world answers (logs, changes and inbox always; metrics, traces, code when recorded). */
  readonly tools?: readonly Tool[];
}

/** The log panel: its scope, its filter and what the last search returned. */
export interface LogView {
  readonly service: string | undefined;
  readonly contains: string;
  readonly result: LogSearchResult | undefined;
  readonly searching: boolean;
  /** The LogQL text in the editor. */
  readonly query: string;
  /** The query that produced `explored` (the editor may have changed since). */
  readonly ranQuery: string;
  /** How far back from the incident clock the explorer looks, in minutes; 0 means the whole window. */
  readonly rangeMinutes: number;
  /** Most lines listed. */
  readonly limit: number;
  /** The last answer of the logs tool, with a row per line and the volume of every match. */
  readonly explored:
    | { readonly result: ToolResult; readonly rows: readonly LogRow[]; readonly volume?: LogVolume }
    | undefined;
}

/** The metrics explorer: the PromQL in the editor, its range and the last answer of the metrics tool. */
export interface MetricsView {
  readonly query: string;
  /** How far back from the incident clock the explorer looks, in minutes; 0 means the whole window. */
  readonly rangeMinutes: number;
  /** A window chosen on the chart, which replaces the range until reset. */
  readonly zoom: { readonly startMs: number; readonly endMs: number } | undefined;
  readonly running: boolean;
  readonly result: ToolResult | undefined;
  /** The dashboard shown under the explorer, by id. */
  readonly dashboard: string | undefined;
}

/** The trace search form, as the trainee filled it in. */
export interface TraceSearchForm {
  readonly service: string;
  readonly operation: string;
  readonly status: '' | 'ok' | 'error' | 'unset';
  readonly minDuration: string;
  readonly maxDuration: string;
  /** Span attributes as `key=value` pairs separated by spaces. */
  readonly attributes: string;
  /** Minutes back from the incident clock; 0 means the whole window. */
  readonly rangeMinutes: number;
}

/** The traces panel: the search form, the traces found and the trace opened as a waterfall. */
export interface TracesView {
  readonly form: TraceSearchForm;
  readonly running: boolean;
  readonly search: ToolResult | undefined;
  readonly trace: ToolResult | undefined;
}

/** The code browser: what is open (a file at a commit, a search, a commit) and the code tool's answers. */
export interface CodeView {
  readonly shown: 'file' | 'grep' | 'commit' | undefined;
  /** The open file, and the commit it is read at (head when undefined). */
  readonly path: string | undefined;
  readonly at: string | undefined;
  readonly file: ToolResult | undefined;
  readonly grep: ToolResult | undefined;
  /** The open commit and its hunks as the code tool showed them. */
  readonly commit: string | undefined;
  readonly hunks: ToolResult | undefined;
}

/** The investigation tools, the incident channel and the response actions, as the tabs name them. */
export type ToolTab = Tool | 'channel' | 'respond';

export interface AppState {
  readonly phase: Phase | 'loading';
  readonly catalog: readonly ScenarioCard[];
  readonly catalogProblems: readonly ScenarioDiagnostic[];
  readonly scenario: Scenario | undefined;
  readonly world: WorldStatus;
  readonly actions: readonly Action[];
  /** The action log reduced: pinned evidence, hypotheses, the chain, hints and submissions. */
  readonly notebook: InvestigationState;
  /** The trainee has gone a while without progress: the hints panel offers the next hint. */
  readonly hintDue: boolean;
  readonly logView: LogView;
  readonly metricsView: MetricsView;
  readonly tracesView: TracesView;
  readonly codeView: CodeView;
  /** The ops map's moment (undefined: it follows the incident clock) and its telemetry at that moment. */
  readonly mapView: { readonly atMs: number | undefined; readonly telemetry: MapTelemetry | undefined };
  /** The tool tab in front. */
  readonly tab: ToolTab;
  /** Whether the case board drawer is open. */
  readonly boardOpen: boolean;
  /** Whether the keyboard shortcut sheet is showing. */
  readonly shortcutsOpen: boolean;
  /** A message the page must show once, e.g. that a corrupt save was set aside. */
  readonly notice: string | undefined;
  readonly set: (
    patch: Partial<Omit<AppState, 'set' | 'setLogView' | 'setMetricsView' | 'setTracesView' | 'setCodeView'>>,
  ) => void;
  readonly setLogView: (patch: Partial<LogView>) => void;
  readonly setMetricsView: (patch: Partial<MetricsView>) => void;
  readonly setTracesView: (patch: Partial<TracesView>) => void;
  readonly setCodeView: (patch: Partial<CodeView>) => void;
}

const IDLE_WORLD: WorldStatus = { state: 'idle', logLines: 0, instances: {}, progress: 0 };
const EMPTY_LOG_VIEW: LogView = {
  service: undefined,
  contains: '',
  result: undefined,
  searching: false,
  query: '{service=~".+"}',
  ranQuery: '',
  rangeMinutes: 0,
  limit: 1000,
  explored: undefined,
};

const EMPTY_METRICS_VIEW: MetricsView = {
  query: '',
  rangeMinutes: 0,
  zoom: undefined,
  running: false,
  result: undefined,
  dashboard: undefined,
};

const EMPTY_TRACES_VIEW: TracesView = {
  form: {
    service: '',
    operation: '',
    status: '',
    minDuration: '',
    maxDuration: '',
    attributes: '',
    rangeMinutes: 0,
  },
  running: false,
  search: undefined,
  trace: undefined,
};

const EMPTY_CODE_VIEW: CodeView = {
  shown: undefined,
  path: undefined,
  at: undefined,
  file: undefined,
  grep: undefined,
  commit: undefined,
  hunks: undefined,
};

/** Creates the app's store: what the screen shows, with its setters beside it. */
export function createAppStore() {
  return createStore<AppState>()(
    subscribeWithSelector((set) => ({
      phase: 'loading',
      catalog: [],
      catalogProblems: [],
      scenario: undefined,
      world: IDLE_WORLD,
      actions: [],
      notebook: EMPTY_INVESTIGATION,
      hintDue: false,
      logView: EMPTY_LOG_VIEW,
      metricsView: EMPTY_METRICS_VIEW,
      tracesView: EMPTY_TRACES_VIEW,
      codeView: EMPTY_CODE_VIEW,
      mapView: { atMs: undefined, telemetry: undefined },
      tab: 'logs',
      boardOpen: true,
      shortcutsOpen: false,
      notice: undefined,
      set: (patch) => set(patch),
      setLogView: (patch) => set((s) => ({ logView: { ...s.logView, ...patch } })),
      setMetricsView: (patch) => set((s) => ({ metricsView: { ...s.metricsView, ...patch } })),
      setTracesView: (patch) => set((s) => ({ tracesView: { ...s.tracesView, ...patch } })),
      setCodeView: (patch) => set((s) => ({ codeView: { ...s.codeView, ...patch } })),
    })),
  );
}

/** The store's type, for components and scenes that receive it. */
export type AppStore = ReturnType<typeof createAppStore>;

export { EMPTY_CODE_VIEW, EMPTY_LOG_VIEW, EMPTY_METRICS_VIEW, EMPTY_TRACES_VIEW, IDLE_WORLD };
