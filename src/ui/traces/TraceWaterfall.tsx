import { useMemo, useState } from 'preact/hooks';
import type { SpanEvidence } from '../../engine/investigation/evidence.ts';
import type { ToolItem, ToolResult } from '../../engine/investigation/tools.ts';
import { formatDiagnostic } from '../../engine/query/types.ts';
import type { Session } from '../../state/session.ts';
import { pin } from '../logs/LogExplorer.tsx';
import { useMoment } from '../shell/useMoment.ts';
import { durationText, waterfall } from './traceQueryText.ts';

type SpanItem = ToolItem & { evidence: SpanEvidence };

/** One opened trace: its spans under their parents with bars on the trace's time axis; a span's attributes on click. */
export function TraceWaterfall({
  session,
  result,
  pinned,
}: {
  session: Session;
  result: ToolResult;
  pinned: ReadonlySet<string>;
}) {
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const moment = useMoment(session);
  const spans = useMemo(
    () => (result.ok ? (result.items.filter((i) => i.evidence.kind === 'span') as SpanItem[]) : []),
    [result],
  );
  const rows = useMemo(
    () =>
      waterfall(
        spans.map((s) => ({
          spanId: s.evidence.spanId,
          parentSpanId: s.span?.parentSpanId ?? '',
          startMs: s.evidence.startMs,
          durationMs: s.evidence.durationMs,
        })),
      ),
    [spans],
  );
  if (!result.ok) {
    return (
      <ul class="query-errors" role="alert">
        {result.errors.map((d) => (
          <li key={`${d.from}-${d.message}`}>
            <code>{formatDiagnostic(d)}</code>
          </li>
        ))}
      </ul>
    );
  }
  const trace = result.items[0]?.evidence;
  if (trace?.kind !== 'trace') return null;
  const open = spans.find((s) => s.evidence.ref === selected);
  return (
    <section class="trace-view" aria-label={`Trace ${trace.traceId}`}>
      <header>
        <h3>
          {trace.rootService} <code>{trace.rootOperation}</code>
        </h3>
        <span class="muted">
          {moment(trace.startMs)} UTC · {durationText(trace.durationMs)} · {spans.length} spans ·{' '}
          <code>{trace.traceId}</code>
        </span>
        <button type="button" disabled={pinned.has(trace.ref)} onClick={() => pin(session, trace)}>
          {pinned.has(trace.ref) ? 'Trace pinned' : 'Pin this trace'}
        </button>
      </header>
      <ol class="waterfall">
        {rows.map((row) => {
          const s = spans[row.index]!;
          const e = s.evidence;
          return (
            <li
              key={e.ref}
              class={`${e.status === 'error' ? 'error' : ''} ${selected === e.ref ? 'selected' : ''}`}
            >
              <button
                type="button"
                class="span-name"
                style={{ paddingLeft: `${row.depth * 14 + 4}px` }}
                aria-expanded={selected === e.ref}
                onClick={() => setSelected(selected === e.ref ? undefined : e.ref)}
              >
                <span class="svc">{e.service}</span> {e.operation}
                {e.status === 'error' && <span class="visually-hidden"> (error)</span>}
              </button>
              <span class="span-track" aria-hidden="true">
                <span
                  class="span-bar"
                  style={{ left: `${row.left * 100}%`, width: `max(2px, ${row.width * 100}%)` }}
                />
              </span>
              <span class="span-duration">{durationText(e.durationMs)}</span>
            </li>
          );
        })}
      </ol>
      {open && (
        <section class="span-details" aria-label="Span details">
          <header>
            <strong>
              {open.evidence.service} {open.evidence.operation}
            </strong>{' '}
            <span class="muted">
              {open.span?.kind} span · {open.evidence.status} · {durationText(open.evidence.durationMs)} ·
              starts {moment(open.evidence.startMs)}
            </span>
            <button
              type="button"
              data-pin-selected
              disabled={pinned.has(open.evidence.ref)}
              aria-label={`Pin span ${open.evidence.service} ${open.evidence.operation}`}
              onClick={() => pin(session, open.evidence)}
            >
              {pinned.has(open.evidence.ref) ? 'Pinned' : 'Pin span'}
            </button>
          </header>
          <table>
            <tbody>
              {Object.entries(open.span?.attributes ?? {}).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>
                    <code>{String(v)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
