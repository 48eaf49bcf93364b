import { describe, expect, it } from 'vitest';
import type { MapSystem, NodeBox } from '../../../src/game/layout.ts';
import { kindLine, layoutMap, NODE } from '../../../src/game/layout.ts';

const KINDS = ['web', 'service', 'database', 'cache', 'queue'];

/**
 * A system of `n` services shaped like the scenarios': a gateway fanning out to tiers of services, each
 * tier calling the next and some calling a shared datastore, with names as long as real ones get.
 */
function system(n: number): MapSystem {
  const services = Array.from({ length: n }, (_, i) => ({
    id: i === 0 ? 'edge-gateway' : `${['checkout', 'inventory', 'payments', 'recommendations'][i % 4]}-${i}`,
    kind: KINDS[i % KINDS.length]!,
  }));
  const edges: { from: string; to: string }[] = [];
  for (let i = 1; i < n; i++) {
    const parent = i <= 3 ? 0 : Math.floor((i - 1) / 3);
    edges.push({ from: services[parent]!.id, to: services[i]!.id });
    if (i > 4 && i % 4 === 0) edges.push({ from: services[i - 2]!.id, to: services[i]!.id });
  }
  return { services, edges };
}

function overlaps(a: NodeBox, b: NodeBox): boolean {
  return (
    a.left < b.left + b.width &&
    b.left < a.left + a.width &&
    a.top < b.top + b.height &&
    b.top < a.top + a.height
  );
}

describe('layoutMap', () => {
  const cases = [3, 7, 20].flatMap((n) =>
    [
      [1280, 720],
      [1920, 1080],
    ].map(([w, h]) => ({ n, w: w!, h: h! })),
  );

  it.each(cases)('$n services on $w×$h: no two boxes overlap and every box is inside', ({ n, w, h }) => {
    const { nodes, edges, scale } = layoutMap(system(n), w, h);
    expect(nodes.map((b) => b.id)).toEqual(system(n).services.map((s) => s.id));
    for (const [i, a] of nodes.entries()) {
      expect(a.left).toBeGreaterThanOrEqual(0);
      expect(a.top).toBeGreaterThanOrEqual(0);
      expect(a.left + a.width).toBeLessThanOrEqual(w);
      expect(a.top + a.height).toBeLessThanOrEqual(h);
      // The circle's centre is inside its own box, with the labels' room around it.
      expect(a.x).toBeGreaterThan(a.left);
      expect(a.x - a.left).toBeGreaterThanOrEqual(Math.floor(NODE.radius * scale) - 1);
      expect(a.y - a.top).toBeGreaterThanOrEqual(Math.floor(NODE.radius * scale) - 1);
      for (const b of nodes.slice(i + 1)) expect(overlaps(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
    }
    expect(edges).toHaveLength(system(n).edges.length);
    for (const e of edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
    // Readable without zooming: small systems at full size, twenty services still legible.
    expect(NODE.label * scale).toBeGreaterThanOrEqual(n <= 7 ? 14 : 8);
  });

  it('keeps seven services legible in the map panel of a 1280×720 window', () => {
    const { nodes, scale } = layoutMap(system(7), 920, 170);
    expect(NODE.label * scale).toBeGreaterThanOrEqual(10);
    for (const b of nodes) expect(b.top + b.height).toBeLessThanOrEqual(170);
  });

  it('keeps room under a service of several instances to say it runs two builds', () => {
    const { nodes, scale } = layoutMap(
      {
        services: [
          { id: 'cart', kind: 'service' },
          { id: 'cart', kind: 'service', instances: 8 },
        ].map((s, i) => ({ ...s, id: `${s.id}-${i}` })),
        edges: [],
      },
      1280,
      720,
    );
    const needed = (kindLine('service', 2).length * NODE.kind) / NODE.label;
    expect(nodes[1]!.width).toBeGreaterThan(nodes[0]!.width);
    // At least 7 px a character of the kind line at scale 1, beside the circle.
    expect(nodes[1]!.width).toBeGreaterThan((NODE.radius * 2 + needed * 7) * scale);
  });

  it('gives every name its room: a long name widens its box', () => {
    const { nodes } = layoutMap(
      {
        services: [
          { id: 'a', kind: 'web' },
          { id: 'a-very-long-service-name-indeed', kind: 'web' },
        ],
        edges: [],
      },
      1280,
      720,
    );
    expect(nodes[1]!.width).toBeGreaterThan(nodes[0]!.width);
    expect(nodes[1]!.width).toBeGreaterThanOrEqual('a-very-long-service-name-indeed'.length * 8);
  });

  it('puts callers left of the services they call', () => {
    const { nodes } = layoutMap(system(7), 1280, 720);
    const at = new Map(nodes.map((b) => [b.id, b]));
    for (const e of system(7).edges) expect(at.get(e.from)!.x).toBeLessThan(at.get(e.to)!.x);
    const wide = layoutMap(system(20), 1280, 720);
    const placed = new Map(wide.nodes.map((b) => [b.id, b]));
    const before = (e: { from: string; to: string }) =>
      placed.get(e.from)!.x < placed.get(e.to)!.x || placed.get(e.from)!.y < placed.get(e.to)!.y;
    expect(system(20).edges.every(before)).toBe(true);
  });

  it('is a pure function of the system and the canvas', () => {
    expect(layoutMap(system(20), 1920, 1080)).toEqual(layoutMap(system(20), 1920, 1080));
  });

  it('ignores calls to services it does not know instead of inventing them', () => {
    const { nodes, edges } = layoutMap(
      { services: [{ id: 'a', kind: 'web' }], edges: [{ from: 'a', to: 'ghost' }] },
      1280,
      720,
    );
    expect(nodes.map((b) => b.id)).toEqual(['a']);
    expect(edges).toEqual([]);
  });
});
