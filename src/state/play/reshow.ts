import type { QueryAction } from '../../engine/investigation/actions.ts';
import { parseTraceQuery } from '../../engine/investigation/toolsTraces.ts';
import type { ToolInputs } from '../slices/toolInputs.ts';
import type { LogQueries } from './logQueries.ts';
import type { PlayContext } from './playContext.ts';
import type { ToolQueries } from './toolQueries.ts';

/** The last query the trainee ran with a tool that `matches`, from the steps recorded. */
function lastQuery(
  context: PlayContext,
  tool: QueryAction['tool'],
  matches: (a: QueryAction) => boolean = () => true,
): QueryAction | undefined {
  const actions = context.store.getState().actions;
  for (let i = actions.length - 1; i >= 0; i--) {
    const a = actions[i]!;
    if (a.type === 'query' && a.tool === tool && !a.rows && matches(a)) return a;
  }
  return undefined;
}

/** Whether a traces query opened one trace by its id rather than searching. */
function opensTrace(a: QueryAction): boolean {
  return parseTraceQuery(a.query).query?.traceId !== undefined;
}

/** The code tool's query that shows what the code browser had open. */
function codeQueryOf(code: ToolInputs['code']): string | undefined {
  if (code.shown === 'file' && code.path) return `cat ${code.path}${code.at ? `@${code.at}` : ''}`;
  if (code.shown === 'grep' && code.search.trim()) return `grep ${code.search.trim()}`;
  if (code.shown === 'commit' && code.commit) return `show ${code.commit}`;
  return undefined;
}

/**
 * After a restored investigation's world opens, shows each tool as it was before the reload: its last
 * query's results (logs, metrics, the traces found and the trace open, the code open) and the inputs the
 * trainee had typed and chosen. The queries were recorded when first run, so showing them again records
 * nothing.
 */
export function reshowOnRestore(context: PlayContext, logs: LogQueries, tools: ToolQueries): void {
  const { store, host } = context;
  const playing = (phase: string) => phase === 'investigating' || phase === 'diagnosing' || phase === 'wrong';
  const stop = store.subscribe(
    (s) => s.world.state,
    (state) => {
      if (state !== 'ready') return;
      stop();
      const inputs = context.inputs.release();
      if (!playing(store.getState().phase)) return;
      // Ranges and forms first, so the queries run again over the same windows.
      if (inputs) store.getState().restoreToolInputs(inputs);
      const log = lastQuery(context, 'logs');
      if (log) void logs.explore(log.query, { record: false });
      const metrics = lastQuery(context, 'metrics');
      if (metrics) {
        const id = store.getState().metricsQueryStarted(metrics.query);
        void tools.showAgain(metrics).then((r) => store.getState().metricsQueryAnswered(r, id));
      }
      reshowTraces(context, tools);
      if (inputs) {
        // The texts typed go back over the queries just started, which set the editors to what ran.
        store.getState().editLogQuery(inputs.logs.query);
        store.getState().editMetricsQuery(inputs.metrics.query);
        const code = codeQueryOf(inputs.code);
        if (code)
          void host.runTool({ tool: 'code', query: code, endMs: context.nowMs() }).then((r) => {
            const s = store.getState();
            if (s.codeView.shown === 'file') s.codeFileShown(r);
            else if (s.codeView.shown === 'grep') s.codeGrepAnswered(r);
            else if (s.codeView.shown === 'commit') s.codeCommitShown(r);
          });
      }
    },
  );
}

/** The traces found by the last search and, when one was opened after it, that trace's waterfall. */
function reshowTraces(context: PlayContext, tools: ToolQueries): void {
  const { store } = context;
  const last = lastQuery(context, 'traces');
  if (!last) return;
  const search = opensTrace(last) ? lastQuery(context, 'traces', (a) => !opensTrace(a)) : last;
  const opened = opensTrace(last) ? last : undefined;
  const id = store.getState().traceQueryStarted();
  void (async () => {
    if (search) {
      const found = await tools.showAgain(search);
      store.getState().tracesFound(found, id);
    }
    if (opened) {
      const trace = await tools.showAgain(opened);
      store.getState().traceOpened(trace, id);
    }
  })();
}
