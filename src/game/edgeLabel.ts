import type { EdgePath, NodeBox } from './layout.ts';

/** A rectangle on the canvas, in pixels. */
export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The point halfway along a polyline, by length (its first point when it has no length). */
export function midpointOf(points: EdgePath['points']): { x: number; y: number } {
  let total = 0;
  for (let i = 1; i < points.length; i++)
    total += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  let left = total / 2;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (length > 0 && left <= length)
      return { x: a.x + ((b.x - a.x) * left) / length, y: a.y + ((b.y - a.y) * left) / length };
    left -= length;
  }
  return points[0] ?? { x: 0, y: 0 };
}

function intersects(a: Rect, b: Rect): boolean {
  return (
    a.left < b.left + b.width &&
    b.left < a.left + a.width &&
    a.top < b.top + b.height &&
    b.top < a.top + a.height
  );
}

/**
 * A label of `size` pushed from `start` downwards (`dir` 1) or upwards (-1) past every service box it
 * would cover, so the words end where a circle or a name begins.
 */
function pushedClear(start: Rect, nodes: readonly NodeBox[], dir: 1 | -1, gap: number): Rect {
  let rect = start;
  // Each push clears one box for good (the label only moves away from it): as many pushes as boxes.
  for (let n = 0; n <= nodes.length; n++) {
    const hit = nodes.find((b) => intersects(rect, b));
    if (!hit) return rect;
    rect = { ...rect, top: dir > 0 ? hit.top + hit.height + gap : hit.top - gap - rect.height };
  }
  return rect;
}

/**
 * Where the words beside a call go (`size` is the text's box): centred under the call's middle, or over
 * it, and pushed past any service they would cover, as a short call between two wide boxes leaves no
 * room beside it. Within `canvas` when it can be; the nearest such place to the call's middle wins.
 *
 * @example edgeLabelRect(edge.points, map.nodes, { width: 80, height: 12 }, { width: 960, height: 140 }, 4)
 */
export function edgeLabelRect(
  points: EdgePath['points'],
  nodes: readonly NodeBox[],
  size: { readonly width: number; readonly height: number },
  canvas: { readonly width: number; readonly height: number },
  gap: number,
): Rect {
  const mid = midpointOf(points);
  const left = Math.max(0, Math.min(mid.x - size.width / 2, canvas.width - size.width));
  const below = pushedClear({ left, top: mid.y + gap, ...size }, nodes, 1, gap);
  const above = pushedClear({ left, top: mid.y - gap - size.height, ...size }, nodes, -1, gap);
  const fits = (r: Rect) =>
    r.top >= 0 && r.top + r.height <= canvas.height && !nodes.some((b) => intersects(r, b));
  const distance = (r: Rect) => Math.abs(r.top + r.height / 2 - mid.y);
  const candidates = [below, above].filter(fits).sort((a, b) => distance(a) - distance(b));
  // No free place inside the canvas (a crowded map drawn small): under the call, as before.
  return candidates[0] ?? { left, top: mid.y + gap, ...size };
}
