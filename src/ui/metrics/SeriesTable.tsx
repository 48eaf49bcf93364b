import type { SeriesEvidence } from '../../engine/investigation/evidence.ts';
import type { ToolResult } from '../../engine/investigation/tools.ts';
import { seriesName } from '../../engine/world/labels.ts';
import type { Session } from '../../state/session.ts';
import { onResultListKey, RESULT_ITEM, RESULT_LIST } from '../investigation/resultList.ts';
import { pin } from '../logs/LogExplorer.tsx';
import { useMoment } from '../shell/useMoment.ts';
import { SeriesLimitNote, useShowAll } from './SeriesLimit.tsx';
import { formatValue } from './seriesFormat.ts';
import { lastPoint, seriesStyles } from './seriesStyle.ts';

/** Rows listed until asked for all: a table of thousands of series holds the page and reads as noise. */
const LISTED_SERIES = 100;

/**
 * The series of a metric answer (PromQL, or a LogQL metric query), each in its chart's colour, with its
 * first, lowest, highest and last value (and when the last was), and a pin. "N series" heads it.
 */
export function SeriesTable({
  session,
  result,
  pinned,
  caption,
}: {
  session: Session;
  result: Extract<ToolResult, { ok: true }>;
  pinned: ReadonlySet<string>;
  caption: string;
}) {
  const every = result.items.filter((i) => i.evidence.kind === 'series');
  const [all, showAll] = useShowAll(result);
  const moment = useMoment(session);
  const rows = all ? every : every.slice(0, LISTED_SERIES);
  const styles = seriesStyles(rows.map((i) => (i.evidence as SeriesEvidence).labels));
  return (
    <>
      <table class="series-table" {...RESULT_LIST} onKeyDown={onResultListKey}>
        <caption class="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{every.length.toLocaleString('en')} series</th>
            <th scope="col">First</th>
            <th scope="col">Min</th>
            <th scope="col">Max</th>
            <th scope="col">Last</th>
            <th scope="col">
              <span class="visually-hidden">Pin</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((item, i) => {
            const e = item.evidence as SeriesEvidence;
            const last = lastPoint(item.samples);
            const name = seriesName(e.labels);
            return (
              <tr key={e.ref} class={pinned.has(e.ref) ? 'pinned' : undefined} {...RESULT_ITEM}>
                <td>
                  <span
                    class={`swatch tone-${styles[i]!.tone}`}
                    style={{ background: styles[i]!.color }}
                    aria-hidden="true"
                  />
                  <code>{name}</code>
                </td>
                {[e.first, e.min, e.max].map((v, k) => (
                  // Four significant digits, as a panel shows them; the exact value on hover.
                  <td key={k} title={String(v)}>
                    {formatValue(v)}
                  </td>
                ))}
                <td title={String(e.last)}>
                  {formatValue(last?.v ?? e.last)}
                  {last && (
                    <span class="muted">
                      {' '}
                      at <time dateTime={new Date(last.t).toISOString()}>{moment(last.t)}</time>
                    </span>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    disabled={pinned.has(e.ref)}
                    data-pin=""
                    aria-label={`Pin series ${name}`}
                    onClick={() => pin(session, e)}
                  >
                    {pinned.has(e.ref) ? 'Pinned' : 'Pin'}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <SeriesLimitNote shown={rows.length} total={every.length} what="The table" onShowAll={showAll} />
    </>
  );
}
