import type { ToolResult } from '../../engine/investigation/tools.ts';
import type { LogSearchResult } from '../../engine/query/logSearch.ts';
import type { MapTelemetry } from '../../worker/mapTelemetry.ts';
import type { SliceOf } from '../store.ts';
import type {
  CodeView,
  LogView,
  MapView,
  MetricsView,
  ToolTab,
  TraceSearchForm,
  TracesView,
} from './toolViews.ts';
import {
  EMPTY_CODE_VIEW,
  EMPTY_LOG_VIEW,
  EMPTY_MAP_VIEW,
  EMPTY_METRICS_VIEW,
  EMPTY_TRACES_VIEW,
} from './toolViews.ts';

/** The investigation tools as the screen shows them: the tab in front, each tool's view and the ops map. */
export interface ToolsSlice {
  readonly tab: ToolTab;
  /** Whether the keyboard shortcut sheet is showing. */
  readonly shortcutsOpen: boolean;
  readonly logView: LogView;
  readonly metricsView: MetricsView;
  readonly tracesView: TracesView;
  readonly codeView: CodeView;
  readonly mapView: MapView;

  showTool(tab: ToolTab): void;
  showShortcuts(open: boolean): void;
  /** Empties every tool, as a new world opens. */
  resetTools(): void;

  /** The LogQL editor's text changed. */
  editLogQuery(query: string): void;
  /** Points the log explorer at a service and a filter (and the query saying so, when known). */
  scopeLogsTo(scope: { service: string | undefined; contains: string; query?: string }): void;
  setLogRange(minutes: number): void;
  logQueryStarted(query: string): void;
  logQueryAnswered(answer: {
    ranQuery: string;
    explored: NonNullable<LogView['explored']>;
    result: LogSearchResult;
  }): void;

  editMetricsQuery(query: string): void;
  /** A range back from the incident clock; it replaces any zoom. */
  setMetricsRange(minutes: number): void;
  zoomMetrics(zoom: MetricsView['zoom']): void;
  showDashboard(id: string): void;
  metricsQueryStarted(query: string): void;
  metricsQueryAnswered(result: ToolResult): void;

  editTraceForm(patch: Partial<TraceSearchForm>): void;
  traceQueryStarted(): void;
  tracesFound(search: ToolResult): void;
  traceOpened(trace: ToolResult): void;

  codeFileOpening(path: string, at: string | undefined): void;
  codeFileShown(file: ToolResult): void;
  codeGrepStarted(): void;
  codeGrepAnswered(grep: ToolResult): void;
  codeCommitOpening(commit: string): void;
  codeCommitShown(hunks: ToolResult): void;

  /** The moment the map shows; undefined follows the incident clock. */
  showMapAt(atMs: number | undefined): void;
  mapTelemetryArrived(telemetry: MapTelemetry | undefined): void;
}

export const createToolsSlice: SliceOf<ToolsSlice> = (set) => {
  const logs = (patch: Partial<LogView>) => set((s) => ({ logView: { ...s.logView, ...patch } }));
  const metrics = (patch: Partial<MetricsView>) =>
    set((s) => ({ metricsView: { ...s.metricsView, ...patch } }));
  const traces = (patch: Partial<TracesView>) => set((s) => ({ tracesView: { ...s.tracesView, ...patch } }));
  const code = (patch: Partial<CodeView>) => set((s) => ({ codeView: { ...s.codeView, ...patch } }));
  return {
    tab: 'logs',
    shortcutsOpen: false,
    logView: EMPTY_LOG_VIEW,
    metricsView: EMPTY_METRICS_VIEW,
    tracesView: EMPTY_TRACES_VIEW,
    codeView: EMPTY_CODE_VIEW,
    mapView: EMPTY_MAP_VIEW,

    showTool: (tab) => set({ tab }),
    showShortcuts: (open) => set({ shortcutsOpen: open }),
    resetTools: () =>
      set({
        logView: EMPTY_LOG_VIEW,
        metricsView: EMPTY_METRICS_VIEW,
        tracesView: EMPTY_TRACES_VIEW,
        codeView: EMPTY_CODE_VIEW,
        mapView: EMPTY_MAP_VIEW,
      }),

    editLogQuery: (query) => logs({ query }),
    scopeLogsTo: ({ service, contains, query }) =>
      logs(query === undefined ? { service, contains } : { service, contains, query }),
    setLogRange: (minutes) => logs({ rangeMinutes: minutes }),
    logQueryStarted: (query) => logs({ query, searching: true }),
    logQueryAnswered: ({ ranQuery, explored, result }) =>
      logs({ ranQuery, explored, result, searching: false }),

    editMetricsQuery: (query) => metrics({ query }),
    setMetricsRange: (minutes) => metrics({ rangeMinutes: minutes, zoom: undefined }),
    zoomMetrics: (zoom) => metrics({ zoom }),
    showDashboard: (id) => metrics({ dashboard: id }),
    metricsQueryStarted: (query) => metrics({ query, running: true }),
    metricsQueryAnswered: (result) => metrics({ result, running: false }),

    editTraceForm: (patch) =>
      set((s) => ({ tracesView: { ...s.tracesView, form: { ...s.tracesView.form, ...patch } } })),
    traceQueryStarted: () => traces({ running: true }),
    tracesFound: (search) => traces({ search, running: false }),
    traceOpened: (trace) => traces({ trace, running: false }),

    codeFileOpening: (path, at) => code({ shown: 'file', path, at, file: undefined }),
    codeFileShown: (file) => code({ file }),
    codeGrepStarted: () => code({ shown: 'grep', grep: undefined }),
    codeGrepAnswered: (grep) => code({ grep }),
    codeCommitOpening: (commit) => code({ shown: 'commit', commit, hunks: undefined }),
    codeCommitShown: (hunks) => code({ hunks }),

    showMapAt: (atMs) => set((s) => ({ mapView: { ...s.mapView, atMs } })),
    mapTelemetryArrived: (telemetry) => set((s) => ({ mapView: { ...s.mapView, telemetry } })),
  };
};
