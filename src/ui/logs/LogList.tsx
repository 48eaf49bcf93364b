import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LogEvidence } from '../../engine/investigation/evidence.ts';
import { momentText } from '../shell/timeText.ts';
import { count as formatCount } from './count.ts';
import type { ListedLine } from './logPages.ts';
import { scrollToRow, virtualWindow } from './virtualWindow.ts';

/** Height of one line in the list, in pixels; fixed so the list can be virtualised. */
export const ROW_HEIGHT = 20;
/** How long the list rests on rows before they count as seen (a fling past them does not). */
const SETTLE_MS = 600;

interface LogListProps {
  /** Every line of the result; rows not read yet show as placeholders until their page arrives. */
  readonly count: number;
  readonly lineAt: (index: number) => ListedLine | undefined;
  readonly pinned: ReadonlySet<string>;
  readonly selected: number | undefined;
  readonly onSelect: (index: number | undefined) => void;
  readonly onPin: (index: number, e: LogEvidence) => void;
  /** The rows `[from, to)` the list renders: read them if they are not. */
  readonly onRange: (from: number, to: number) => void;
  /** The rows `[from, to)` on screen once the list rests. */
  readonly onSettle: (from: number, to: number) => void;
  /** Told once per result, when every row in view shows its line. */
  readonly onDrawn?: () => void;
  /** Whether each line's time carries its date, as it must in a window of days. */
  readonly withDay: boolean;
}

/**
 * The result lines, newest first, every match of the query. Only the rows in view are in the DOM and only
 * the pages they are on are read, so 100k lines scroll as smoothly as ten. Arrow keys move the selection,
 * Enter opens its fields, `p` pins it.
 */
export function LogList({
  count,
  lineAt,
  pinned,
  selected,
  onSelect,
  onPin,
  onRange,
  onSettle,
  onDrawn,
  withDay,
}: LogListProps) {
  const moment = (ms: number) => momentText(ms, withDay);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(320);

  // The observer reports the height after layout, so reading it never forces a layout of the page.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setViewport(entry.contentRect.height);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A new result starts at the top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [lineAt]);

  const win = virtualWindow(scrollTop, viewport, ROW_HEIGHT, count);
  const firstInView = Math.min(count, Math.floor(scrollTop / ROW_HEIGHT));
  const lastInView = Math.min(count, Math.ceil((scrollTop + viewport) / ROW_HEIGHT));
  useEffect(() => onRange(win.start, win.end), [win.start, win.end, onRange]);
  useEffect(() => {
    const timer = setTimeout(() => onSettle(firstInView, lastInView), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [firstInView, lastInView, onSettle]);

  const move = (index: number) => {
    const i = Math.max(0, Math.min(count - 1, index));
    onSelect(i);
    const el = scroller.current;
    if (el) el.scrollTop = scrollToRow(i, el.scrollTop, el.clientHeight, ROW_HEIGHT);
  };

  // A result is drawn once the rows in view hold their lines, not placeholders.
  const drawn = useRef<typeof lineAt | undefined>(undefined);
  let waiting = 0;
  for (let i = firstInView; i < lastInView; i++) if (!lineAt(i)) waiting++;
  useEffect(() => {
    if (waiting > 0 || drawn.current === lineAt) return;
    drawn.current = lineAt;
    onDrawn?.();
  });

  const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
  const rows = [];
  for (let index = win.start; index < win.end; index++) {
    const l = lineAt(index);
    const style = { top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` };
    if (!l) {
      rows.push(
        <li
          key={`row-${index}`}
          class="log-line loading"
          aria-setsize={count}
          aria-posinset={index + 1}
          style={style}
        >
          <span class="muted">Reading line {formatCount(index + 1)}…</span>
        </li>,
      );
      continue;
    }
    const e = l.evidence;
    const isPinned = pinned.has(e.ref);
    const isSelected = index === selected;
    const classes = ['log-line', isPinned ? 'pinned' : '', isSelected ? 'selected' : '']
      .filter(Boolean)
      .join(' ');
    rows.push(
      // biome-ignore lint/a11y/useKeyWithClickEvents: the list's arrow keys and Enter do what a click does
      <li
        key={e.ref}
        class={classes}
        data-log-id={e.id}
        aria-setsize={count}
        aria-posinset={index + 1}
        aria-current={isSelected ? 'true' : undefined}
        style={style}
        onClick={(ev) => {
          if ((ev.target as HTMLElement).closest('button')) return;
          onSelect(isSelected ? undefined : index);
        }}
      >
        <time dateTime={new Date(e.tsMs).toISOString()}>{moment(e.tsMs)}</time>
        <span class={`level level-${l.row.level}`}>{l.row.level === 'unknown' ? '' : l.row.level}</span>
        <span class="svc">{l.row.labels.instance ?? e.service}</span>
        <pre>{e.line}</pre>
        <button
          type="button"
          class="pin"
          tabIndex={-1}
          disabled={isPinned}
          data-pin-selected={isSelected ? '' : undefined}
          aria-label={isPinned ? 'Pinned' : `Pin log line from ${e.service} at ${moment(e.tsMs)}`}
          onClick={() => onPin(index, e)}
        >
          {isPinned ? 'Pinned' : 'Pin'}
        </button>
      </li>,
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of rows with their own buttons; a fieldset would mean a form
    <div
      class={withDay ? 'log-scroller with-day' : 'log-scroller'}
      data-result-list=""
      ref={scroller}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling list must take focus to be read and moved through with the keyboard
      tabIndex={0}
      role="group"
      aria-label={`Log lines, ${formatCount(count)} listed. Arrow keys select a line and show its fields, p pins it.`}
      onScroll={(e) => setScrollTop((e.target as HTMLDivElement).scrollTop)}
      onKeyDown={(e) => {
        const at = selected ?? -1;
        const keys: Record<string, () => void> = {
          ArrowDown: () => move(at + 1),
          ArrowUp: () => move(at - 1),
          PageDown: () => move(at + page),
          PageUp: () => move(at - page),
          Home: () => move(0),
          End: () => move(count - 1),
          Escape: () => onSelect(undefined),
        };
        const action = keys[e.key];
        if (action && count > 0) {
          e.preventDefault();
          action();
        }
      }}
    >
      <ol class="log-lines" style={{ height: `${win.total}px` }}>
        {rows}
      </ol>
    </div>
  );
}
