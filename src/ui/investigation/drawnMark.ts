/** The User Timing mark a tool leaves when a result is on screen. */
export const DRAWN_MARK = 'twoam:drawn';

/** What a {@link DRAWN_MARK} says: which tool drew which query's result. */
export interface DrawnDetail {
  readonly tool: string;
  readonly query: string;
}

/**
 * Marks the frame after a tool drew a result (User Timing), so the browser's performance panel and
 * `npm run bench:browser` can tell how long a query took from Run to the eye.
 */
export function markDrawn(tool: string, query: string): void {
  const detail: DrawnDetail = { tool, query };
  requestAnimationFrame(() => performance.mark(DRAWN_MARK, { detail }));
}
