import type { ToolResult } from '../../engine/investigation/tools.ts';
import type { LogSearchResult } from '../../engine/query/logSearch.ts';
import type { MapTelemetry } from '../../engine/views/mapTelemetry.ts';
import type { SliceOf } from '../store.ts';
import type { ToolInputs } from './toolInputs.ts';
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
  /** Puts back what the trainee had put into each tool before a reload (their results are asked again). */
  restoreToolInputs(inputs: ToolInputs): void;

  /** The LogQL editor's text changed. */
  editLogQuery(query: string): void;
  /** Points the log explorer at a service and a filter (and the query saying so, when known). */
  scopeLogsTo(scope: { service: string | undefined; contains: string; query?: string }): void;
  /** A range back from the incident clock; it replaces any zoom. */
  setLogRange(minutes: number): void;
  zoomLogs(zoom: LogView['zoom']): void;
  /** A query started; returns its id, which its answer carries. */
  logQueryStarted(query: string): number;
  /** A query's answer, dropped when a newer query or a cancel came after it. */
  logQueryAnswered(
    answer: { ranQuery: string; explored: NonNullable<LogView['explored']>; result: LogSearchResult },
    queryId: number,
  ): void;
  /** The trainee gave up waiting: the running query's answer will be dropped. */
  logQueryCancelled(): void;

  editMetricsQuery(query: string): void;
  /** A range back from the incident clock; it replaces any zoom. */
  setMetricsRange(minutes: number): void;
  zoomMetrics(zoom: MetricsView['zoom']): void;
  showDashboard(id: string): void;
  metricsQueryStarted(query: string): number;
  metricsQueryAnswered(result: ToolResult, queryId: number): void;
  metricsQueryCancelled(): void;

  editTraceForm(patch: Partial<TraceSearchForm>): void;
  traceQueryStarted(): number;
  tracesFound(search: ToolResult, queryId: number): void;
  traceOpened(trace: ToolResult, queryId: number): void;
  traceQueryCancelled(): void;

  /** The code search field's text changed. */
  editCodeSearch(text: string): void;
  codeFileOpening(path: string, at: string | undefined): void;
  codeFileShown(file: ToolResult): void;
  codeGrepStarted(): void;
  codeGrepAnswered(grep: ToolResult): void;
  codeCommitOpening(commit: string): void;
  codeCommitShown(hunks: ToolResult): void;

  /** The moment the map shows; undefined follows the incident clock. */
  showMapAt(atMs: number | undefined): void;
  mapTelemetryArrived(telemetry: MapTelemetry | undefined): void;
  /** The world host reported the undocumented calls the trainee's results have shown so far. */
  callsDiscovered(calls: readonly { readonly from: string; readonly to: string }[]): void;
}

export const createToolsSlice: SliceOf<ToolsSlice> = (set, get) => {
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
    // Query ids keep counting, so an answer from the world before still finds itself superseded.
    resetTools: () =>
      set((s) => ({
        logView: { ...EMPTY_LOG_VIEW, queryId: s.logView.queryId + 1 },
        metricsView: { ...EMPTY_METRICS_VIEW, queryId: s.metricsView.queryId + 1 },
        tracesView: { ...EMPTY_TRACES_VIEW, queryId: s.tracesView.queryId + 1 },
        codeView: EMPTY_CODE_VIEW,
        mapView: EMPTY_MAP_VIEW,
      })),

    restoreToolInputs: ({ logs: log, metrics: metric, traces: form, code: codeInputs }) =>
      set((s) => ({
        logView: { ...s.logView, ...log, service: log.service },
        metricsView: { ...s.metricsView, ...metric, zoom: metric.zoom, dashboard: metric.dashboard },
        tracesView: { ...s.tracesView, form },
        codeView: {
          ...s.codeView,
          search: codeInputs.search,
          shown: codeInputs.shown,
          path: codeInputs.path,
          at: codeInputs.at,
          commit: codeInputs.commit,
        },
      })),

    editLogQuery: (query) => logs({ query }),
    scopeLogsTo: ({ service, contains, query }) =>
      logs(query === undefined ? { service, contains } : { service, contains, query }),
    setLogRange: (minutes) => logs({ rangeMinutes: minutes, zoom: undefined }),
    zoomLogs: (zoom) => logs({ zoom }),
    logQueryStarted: (query) => {
      const queryId = get().logView.queryId + 1;
      logs({ query, searching: true, queryId });
      return queryId;
    },
    logQueryAnswered: ({ ranQuery, explored, result }, queryId) => {
      if (queryId === get().logView.queryId) logs({ ranQuery, explored, result, searching: false });
    },
    logQueryCancelled: () => logs({ searching: false, queryId: get().logView.queryId + 1 }),

    editMetricsQuery: (query) => metrics({ query }),
    setMetricsRange: (minutes) => metrics({ rangeMinutes: minutes, zoom: undefined }),
    zoomMetrics: (zoom) => metrics({ zoom }),
    showDashboard: (id) => metrics({ dashboard: id }),
    metricsQueryStarted: (query) => {
      const queryId = get().metricsView.queryId + 1;
      metrics({ query, running: true, queryId });
      return queryId;
    },
    metricsQueryAnswered: (result, queryId) => {
      if (queryId === get().metricsView.queryId) metrics({ result, running: false });
    },
    metricsQueryCancelled: () => metrics({ running: false, queryId: get().metricsView.queryId + 1 }),

    editTraceForm: (patch) =>
      set((s) => ({ tracesView: { ...s.tracesView, form: { ...s.tracesView.form, ...patch } } })),
    traceQueryStarted: () => {
      const queryId = get().tracesView.queryId + 1;
      traces({ running: true, queryId });
      return queryId;
    },
    tracesFound: (search, queryId) => {
      if (queryId === get().tracesView.queryId) traces({ search, running: false });
    },
    traceOpened: (trace, queryId) => {
      if (queryId !== get().tracesView.queryId) return;
      traces({ trace, running: false });
    },
    traceQueryCancelled: () => traces({ running: false, queryId: get().tracesView.queryId + 1 }),

    editCodeSearch: (search) => code({ search }),
    codeFileOpening: (path, at) => code({ shown: 'file', path, at, file: undefined }),
    codeFileShown: (file) => code({ file }),
    codeGrepStarted: () => code({ shown: 'grep', grep: undefined }),
    codeGrepAnswered: (grep) => code({ grep }),
    codeCommitOpening: (commit) => code({ shown: 'commit', commit, hunks: undefined }),
    codeCommitShown: (hunks) => code({ hunks }),

    showMapAt: (atMs) => set((s) => ({ mapView: { ...s.mapView, atMs } })),
    mapTelemetryArrived: (telemetry) => {
      set((s) => ({ mapView: { ...s.mapView, telemetry } }));
      if (telemetry) get().callsDiscovered(telemetry.discovered);
    },
    callsDiscovered: (calls) => {
      const found = calls
        .map((c) => `${c.from}>${c.to}`)
        .filter((c) => !get().mapView.discovered.includes(c));
      if (found.length)
        set((s) => ({ mapView: { ...s.mapView, discovered: [...s.mapView.discovered, ...found] } }));
    },
  };
};
