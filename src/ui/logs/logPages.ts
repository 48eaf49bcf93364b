import { useEffect, useMemo, useState } from 'preact/hooks';
import type { LogEvidence } from '../../engine/investigation/evidence.ts';
import type { LogExploration, LogPage, LogRow } from '../../engine/views/logExplore.ts';
import type { Session } from '../../state/session.ts';

/** One listed line: the pinnable record and what the explorer shows beside it. */
export interface ListedLine {
  readonly evidence: LogEvidence;
  readonly row: LogRow;
}

/** Rows read from the world at a time as the list scrolls. */
export const PAGE_ROWS = 200;

/**
 * The lines of one log result, read page by page from the world as the list needs them. The query's own
 * lines (the newest) come with the result and count as shown; rows reached by scrolling are recorded as
 * shown when the trainee stops on them or pins one, so a pin is always of something seen.
 */
export class LogPages {
  private readonly pages = new Map<number, readonly ListedLine[]>();
  private readonly asked = new Set<number>();
  private readonly shown = new Set<string>();
  private live = true;

  /** Every line the query matched; the list is this long. */
  readonly count: number;
  private readonly first: readonly ListedLine[];
  private readonly read: (from: number, to: number) => Promise<LogPage>;
  private readonly record: (page: LogPage) => void;
  private readonly changed: () => void;

  constructor(
    count: number,
    first: readonly ListedLine[],
    read: (from: number, to: number) => Promise<LogPage>,
    record: (page: LogPage) => void,
    changed: () => void,
  ) {
    this.count = count;
    this.first = first;
    this.read = read;
    this.record = record;
    this.changed = changed;
    for (let p = 0; p * PAGE_ROWS < first.length; p++) {
      const rows = first.slice(p * PAGE_ROWS, (p + 1) * PAGE_ROWS);
      // A page the first lines fill only in part is read whole when the list reaches it.
      if (rows.length === PAGE_ROWS || p * PAGE_ROWS + rows.length >= count) this.pages.set(p, rows);
    }
    for (const l of first) this.shown.add(l.evidence.ref);
  }

  /** The line at `index`, or undefined while its page is being read. */
  lineAt(index: number): ListedLine | undefined {
    return this.pages.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS] ?? this.first[index];
  }

  /** Reads the pages holding rows `[from, to)` that are neither read nor being read. */
  want(from: number, to: number): void {
    if (!this.live) return;
    const last = Math.min(to, this.count) - 1;
    for (let p = Math.floor(Math.max(0, from) / PAGE_ROWS); p * PAGE_ROWS <= last; p++) {
      if (this.pages.has(p) || this.asked.has(p)) continue;
      this.asked.add(p);
      void this.read(p * PAGE_ROWS, (p + 1) * PAGE_ROWS).then((page) => {
        if (!this.live) return;
        this.pages.set(
          p,
          page.items.map((evidence, i) => ({ evidence, row: page.rows[i]! })),
        );
        this.changed();
      });
    }
  }

  /**
   * Stops reading: the list shows another result. Ask no page once the next query is sent, since the world
   * answers rows of the last query it ran.
   */
  close(): void {
    this.live = false;
  }

  /** Records rows `[from, to)` as seen, those read and not shown before, as one stretch. */
  saw(from: number, to: number): void {
    let start = -1;
    const lines: ListedLine[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.count); i++) {
      const line = this.lineAt(i);
      if (!line || this.shown.has(line.evidence.ref)) {
        if (lines.length) break;
        continue;
      }
      if (start < 0) start = i;
      lines.push(line);
    }
    if (!lines.length) return;
    for (const l of lines) this.shown.add(l.evidence.ref);
    this.record({ from: start, items: lines.map((l) => l.evidence), rows: lines.map((l) => l.row) });
    // Rows past a gap (already shown, or not read yet) are recorded by their own call.
    if (start + lines.length < to) this.saw(start + lines.length, to);
  }
}

/** The pages of the explorer's current result; the component re-renders as pages arrive. */
export function useLogPages(session: Session, explored: LogExploration | undefined): LogPages {
  const [, setVersion] = useState(0);
  const pages = useMemo(() => {
    const first: ListedLine[] = [];
    const result = explored?.result;
    if (result?.ok) {
      result.items.forEach((item, i) => {
        const row = explored?.rows[i];
        if (item.evidence.kind === 'log' && row) first.push({ evidence: item.evidence, row });
      });
    }
    const count = result?.ok && first.length > 0 ? Math.max(result.matched, first.length) : 0;
    return new LogPages(
      count,
      first,
      (from, to) => session.logRows(from, to),
      // Rows of a list the next result is replacing belong to the query before it: they are not recorded.
      (page) => {
        if (session.store.getState().logView.explored === explored) session.sawLogRows(page);
      },
      () => setVersion((v) => v + 1),
    );
  }, [session, explored]);
  // A page answered after the next query belongs to a list no longer shown.
  useEffect(() => () => pages.close(), [pages]);
  return pages;
}
