import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LogEvidence } from '../../engine/investigation/evidence.ts';
import type { LogRow } from '../../worker/logExplore.ts';
import { clockTime } from '../format.ts';
import { scrollToRow, virtualWindow } from './virtualWindow.ts';

/** Height of one line in the list, in pixels; fixed so the list can be virtualised. */
export const ROW_HEIGHT = 26;

/** One listed line: the pinnable record and what the explorer shows beside it. */
export interface ListedLine {
  readonly evidence: LogEvidence;
  readonly row: LogRow;
}

interface LogListProps {
  readonly lines: readonly ListedLine[];
  readonly pinned: ReadonlySet<string>;
  readonly selected: number | undefined;
  readonly onSelect: (index: number | undefined) => void;
  readonly onPin: (e: LogEvidence) => void;
}

/**
 * The result lines, newest first. Only the rows in view are in the DOM, so thousands of lines scroll as
 * smoothly as ten. Arrow keys move the selection, Enter opens its fields, `p` pins it.
 */
export function LogList({ lines, pinned, selected, onSelect, onPin }: LogListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(320);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport(el.clientHeight);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A new result starts at the top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [lines]);

  const move = (index: number) => {
    const i = Math.max(0, Math.min(lines.length - 1, index));
    onSelect(i);
    const el = scroller.current;
    if (el) el.scrollTop = scrollToRow(i, el.scrollTop, el.clientHeight, ROW_HEIGHT);
  };

  const win = virtualWindow(scrollTop, viewport, ROW_HEIGHT, lines.length);
  const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of rows with their own buttons; a fieldset would mean a form
    <div
      class="log-scroller"
      ref={scroller}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling list must take focus to be read and moved through with the keyboard
      tabIndex={0}
      role="group"
      aria-label={`Log lines, ${lines.length.toLocaleString('en')} listed. Arrow keys select a line and show its fields, p pins it.`}
      onScroll={(e) => setScrollTop((e.target as HTMLDivElement).scrollTop)}
      onKeyDown={(e) => {
        const at = selected ?? -1;
        const keys: Record<string, () => void> = {
          ArrowDown: () => move(at + 1),
          ArrowUp: () => move(at - 1),
          PageDown: () => move(at + page),
          PageUp: () => move(at - page),
          Home: () => move(0),
          End: () => move(lines.length - 1),
          Escape: () => onSelect(undefined),
        };
        const action = keys[e.key];
        if (action && lines.length > 0) {
          e.preventDefault();
          action();
        }
      }}
    >
      <ol class="log-lines" style={{ height: `${win.total}px` }}>
        {lines.slice(win.start, win.end).map((l, k) => {
          const index = win.start + k;
          const e = l.evidence;
          const isPinned = pinned.has(e.ref);
          const isSelected = index === selected;
          const classes = ['log-line', isPinned ? 'pinned' : '', isSelected ? 'selected' : '']
            .filter(Boolean)
            .join(' ');
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the list's arrow keys and Enter do what a click does
            <li
              key={e.ref}
              class={classes}
              data-log-id={e.id}
              aria-setsize={lines.length}
              aria-posinset={index + 1}
              aria-current={isSelected ? 'true' : undefined}
              style={{ top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
              onClick={(ev) => {
                if ((ev.target as HTMLElement).closest('button')) return;
                onSelect(isSelected ? undefined : index);
              }}
            >
              <time dateTime={new Date(e.tsMs).toISOString()}>{clockTime(e.tsMs)}</time>
              <span class={`level level-${l.row.level}`}>{l.row.level === 'unknown' ? '' : l.row.level}</span>
              <span class="svc">{l.row.labels.instance ?? e.service}</span>
              <pre>{e.line}</pre>
              <button
                type="button"
                class="pin"
                tabIndex={-1}
                disabled={isPinned}
                data-pin-selected={isSelected ? '' : undefined}
                aria-label={isPinned ? 'Pinned' : `Pin log line from ${e.service} at ${clockTime(e.tsMs)}`}
                onClick={() => onPin(e)}
              >
                {isPinned ? 'Pinned' : 'Pin'}
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
