import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { pinnedEvidence } from '../../engine/investigation/actions.ts';
import type { Evidence, LogEvidence } from '../../engine/investigation/evidence.ts';
import { formatDiagnostic } from '../../engine/query/types.ts';
import { seriesName } from '../../engine/world/labels.ts';
import type { Session } from '../../state/session.ts';
import type { LabelIndex } from '../editor/logqlComplete.ts';
import { QueryEditor } from '../editor/QueryEditor.tsx';
import { CancelQuery } from '../investigation/CancelQuery.tsx';
import { markDrawn } from '../investigation/drawnMark.ts';
import { CHARTED_SERIES, chartOf } from '../metrics/chartData.ts';
import { SeriesLimitNote, useShowAll } from '../metrics/SeriesLimit.tsx';
import { SeriesTable } from '../metrics/SeriesTable.tsx';
import { TimeChart } from '../metrics/TimeChart.tsx';
import { QueryNotices } from '../shell/QueryNotices.tsx';
import { chosenRange, rangeChoices } from '../shell/timeRanges.ts';
import { daysMatter } from '../shell/timeText.ts';
import { useMoment } from '../shell/useMoment.ts';
import { openTrace } from '../traces/runTraces.ts';
import { useStore } from '../useStore.ts';
import { count } from './count.ts';
import { LogDetails } from './LogDetails.tsx';
import { LogList } from './LogList.tsx';
import { LogVolumeChart } from './LogVolumeChart.tsx';
import { useLogPages } from './logPages.ts';
import { withContains, withService } from './logqlText.ts';
import { runLogQuery } from './runLogs.ts';

/** The refs pinned so far, for marking lines as pinned. */
export function usePinnedRefs(session: Session): ReadonlySet<string> {
  const actions = useStore(session.store, (s) => s.actions);
  return useMemo(() => new Set(pinnedEvidence(actions).map((e) => e.ref)), [actions]);
}

/** Pins an item a tool showed; the flow refuses anything no query showed. */
export function pin(session: Session, evidence: Evidence): void {
  session.act({ type: 'pin', evidence });
}

/**
 * The log explorer: a LogQL editor with completion, a time range, the volume of every match, a virtualised
 * list of lines whose fields open on click, and pins. The service picker and "Line contains" write LogQL.
 */
