import { useEffect, useMemo } from 'preact/hooks';
import { formatDiagnostic } from '../../engine/query/types.ts';
import { seriesName } from '../../engine/world/labels.ts';
import type { Session } from '../../state/session.ts';
import { QueryEditor } from '../editor/QueryEditor.tsx';
import { CancelQuery } from '../investigation/CancelQuery.tsx';
import { markDrawn } from '../investigation/drawnMark.ts';
import { usePinnedRefs } from '../logs/LogExplorer.tsx';
import { QueryNotices } from '../shell/QueryNotices.tsx';
import { chosenRange, rangeChoices } from '../shell/timeRanges.ts';
import { useMoment } from '../shell/useMoment.ts';
import { useStore } from '../useStore.ts';
import { CHARTED_SERIES, chartOf } from './chartData.ts';
import { DashboardView } from './DashboardView.tsx';
import { runMetricsQuery } from './runMetrics.ts';
import { SeriesLimitNote, useShowAll } from './SeriesLimit.tsx';
import { SeriesTable } from './SeriesTable.tsx';
import { TimeChart } from './TimeChart.tsx';

/**
 * The metrics explorer: PromQL with completion from the world's metrics, a chart with a live legend (drag
 * across it to look closer), the series each pinnable over the window shown, and the team's dashboards.
 */
export function MetricsExplorer({ session }: { session: Session }) {
  const view = useStore(session.store, (s) => s.metricsView);
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const pinned = usePinnedRefs(session);
  const moment = useMoment(session);
  const ranges = useMemo(() => rangeChoices(scenario.window, 15), [scenario]);
  const { editMetricsQuery, setMetricsRange, zoomMetrics } = session.store.getState();
  const run = () => void runMetricsQuery(session, session.store.getState().metricsView.query);
  const result = view.result;
  const [all, showAll] = useShowAll(result);
  const total = result?.ok ? result.items.length : 0;
  const chart = useMemo(
    () =>
      result?.ok
        ? chartOf(
            result,
            (e) => seriesName(e.labels),
            undefined,
            all ? Number.POSITIVE_INFINITY : CHARTED_SERIES,
          )
        : undefined,
    [result, all],
  );
  const scope = result?.ok ? result.scope : undefined;
  const charted = Boolean(result?.ok && chart && chart.names.length > 0 && scope);
  // A chart is drawn when uPlot has drawn it; any other answer as soon as it shows.
  useEffect(() => {
    if (result && !charted) markDrawn('metrics', result.query);
  }, [result, charted]);
  return (
    <div class="metrics-explorer">
      <div class="query-row">
        <QueryEditor
          value={view.query}
          label="PromQL query"
          hint='sum by (status) (rate(http_server_requests_total{service="web"}[5m]))'
          onChange={editMetricsQuery}
          onRun={run}
          language={{ kind: 'promql', index: () => session.metricIndex() }}
        />
        <select
          aria-label="Metrics time range"
          value={chosenRange(ranges, view.rangeMinutes)}
          onChange={(e) => setMetricsRange(Number((e.target as HTMLSelectElement).value))}
        >
          {ranges.map((r) => (
            <option key={r.minutes} value={r.minutes}>
              {r.label}
            </option>
          ))}
        </select>
        <button type="button" class="primary" onClick={run}>
          Run query
        </button>
        <CancelQuery
          running={view.running}
          onCancel={() => session.store.getState().metricsQueryCancelled()}
        />
      </div>
      {view.zoom && (
        <p class="muted zoom-note">
          Showing {moment(view.zoom.startMs)}–{moment(view.zoom.endMs)} UTC.{' '}
          <button
            type="button"
            class="link"
            onClick={() => {
              zoomMetrics(undefined);
              if (view.query) run();
            }}
          >
            Back to the whole range
          </button>
        </p>
      )}
      <MetricsOutcome session={session} />
      {result?.ok && chart && charted && scope && (
        <TimeChart
          data={chart}
          onDrawn={() => markDrawn('metrics', result.query)}
          summary={`Chart of ${chart.names.length} series from ${moment(scope.startMs ?? 0)} to ${moment(scope.endMs ?? 0)} UTC`}
          onSelect={(startMs, endMs) => {
            zoomMetrics({ startMs, endMs });
            run();
          }}
        />
      )}
      {chart && (
        <SeriesLimitNote shown={chart.names.length} total={total} what="The graph" onShowAll={showAll} />
      )}
      {result?.ok && result.items.length > 0 && (
        <SeriesTable
          session={session}
          result={result}
          pinned={pinned}
          caption="Series over the window shown (drag across the chart to narrow it)"
        />
      )}
      {scenario.dashboards.length > 0 && <DashboardView session={session} />}
    </div>
  );
}

/** What the last metrics query did: how many series, or where it went wrong. */
function MetricsOutcome({ session }: { session: Session }) {
  const view = useStore(session.store, (s) => s.metricsView);
  const result = view.result;
  if (!result) {
    return (
      <p class="muted">
        Write PromQL (completion offers metric names, labels and functions) or open a dashboard below. Press{' '}
        <kbd>/</kbd> to edit the query.
      </p>
    );
  }
  return (
    <div class="metrics-outcome" aria-live="polite">
      <p class="promql" title="The query these results come from">
        <span class="muted">{view.running ? 'Running' : 'Results of'}</span> <code>{result.query}</code>
      </p>
      {result.ok ? (
        <p class="muted">
          {result.matched === 0 ? 'No series match.' : `${result.matched.toLocaleString('en')} series.`}
        </p>
      ) : (
        <ul class="query-errors" role="alert">
          {result.errors.map((d) => (
            <li key={`${d.from}-${d.message}`}>
              <code>{formatDiagnostic(d)}</code>
            </li>
          ))}
        </ul>
      )}
      <QueryNotices result={result} />
    </div>
  );
}
