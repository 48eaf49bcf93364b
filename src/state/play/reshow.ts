import type { QueryAction } from '../../engine/investigation/actions.ts';
import type { LogQueries } from './logQueries.ts';
import type { PlayContext } from './playContext.ts';
import type { ToolQueries } from './toolQueries.ts';

/** The last query the trainee ran with a tool, from the steps recorded. */
function lastQuery(context: PlayContext, tool: QueryAction['tool']): QueryAction | undefined {
  const actions = context.store.getState().actions;
  for (let i = actions.length - 1; i >= 0; i--) {
    const a = actions[i]!;
    if (a.type === 'query' && a.tool === tool && !a.rows) return a;
  }
  return undefined;
}

/**
 * After a restored investigation's world opens, shows each tool's last query again (logs, metrics,
 * traces) with its text in the editor, as it was before the reload. The queries were recorded when first
 * run, so showing them again records nothing.
 */
export function reshowOnRestore(context: PlayContext, logs: LogQueries, tools: ToolQueries): void {
  const { store } = context;
  const playing = (phase: string) => phase === 'investigating' || phase === 'diagnosing' || phase === 'wrong';
  const stop = store.subscribe(
    (s) => s.world.state,
    (state) => {
      if (state !== 'ready') return;
      stop();
      if (!playing(store.getState().phase)) return;
      const log = lastQuery(context, 'logs');
      if (log) void logs.explore(log.query, { record: false });
      const metrics = lastQuery(context, 'metrics');
      if (metrics) {
        const id = store.getState().metricsQueryStarted(metrics.query);
        void tools.showAgain(metrics).then((r) => store.getState().metricsQueryAnswered(r, id));
      }
      const traces = lastQuery(context, 'traces');
      if (traces) {
        const id = store.getState().traceQueryStarted();
        void tools.showAgain(traces).then((r) => {
          // An opened trace answers with the trace and its spans; a search with the traces found.
          const opened = r.ok && r.items.some((item) => item.span);
          if (opened) store.getState().traceOpened(r, id);
          else store.getState().tracesFound(r, id);
        });
      }
    },
  );
}