export function LogExplorer({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  // Narrow slices: typing a query re-renders its editor, not the list and the volume.
  const service = useStore(session.store, (s) => s.logView.service);
  const contains = useStore(session.store, (s) => s.logView.contains);
  const rangeMinutes = useStore(session.store, (s) => s.logView.rangeMinutes);
  const zoom = useStore(session.store, (s) => s.logView.zoom);
  const explored = useStore(session.store, (s) => s.logView.explored);
  const searching = useStore(session.store, (s) => s.logView.searching);
  const pinned = usePinnedRefs(session);
  const moment = useMoment(session);
  const withDay = daysMatter(scenario.window);
  const ranges = useMemo(() => rangeChoices(scenario.window, 5), [scenario]);
  const [draft, setDraft] = useState(contains);
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const labels = useRef<LabelIndex>({ names: [], values: {} });

  useEffect(() => {
    void session.logLabels().then((index) => {
      labels.current = index;
    });
  }, [session]);
  useEffect(() => setDraft(contains), [contains]);

  // The count and the volume draw as the answer arrives; the list follows in a task of its own, so neither
  // holds the page for long.
  const [listed, setListed] = useState(explored);
  useEffect(() => {
    const timer = setTimeout(() => setListed(explored), 0);
    return () => clearTimeout(timer);
  }, [explored]);
  const pages = useLogPages(session, listed);
  useEffect(() => setSelected(undefined), [listed]);
  // Pages are read only for the result on screen: once another query is sent the world answers that one.
  const onRange = useCallback(
    (from: number, to: number) => {
      if (!session.store.getState().logView.searching) pages.want(from, to);
    },
    [session, pages],
  );
  const onSettle = useCallback((from: number, to: number) => pages.saw(from, to), [pages]);
  const lineAt = useCallback((i: number) => pages.lineAt(i), [pages]);

  const run = (query: string) => void runLogQuery(session, query);
  const current = () => session.store.getState().logView.query;
  const pinRow = (index: number, e: LogEvidence) => {
    // A row reached by scrolling and pinned before the list rested is recorded as seen first.
    pages.saw(index, index + 1);
    pin(session, e);
  };
  const tracesOffered = useStore(session.store, (s) => s.world.tools?.includes('traces') ?? false);
  const open = selected === undefined ? undefined : pages.lineAt(selected);
  const logResult = listed?.result.ok === true && pages.count > 0;
  // A metric query (`rate(…)`, `count_over_time`, `sum by`) draws its series as a graph, as Grafana does.
  const [all, showAll] = useShowAll(listed);
  const chart = useMemo(
    () =>
      listed?.result.ok
        ? chartOf(
            listed.result,
            (e) => seriesName(e.labels),
            undefined,
            all ? Number.POSITIVE_INFINITY : CHARTED_SERIES,
          )
        : undefined,
    [listed, all],
  );
  const charted = !logResult && chart !== undefined && chart.names.length > 0;
  // A list is drawn when its rows are, a graph when uPlot drew it; any other answer as soon as it shows.
  const ranQuery = listed?.result.query;
  const onDrawn = useCallback(() => ranQuery !== undefined && markDrawn('logs', ranQuery), [ranQuery]);
  useEffect(() => {
    if (listed && !logResult && !charted) markDrawn('logs', listed.result.query);
  }, [listed, logResult, charted]);

  return (
    <div class="log-explorer">
      <div class="query-row">
        <LogQueryEditor session={session} labels={() => labels.current} onRun={() => run(current())} />
        <label class="compact">
          <span class="visually-hidden">Time range</span>
          <select
            aria-label="Time range"
            value={chosenRange(ranges, rangeMinutes)}
            onChange={(e) =>
              session.store.getState().setLogRange(Number((e.target as HTMLSelectElement).value))
            }
          >
            {ranges.map((r) => (
              <option key={r.minutes} value={r.minutes}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="primary" onClick={() => run(current())}>
          Run query
        </button>
        <CancelQuery running={searching} onCancel={() => session.store.getState().logQueryCancelled()} />
      </div>
      {/* The scope and the quick filter share a row, so the lines keep the height of the window. */}
      <div class="log-filters">
        <fieldset class="scope" aria-label="Service scope">
          <legend class="muted">Service</legend>
          <button
            type="button"
            aria-pressed={service === undefined}
            onClick={() => run(withService(current(), undefined))}
          >
            All services
          </button>
          {scenario.system.services.map((svc) => (
            <button
              type="button"
              key={svc.id}
              aria-pressed={service === svc.id}
              onClick={() => run(withService(current(), svc.id))}
            >
              {svc.id}
            </button>
          ))}
        </fieldset>
        <form
          class="filter-row"
          onSubmit={(e) => {
            e.preventDefault();
            run(withContains(current(), draft));
          }}
        >
          <label for="log-filter">Line contains</label>
          <input
            id="log-filter"
            type="search"
            value={draft}
            spellcheck={false}
            autocomplete="off"
            placeholder="a word or a phrase, e.g. error"
            onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
          />
          <button type="submit">Search</button>
        </form>
      </div>
      {zoom && (
        <p class="muted zoom-note">
          Showing {moment(zoom.startMs)}–{moment(zoom.endMs)} UTC.{' '}
          <button
            type="button"
            class="link"
            onClick={() => {
              session.store.getState().zoomLogs(undefined);
              run(current());
            }}
          >
            Back to the whole range
          </button>
        </p>
      )}
      <LogOutcome session={session} />
      {explored?.volume && (
        <LogVolumeChart
          volume={explored.volume}
          moment={moment}
          onSelect={(startMs, endMs) => {
            session.store.getState().zoomLogs({ startMs, endMs });
            run(current());
          }}
        />
      )}
      {logResult && (
        // The details of the line selected open beside the list, never below it, so neither scrolls away.
        <div class={open ? 'log-body with-details' : 'log-body'}>
          <LogList
            count={pages.count}
            withDay={withDay}
            lineAt={lineAt}
            pinned={pinned}
            selected={selected}
            onSelect={setSelected}
            onPin={pinRow}
            onRange={onRange}
            onSettle={onSettle}
            onDrawn={onDrawn}
          />
          {open && selected !== undefined && (
            <LogDetails
              evidence={open.evidence}
              moment={moment}
              row={open.row}
              pinned={pinned.has(open.evidence.ref)}
              onPin={() => pinRow(selected, open.evidence)}
              onClose={() => setSelected(undefined)}
              onOpenTrace={
                tracesOffered
                  ? (traceId) => {
                      // The trace opens in its own tool, as a trace id in a Loki line links to Tempo.
                      session.store.getState().showTool('traces');
                      void openTrace(session, traceId);
                    }
                  : undefined
              }
            />
          )}
        </div>
      )}
      {listed?.result.ok && charted && chart && (
        <TimeChart
          data={chart}
          height={200}
          onDrawn={onDrawn}
          summary={`Chart of ${chart.names.length} series from ${moment(listed.result.scope.startMs ?? 0)} to ${moment(listed.result.scope.endMs ?? 0)} UTC`}
        />
      )}
      {charted && chart && listed?.result.ok && (
        <SeriesLimitNote
          shown={chart.names.length}
          total={listed.result.items.length}
          what="The graph"
          onShowAll={showAll}
        />
      )}
      {listed?.result.ok && !logResult && listed.result.items.length > 0 && (
        <SeriesTable
          session={session}
          result={listed.result}
          pinned={pinned}
          caption="Series of the metric query"
        />
      )}
    </div>
  );
}

/** The LogQL editor, the one part of the explorer that follows the query as it is typed. */
function LogQueryEditor({
  session,
  labels,
  onRun,
}: {
  session: Session;
  labels: () => LabelIndex;
  onRun: () => void;
}) {
  const query = useStore(session.store, (s) => s.logView.query);
  return (
    <QueryEditor
      value={query}
      label="LogQL query"
      hint='{service="web"} |= "error" | logfmt'
      onChange={(text) => session.store.getState().editLogQuery(text)}
      onRun={onRun}
      language={{ kind: 'logql', labels }}
    />
  );
}

/** What the last query did: the query, how many lines matched, or where it went wrong. */
function LogOutcome({ session }: { session: Session }) {
  const explored = useStore(session.store, (s) => s.logView.explored);
  const searching = useStore(session.store, (s) => s.logView.searching);
  const ranQuery = useStore(session.store, (s) => s.logView.ranQuery);
  if (searching && !explored) return <p class="muted">Searching…</p>;
  if (!explored) {
    return (
      <p class="muted">
        Pick a service on the map or above, write LogQL, or search all logs. Press <kbd>/</kbd> to edit the
        query.
      </p>
    );
  }
  const result = explored.result;
  return (
    <div class="log-outcome" aria-live="polite">
      <p class="logql" title="The query these results come from">
        <span class="muted">{searching ? 'Running' : 'Results of'}</span> <code>{ranQuery}</code>
      </p>
      {result.ok && result.items[0]?.evidence.kind === 'series' ? (
        <p class="muted">{count(result.items.length)} series.</p>
      ) : result.ok ? (
        <p class="muted">
          {count(result.matched)} {result.matched === 1 ? 'line matches' : 'lines match'}.
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
