import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { pinnedEvidence } from '../../engine/investigation/actions.ts';
import type { Evidence, LogEvidence } from '../../engine/investigation/evidence.ts';
import { formatDiagnostic } from '../../engine/query/types.ts';
import type { Session } from '../../state/session.ts';
import type { LabelIndex } from '../editor/logqlComplete.ts';
import { QueryEditor } from '../editor/QueryEditor.tsx';
import { useStore } from '../useStore.ts';
import { LogDetails } from './LogDetails.tsx';
import type { ListedLine } from './LogList.tsx';
import { LogList } from './LogList.tsx';
import { LogVolumeChart } from './LogVolumeChart.tsx';
import { withContains, withService } from './logqlText.ts';
import { runLogQuery } from './runLogs.ts';

/** Time ranges offered, in minutes back from the incident clock; 0 is the whole incident window. */
const RANGES: readonly (readonly [number, string])[] = [
  [0, 'Whole incident window'],
  [5, 'Last 5 minutes'],
  [15, 'Last 15 minutes'],
  [30, 'Last 30 minutes'],
  [60, 'Last 1 hour'],
  [180, 'Last 3 hours'],
];
const LIMITS = [100, 1000, 5000];

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
  const view = useStore(session.store, (s) => s.logView);
  const pinned = usePinnedRefs(session);
  const [draft, setDraft] = useState(view.contains);
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const labels = useRef<LabelIndex>({ names: [], values: {} });

  useEffect(() => {
    void session.logLabels().then((index) => {
      labels.current = index;
    });
  }, [session]);
  useEffect(() => setDraft(view.contains), [view.contains]);

  const explored = view.explored;
  const lines: ListedLine[] = useMemo(() => {
    if (!explored?.result.ok) return [];
    const out: ListedLine[] = [];
    explored.result.items.forEach((item, i) => {
      const row = explored.rows[i];
      if (item.evidence.kind === 'log' && row) out.push({ evidence: item.evidence, row });
    });
    return out;
  }, [explored]);
  useEffect(() => setSelected(undefined), [explored]);

  const run = (query: string) => void runLogQuery(session, query);
  const setQuery = (query: string) => session.store.getState().setLogView({ query });
  const onPin = (e: LogEvidence) => pin(session, e);
  const open = selected === undefined ? undefined : lines[selected];

  return (
    <div class="log-explorer">
      <fieldset class="scope" aria-label="Service scope">
        <legend class="muted">Service</legend>
        <button
          type="button"
          aria-pressed={view.service === undefined}
          onClick={() => run(withService(view.query, undefined))}
        >
          All services
        </button>
        {scenario.system.services.map((svc) => (
          <button
            type="button"
            key={svc.id}
            aria-pressed={view.service === svc.id}
            onClick={() => run(withService(view.query, svc.id))}
          >
            {svc.id}
          </button>
        ))}
      </fieldset>
      <div class="query-row">
        <QueryEditor
          value={view.query}
          label="LogQL query"
          hint='{service="web"} |= "error" | logfmt'
          onChange={setQuery}
          onRun={() => run(session.store.getState().logView.query)}
          language={{ kind: 'logql', labels: () => labels.current }}
        />
        <label class="compact">
          <span class="visually-hidden">Time range</span>
          <select
            aria-label="Time range"
            value={view.rangeMinutes}
            onChange={(e) =>
              session.store
                .getState()
                .setLogView({ rangeMinutes: Number((e.target as HTMLSelectElement).value) })
            }
          >
            {RANGES.map(([m, name]) => (
              <option key={m} value={m}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <select
          aria-label="Line limit"
          value={view.limit}
          onChange={(e) =>
            session.store.getState().setLogView({ limit: Number((e.target as HTMLSelectElement).value) })
          }
        >
          {LIMITS.map((n) => (
            <option key={n} value={n}>
              {n.toLocaleString('en')} lines
            </option>
          ))}
        </select>
        <button type="button" class="primary" onClick={() => run(session.store.getState().logView.query)}>
          Run query
        </button>
      </div>
      <form
        class="filter-row"
        onSubmit={(e) => {
          e.preventDefault();
          run(withContains(view.query, draft));
        }}
      >
        <label for="log-filter">Line contains</label>
        <input
          id="log-filter"
          type="search"
          value={draft}
          spellcheck={false}
          autocomplete="off"
          placeholder='e.g. "POST /checkout" or error'
          onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Search</button>
      </form>
      <LogOutcome session={session} />
      {explored?.volume && <LogVolumeChart volume={explored.volume} />}
      {explored?.result.ok && lines.length > 0 && (
        <LogList lines={lines} pinned={pinned} selected={selected} onSelect={setSelected} onPin={onPin} />
      )}
      {explored?.result.ok && lines.length === 0 && explored.result.items.length > 0 && (
        <SeriesTable session={session} pinned={pinned} />
      )}
      {open && (
        <LogDetails
          evidence={open.evidence}
          row={open.row}
          pinned={pinned.has(open.evidence.ref)}
          onPin={() => onPin(open.evidence)}
          onClose={() => setSelected(undefined)}
        />
      )}
    </div>
  );
}

/** What the last query did: the query, how many lines matched, or where it went wrong. */
function LogOutcome({ session }: { session: Session }) {
  const view = useStore(session.store, (s) => s.logView);
  const explored = view.explored;
  if (view.searching && !explored) return <p class="muted">Searching…</p>;
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
        <span class="muted">{view.searching ? 'Running' : 'Results of'}</span> <code>{view.ranQuery}</code>
      </p>
      {result.ok ? (
        <p class="muted">
          {result.matched.toLocaleString('en')} {result.matched === 1 ? 'line matches' : 'lines match'}
          {result.matched > result.items.length && result.items.length > 0
            ? `, listing the newest ${result.items.length.toLocaleString('en')}`
            : ''}
          .
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
    </div>
  );
}

/** A metric query written in the log explorer: its series, each pinnable over the range. */
function SeriesTable({ session, pinned }: { session: Session; pinned: ReadonlySet<string> }) {
  const explored = useStore(session.store, (s) => s.logView.explored);
  if (!explored?.result.ok) return null;
  return (
    <table class="series-table">
      <caption class="muted">Series</caption>
      <thead>
        <tr>
          <th scope="col">Labels</th>
          <th scope="col">First</th>
          <th scope="col">Max</th>
          <th scope="col">Last</th>
          <th scope="col">
            <span class="visually-hidden">Pin</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {explored.result.items.map(({ evidence: e }) =>
          e.kind === 'series' ? (
            <tr key={e.ref}>
              <td>
                <code>
                  {Object.entries(e.labels)
                    .map(([k, v]) => `${k}="${v}"`)
                    .join(', ') || '{}'}
                </code>
              </td>
              <td>{e.first}</td>
              <td>{e.max}</td>
              <td>{e.last}</td>
              <td>
                <button type="button" disabled={pinned.has(e.ref)} onClick={() => pin(session, e)}>
                  {pinned.has(e.ref) ? 'Pinned' : 'Pin series'}
                </button>
              </td>
            </tr>
          ) : null,
        )}
      </tbody>
    </table>
  );
}
