import { z } from 'zod';
import type { CodeView, LogView, MetricsView, TraceSearchForm } from './toolViews.ts';

/**
 * What the trainee put into each tool (query texts, filters, ranges, the search form, what the code browser
 * has open), as a reload brings it back. Results are not kept: they are asked of the world again.
 */
export const ToolInputsSchema = z.object({
  logs: z.object({
    query: z.string(),
    service: z.string().optional(),
    contains: z.string(),
    rangeMinutes: z.number().min(0),
  }),
  metrics: z.object({
    query: z.string(),
    rangeMinutes: z.number().min(0),
    zoom: z.object({ startMs: z.number(), endMs: z.number() }).optional(),
    dashboard: z.string().optional(),
  }),
  traces: z.object({
    service: z.string(),
    operation: z.string(),
    status: z.enum(['', 'ok', 'error', 'unset']),
    minDuration: z.string(),
    maxDuration: z.string(),
    attributes: z.string(),
    rangeMinutes: z.number().min(0),
  }),
  code: z.object({
    search: z.string(),
    shown: z.enum(['file', 'grep', 'commit']).optional(),
    path: z.string().optional(),
    at: z.string().optional(),
    commit: z.string().optional(),
  }),
});

/** The inputs of every tool, as saved. */
export type ToolInputs = z.infer<typeof ToolInputsSchema>;

/** The tools' views whose inputs are kept. */
interface ToolViews {
  readonly logView: LogView;
  readonly metricsView: MetricsView;
  readonly tracesView: { readonly form: TraceSearchForm };
  readonly codeView: CodeView;
}

/** The inputs the tools show now; optional fields are left out when unset, as JSON would drop them. */
export function toolInputsOf({ logView, metricsView, tracesView, codeView }: ToolViews): ToolInputs {
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    logs: defined({
      query: logView.query,
      service: logView.service,
      contains: logView.contains,
      rangeMinutes: logView.rangeMinutes,
    }),
    metrics: defined({
      query: metricsView.query,
      rangeMinutes: metricsView.rangeMinutes,
      zoom: metricsView.zoom,
      dashboard: metricsView.dashboard,
    }),
    traces: { ...tracesView.form },
    code: defined({
      search: codeView.search,
      shown: codeView.shown,
      path: codeView.path,
      at: codeView.at,
      commit: codeView.commit,
    }),
  };
}
