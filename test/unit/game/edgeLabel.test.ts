import { describe, expect, it } from 'vitest';
import type { Rect } from '../../../src/game/edgeLabel.ts';
import { edgeLabelRect, midpointOf } from '../../../src/game/edgeLabel.ts';
import type { NodeBox } from '../../../src/game/layout.ts';
import { layoutMap } from '../../../src/game/layout.ts';

const box = (id: string, left: number, top: number, width: number, height: number): NodeBox => ({
  id,
  x: left + 16,
  y: top + height / 2,
  left,
  top,
  width,
  height,
});

function covers(a: Rect, b: Rect): boolean {
  return (
    a.left < b.left + b.width &&
    b.left < a.left + a.width &&
    a.top < b.top + b.height &&
    b.top < a.top + a.height
  );
}

/** Three services in a row, as both-sides lays them out at 1280×720: short calls between wide boxes. */
const ROW = [
  box('gateway', 31, 43, 193, 43),
  box('app-api', 272, 43, 162, 43),
  box('tenant-db', 482, 43, 202, 43),
];
const CALL = [
  { x: 434, y: 65 },
  { x: 482, y: 65 },
];
const CANVAS = { width: 700, height: 140 };
const LABEL = { width: 90, height: 14 };

describe('the words beside a call on the map', () => {
  it('find the middle of a polyline by its length', () => {
    expect(
      midpointOf([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 10, y: 30 },
      ]),
    ).toEqual({ x: 10, y: 10 });
    expect(midpointOf([{ x: 5, y: 7 }])).toEqual({ x: 5, y: 7 });
  });

  it('go under the row when a short call leaves no room beside it, centred on the call', () => {
    const at = edgeLabelRect(CALL, ROW, LABEL, CANVAS, 4);
    expect(at).toEqual({ left: 458 - 45, top: 43 + 43 + 4, width: 90, height: 14 });
    for (const node of ROW) expect(covers(at, node), node.id).toBe(false);
  });

  it('stay just under a long call that has room', () => {
    const far = [box('a', 0, 43, 100, 43), box('b', 400, 43, 100, 43)];
    const call = [
      { x: 100, y: 65 },
      { x: 400, y: 65 },
    ];
    expect(edgeLabelRect(call, far, LABEL, CANVAS, 4)).toEqual({ left: 205, top: 69, width: 90, height: 14 });
  });

  it('go over the row when there is no room under it', () => {
    const low = ROW.map((n) => ({ ...n, top: n.top + 40 }));
    const call = CALL.map((p) => ({ ...p, y: p.y + 40 }));
    const at = edgeLabelRect(call, low, LABEL, CANVAS, 4);
    expect(at).toEqual({ left: 413, top: 83 - 4 - 14, width: 90, height: 14 });
  });

  it('stay inside the canvas at its edge', () => {
    const call = [
      { x: 690, y: 20 },
      { x: 698, y: 20 },
    ];
    expect(edgeLabelRect(call, [], LABEL, CANVAS, 4).left).toBe(CANVAS.width - LABEL.width);
  });

  // The map panel's canvas at a 1280- and a 1920-pixel-wide window: wide and short.
  it.each([
    [960, 140],
    [1440, 200],
  ])('cover no service of a laid-out chain on a %i×%i canvas', (width, height) => {
    const system = {
      services: [
        { id: 'gateway', kind: 'gateway', instances: 3 },
        { id: 'app-api', kind: 'api', instances: 3 },
        { id: 'tenant-db', kind: 'database', instances: 3 },
      ],
      edges: [
        { from: 'gateway', to: 'app-api' },
        { from: 'app-api', to: 'tenant-db' },
      ],
    };
    const canvas = { width, height };
    const map = layoutMap(system, canvas.width, canvas.height);
    for (const edge of map.edges) {
      const at = edgeLabelRect(edge.points, map.nodes, { width: 150, height: 14 }, canvas, 4);
      for (const node of map.nodes)
        expect(covers(at, node), `${edge.from}>${edge.to} on ${node.id}`).toBe(false);
    }
  });
});
