import type { QueryAction } from '../../engine/investigation/actions.ts';
import { toLogQL } from '../../engine/query/logSearch.ts';
import { parseTimestamp } from '../../engine/scenario/units.ts';
import type { LogPage } from '../../engine/views/logExplore.ts';
import { ticketOf } from '../../worker/queryCancel.ts';
import type { PlayContext } from './playContext.ts';

/** The log explorer's queries: run, searched the newcomer's way, paged, and the rows seen recorded. */
export interface LogQueries {
  /**
   * Runs a query in the explorer. `record: false` shows again a query already recorded (a reload
   * bringing back what was on screen) without counting it as another query; `browse: true` records one
   * the page ran for the trainee (scoping the explorer from the map), which efficiency does not count.
   */
  explore(query?: string, options?: { record?: boolean; browse?: boolean }): Promise<void>;
  search(search: { service: string | undefined; contains: string }): Promise<void>;
  rows(from: number, to: number): Promise<LogPage>;
  saw(page: LogPage): void;
}

export function createLogQueries(context: PlayContext): LogQueries {
  const { host, store, actor, clock } = context;
  // The record of the explorer's last query, which rows scrolled to later extend.
  let lastQuery: QueryAction | undefined;
  const stamp = () => Math.round(clock.elapsed());

  const explore = async (
    text?: string,
    { record = true, browse = false }: { record?: boolean; browse?: boolean } = {},
  ) => {
    const { logView: view, scenario } = store.getState();
    const query = text ?? view.query;
    const nowMs = context.nowMs();
    const windowStart = scenario ? parseTimestamp(scenario.window.start)! : nowMs - 3_600_000;
    // A window dragged on the volume replaces the range, as a drag on Grafana's log volume does.
    const { startMs, endMs } = view.zoom
      ? { startMs: view.zoom.startMs, endMs: Math.min(view.zoom.endMs, nowMs) }
      : {
          startMs:
            view.rangeMinutes > 0 ? Math.max(windowStart, nowMs - view.rangeMinutes * 60_000) : windowStart,
          endMs: nowMs,
        };
    const queryId = store.getState().logQueryStarted(query);
    const explored = await host.exploreLogs(
      { query, startMs, endMs, limit: view.limit, buckets: 120 },
      ticketOf('logs', queryId),
    );
    store.getState().callsDiscovered(explored.discovered);
    // A newer query or a cancel came first: this answer is never shown, so it is not recorded either.
    if (store.getState().logView.queryId !== queryId) return;
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
    const matched = explored.result.ok ? explored.result.matched : 0;
    store.getState().logQueryAnswered({ ranQuery: query, explored, result: { matched, lines } }, queryId);
    lastQuery = browse ? { ...explored.action, browse: true } : explored.action;
    if (record) actor.send({ type: 'act', action: { ...lastQuery, at: stamp() } });
  };

  return {
    explore,
    // The newcomer's search (a service and a piece of text) is the LogQL query a Grafana user would type.
    search: async ({ service, contains }) => {
      store.getState().scopeLogsTo({ service, contains });
      await explore(toLogQL({ service, contains }));
    },
    rows: (from, to) => host.logRows(from, to),
    // Rows scrolled to are recorded as more of the query that listed them (`rows`), not as another query.
    saw: (page) => {
      if (!lastQuery || page.items.length === 0) return;
      const shownIds = page.items.map((item) => item.ref);
      const rows = { from: page.from, to: page.from + page.items.length };
      actor.send({ type: 'act', action: { ...lastQuery, at: stamp(), shownIds, rows } });
    },
  };
}
