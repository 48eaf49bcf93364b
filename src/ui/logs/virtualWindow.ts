/** The rows a virtualised list renders: `[start, end)`, placed `offset` pixels from the top. */
export interface VirtualWindow {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
  /** Height of every row together: the scroll area's full height. */
  readonly total: number;
}

/**
 * Which rows of a fixed-height list are in view, plus `overscan` rows either side so fast scrolling shows
 * no gaps. Only these rows exist in the DOM, so a list of 100k lines costs as much as one screenful.
 */
export function virtualWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): VirtualWindow {
  const total = count * rowHeight;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, total };
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, total - viewportHeight)));
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, last + overscan);
  return { start, end, offset: start * rowHeight, total };
}

/** The scroll position that brings row `index` into view, or `scrollTop` when it is already visible. */
export function scrollToRow(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}
