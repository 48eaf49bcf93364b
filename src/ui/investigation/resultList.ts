/**
 * Lists of results that the keyboard moves through, row by row: the container takes focus (Esc from a
 * tool's query lands there), the arrow keys, Home and End move between its rows, and `p` pins the row
 * focused. A container is marked `data-result-list`, each row `data-result-item`, a row's pin button
 * `data-pin`.
 */

/** Props that make an element a result list. */
export const RESULT_LIST = { 'data-result-list': '', tabIndex: 0 } as const;
/** Props that make an element one row of a result list. */
export const RESULT_ITEM = { 'data-result-item': '', tabIndex: -1 } as const;

/**
 * The row a key moves to from row `at` (-1 when none is focused) of `count`, or undefined when the key
 * does not move.
 */
export function nextRow(key: string, at: number, count: number): number | undefined {
  if (count === 0) return undefined;
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, at + 1);
    case 'ArrowUp':
      return Math.max(0, at - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}

/** Moves the focus between a result list's rows; give it to the list's `onKeyDown`. */
export function onResultListKey(e: KeyboardEvent): void {
  const list = e.currentTarget as HTMLElement;
  const rows = [...list.querySelectorAll<HTMLElement>('[data-result-item]')];
  const active = document.activeElement;
  const at = rows.findIndex((row) => row === active || row.contains(active));
  const to = nextRow(e.key, at, rows.length);
  if (to === undefined) return;
  e.preventDefault();
  rows[to]!.focus();
  rows[to]!.scrollIntoView({ block: 'nearest' });
}

/** The pin button of the result row that has the focus, if it can still pin. */
export function focusedRowPin(): HTMLButtonElement | null {
  const row = document.activeElement?.closest('[data-result-item]');
  return row?.querySelector<HTMLButtonElement>('button[data-pin]:not(:disabled)') ?? null;
}

/** The open tool's result list, if it shows one. */
export function resultListIn(panel: Element | null): HTMLElement | null {
  return panel?.querySelector<HTMLElement>('[data-result-list]') ?? null;
}
