import { useEffect, useMemo } from 'preact/hooks';
import type { TraceEvidence } from '../../engine/investigation/evidence.ts';
import { formatDiagnostic } from '../../engine/query/types.ts';
import type { Session } from '../../state/session.ts';
import type { TraceSearchForm } from '../../state/store.ts';
import { CancelQuery } from '../investigation/CancelQuery.tsx';
import { markDrawn } from '../investigation/drawnMark.ts';
import { onResultListKey, RESULT_ITEM, RESULT_LIST } from '../investigation/resultList.ts';
import { pin, usePinnedRefs } from '../logs/LogExplorer.tsx';
import { QueryNotices } from '../shell/QueryNotices.tsx';
import { chosenRange, rangeChoices } from '../shell/timeRanges.ts';
import { useMoment } from '../shell/useMoment.ts';
import { useStore } from '../useStore.ts';
import { openTrace, searchTraces } from './runTraces.ts';
import { TraceWaterfall } from './TraceWaterfall.tsx';
import { durationText } from './traceQueryText.ts';

/**
 * The traces panel: a search form (service, operation, status, durations, attributes, range) written as
 * Tempo's tag search, the traces found newest first, and the opened trace as a waterfall.
 */
export function TracesPanel({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const view = useStore(session.store, (s) => s.tracesView);
  const pinned = usePinnedRefs(session);
  const moment = useMoment(session);
  const ranges = useMemo(() => rangeChoices(scenario.window, 15), [scenario]);
  const form = view.form;
  const edit = (patch: Partial<TraceSearchForm>) => session.store.getState().editTraceForm(patch);
  const text = (key: 'operation' | 'minDuration' | 'maxDuration' | 'attributes') => ({
    value: form[key],
    onInput: (e: Event) => edit({ [key]: (e.target as HTMLInputElement).value }),
    spellcheck: false,
    autocomplete: 'off',
  });
  const search = view.search;
  useEffect(() => {
    if (search) markDrawn('traces', search.query);
  }, [search]);
  useEffect(() => {
    if (view.trace) markDrawn('traces', view.trace.query);
  }, [view.trace]);
  return (
    <div class="traces-panel">
      <form
        class="trace-search"
        aria-label="Trace search"
        onSubmit={(e) => {
          e.preventDefault();
          void searchTraces(session);
        }}
      >
        <label>
          Service
          <select
            value={form.service}
            onChange={(e) => edit({ service: (e.target as HTMLSelectElement).value })}
          >
            <option value="">Any service</option>
            {scenario.system.services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Operation
          <input type="text" placeholder="an operation" {...text('operation')} />
        </label>
        <label>
          Status
          <select
            value={form.status}
            onChange={(e) =>
              edit({ status: (e.target as HTMLSelectElement).value as TraceSearchForm['status'] })
            }
          >
            <option value="">Any status</option>
            <option value="error">error</option>
            <option value="ok">ok</option>
            <option value="unset">unset</option>
          </select>
        </label>
        <label>
          Min duration
          <input type="text" placeholder="500ms" size={7} {...text('minDuration')} />
        </label>
        <label>
          Max duration
          <input type="text" placeholder="5s" size={7} {...text('maxDuration')} />
        </label>
        <label class="grow">
          Attributes
          <input type="text" placeholder="attribute=value" data-shortcut="query" {...text('attributes')} />
        </label>
        <label>
          Time range
          <select
            value={chosenRange(ranges, form.rangeMinutes)}
            onChange={(e) => edit({ rangeMinutes: Number((e.target as HTMLSelectElement).value) })}
          >
            {ranges.map((r) => (
              <option key={r.minutes} value={r.minutes}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary">
          Find traces
        </button>
        <CancelQuery running={view.running} onCancel={() => session.store.getState().traceQueryCancelled()} />
      </form>
      {!search && (
        <p class="muted">
          Traces are sampled: about one in ten requests, and every request that failed. Search by service,
          operation, status, duration or a span attribute, then open a trace to see where its time went.
        </p>
      )}
      {search && (
        <div aria-live="polite">
          <p class="muted">
            {view.running ? 'Running' : 'Results of'} <code>{search.query || '(every trace)'}</code>
            {search.ok
              ? ` — ${search.matched.toLocaleString('en')} ${search.matched === 1 ? 'trace' : 'traces'}${search.matched > search.items.length ? `, the newest ${search.items.length} listed` : ''}.`
              : ''}
          </p>
          <QueryNotices result={search} />
          {!search.ok && (
            <ul class="query-errors" role="alert">
              {search.errors.map((d) => (
                <li key={`${d.from}-${d.message}`}>
                  <code>{formatDiagnostic(d)}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {search?.ok && search.items.length > 0 && (
        <table
          class="trace-table"
          {...RESULT_LIST}
          aria-label="Traces found: arrow keys move between them, p pins one"
          onKeyDown={onResultListKey}
        >
          <thead>
            <tr>
              <th scope="col">Started (UTC)</th>
              <th scope="col">Root</th>
              <th scope="col">Services</th>
              <th scope="col">Duration</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {search.items.map(({ evidence: e }) =>
              e.kind === 'trace' ? (
                <TraceRow
                  key={e.ref}
                  session={session}
                  trace={e}
                  pinned={pinned.has(e.ref)}
                  moment={moment}
                />
              ) : null,
            )}
          </tbody>
        </table>
      )}
      {view.trace && <TraceWaterfall session={session} result={view.trace} pinned={pinned} />}
    </div>
  );
}

function TraceRow({
  session,
  trace,
  pinned,
  moment,
}: {
  session: Session;
  trace: TraceEvidence;
  pinned: boolean;
  moment: (ms: number) => string;
}) {
  const short = trace.traceId.slice(0, 8);
  return (
    <tr class={trace.error ? 'error' : undefined} {...RESULT_ITEM}>
      <td>{moment(trace.startMs)}</td>
      <td>
        {trace.rootService} <code>{trace.rootOperation}</code>
        {trace.error && <span class="badge error-badge">error</span>}
      </td>
      <td>{trace.services.join(' → ')}</td>
      <td>{durationText(trace.durationMs)}</td>
      <td class="actions-cell">
        <button
          type="button"
          aria-label={`Open trace ${short}`}
          onClick={() => void openTrace(session, trace.traceId)}
        >
          Open
        </button>
        <button
          type="button"
          disabled={pinned}
          data-pin=""
          aria-label={`Pin trace ${short}`}
          onClick={() => pin(session, trace)}
        >
          {pinned ? 'Pinned' : 'Pin'}
        </button>
      </td>
    </tr>
  );
}
