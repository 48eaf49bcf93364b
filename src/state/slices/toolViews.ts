import type { Tool } from '../../engine/investigation/actions.ts';
import type { ToolResult } from '../../engine/investigation/tools.ts';
import type { LogSearchResult } from '../../engine/query/logSearch.ts';
import type { Edge } from '../../engine/scenario/schema.ts';
import type { LogRow } from '../../engine/views/logExplore.ts';
import type { LogVolume } from '../../engine/views/logVolume.ts';
import type { MapTelemetry } from '../../engine/views/mapTelemetry.ts';

/** The log panel: its scope, its filter and what the last search returned. */
export interface LogView {
  readonly service: string | undefined;
  readonly contains: string;
  readonly result: LogSearchResult | undefined;
  readonly searching: boolean;
  /**
   * Counts the queries started here. An answer carries the count of its query and is dropped when a newer
   * query (or a cancel) has moved the count on, so a slow query never overwrites a newer answer.
   */
  readonly queryId: number;
  /** The LogQL text in the editor. */
  readonly query: string;
  /** The query that produced `explored` (the editor may have changed since). */
  readonly ranQuery: string;
  /** How far back from the incident clock the explorer looks, in minutes; 0 means the whole window. */
  readonly rangeMinutes: number;
  /** A window chosen on the log volume, which replaces the range until reset. */
  readonly zoom: { readonly startMs: number; readonly endMs: number } | undefined;
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
  /** Counts the queries started here, as {@link LogView.queryId} does. */
  readonly queryId: number;
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
  /** Counts the searches started here, as {@link LogView.queryId} does. */
  readonly queryId: number;
  readonly search: ToolResult | undefined;
  readonly trace: ToolResult | undefined;
}

/** The code browser: what is open (a file at a commit, a search, a commit) and the code tool's answers. */
export interface CodeView {
  /** The text in the code search field. */
  readonly search: string;
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

/** The ops map's moment (undefined: it follows the incident clock) and its telemetry at that moment. */
export interface MapView {
  readonly atMs: number | undefined;
  readonly telemetry: MapTelemetry | undefined;
  /**
   * Calls missing from the team's diagram that the world host found in the trainee's own traces or logs,
   * as `from>to`, in the order found: the map draws them dashed and the chain may name them.
   */
  readonly discovered: readonly string[];
}

/** The investigation tools, the incident channel and the response actions, as the tabs name them. */
export type ToolTab = Tool | 'channel' | 'respond';

export const EMPTY_LOG_VIEW: LogView = {
  service: undefined,
  contains: '',
  result: undefined,
  searching: false,
  queryId: 0,
  query: '{service=~".+"}',
  ranQuery: '',
  rangeMinutes: 0,
  zoom: undefined,
  limit: 1000,
  explored: undefined,
};

export const EMPTY_METRICS_VIEW: MetricsView = {
  query: '',
  rangeMinutes: 0,
  zoom: undefined,
  running: false,
  queryId: 0,
  result: undefined,
  dashboard: undefined,
};

export const EMPTY_TRACES_VIEW: TracesView = {
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
  queryId: 0,
  search: undefined,
  trace: undefined,
};

export const EMPTY_CODE_VIEW: CodeView = {
  search: '',
  shown: undefined,
  path: undefined,
  at: undefined,
  file: undefined,
  grep: undefined,
  commit: undefined,
  hunks: undefined,
};

export const EMPTY_MAP_VIEW: MapView = { atMs: undefined, telemetry: undefined, discovered: [] };

/**
 * A player's scenario with the calls the trainee discovered joined to its system's edges (marked
 * `undocumented`), so the map draws them and the chain's vocabulary offers them.
 */
export function withDiscovered<S extends { readonly system: { readonly edges: readonly Edge[] } }>(
  scenario: S,
  discovered: readonly string[],
): S {
  const known = new Set(scenario.system.edges.map((e) => `${e.from}>${e.to}`));
  const found = discovered
    .filter((key) => !known.has(key))
    .map((key) => {
      const [from = '', to = ''] = key.split('>');
      return { ...DISCOVERED_EDGE, from, to };
    });
  if (found.length === 0) return scenario;
  return { ...scenario, system: { ...scenario.system, edges: [...scenario.system.edges, ...found] } };
}

/** What a discovered call is known as: the traffic settings of an edge are not the trainee's to see. */
const DISCOVERED_EDGE: Omit<Edge, 'from' | 'to'> = {
  timeout: '2s',
  retries: 0,
  poolTimeout: '1s',
  hitRatio: 0.9,
  undocumented: true,
};
