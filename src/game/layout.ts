import { Graph, layout } from '@dagrejs/dagre';

/** The parts of a system the map lays out: its services and the calls between them. */
export interface MapSystem {
  readonly services: readonly {
    readonly id: string;
    readonly kind: string;
    readonly instances?: number;
    readonly observed?: boolean;
  }[];
  readonly edges: readonly { readonly from: string; readonly to: string }[];
}

/**
 * Where a service sits on the map, in canvas pixels: `x` and `y` are the centre of its circle (where a
 * click lands), and `left`, `top`, `width` and `height` the box its circle and labels take.
 */
export interface NodeBox {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** A call drawn on the map: the polyline from the caller's circle to the callee's, in canvas pixels. */
export interface EdgePath {
  readonly from: string;
  readonly to: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** The whole map fitted to a canvas; `scale` is what the drawing multiplies its sizes by. */
export interface MapLayout {
  readonly nodes: NodeBox[];
  readonly edges: EdgePath[];
  readonly scale: number;
}

/** Sizes at scale 1, in pixels: the circle, the gap to its labels (on its right) and the label fonts. */
export const NODE = { radius: 16, gap: 6, label: 14, kind: 11 } as const;

/** Wider than system-ui's average glyph at 14px, so an estimated label is never cut. */
const CHAR_WIDTH = 8.4;
const MARGIN = 12;
/** Never drawn larger than this: three services should not fill the screen with giant circles. */
const MAX_SCALE = 1.2;

/** The line under a service's name: its kind, and how many builds it runs when more than one. */
export function kindLine(kind: string, builds: number): string {
  return builds > 1 ? `${kind} · ${builds} builds` : kind;
}

/** The line under a component nobody can see into: what it is, and that it reports nothing. */
export function managedLine(kind: string): string {
  return `${kind} · managed, no telemetry`;
}

/**
 * The box a service needs at scale 1: its circle, and on its right its name over its kind. Labels beside
 * the circle keep the map low, as the panel is wide and short.
 */
function boxSize(id: string, kind: string): { width: number; height: number } {
  const chars = Math.max(id.length, (kind.length * NODE.kind) / NODE.label);
  return {
    width: NODE.radius * 2 + NODE.gap + Math.ceil(chars * CHAR_WIDTH) + 4,
    height: Math.max(NODE.radius * 2, NODE.label + NODE.kind + 6) + 4,
  };
}

/**
 * Lays a system out with dagre, callers before the services they call (left to right, as architecture
 * diagrams read, or top to bottom when that fits a wide system better), then fits it into a `width` × `height` canvas, centred. Boxes never
 * overlap and stay inside the canvas; past what the canvas holds the map is drawn smaller, and the
 * trainee zooms in.
 */
export function layoutMap(system: MapSystem, width: number, height: number): MapLayout {
  // Left to right reads best; a system with many services side by side fits better top to bottom.
  const across = fitRanked(system, 'LR', width, height);
  const down = fitRanked(system, 'TB', width, height);
  return down.scale > across.scale * 1.15 ? down : across;
}

function fitRanked(system: MapSystem, rankdir: 'LR' | 'TB', width: number, height: number): MapLayout {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir, nodesep: 14, ranksep: 40, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  // A service of several instances may come to run two builds: room is kept for the words that say so.
  for (const s of system.services)
    g.setNode(
      s.id,
      boxSize(
        s.id,
        s.observed === false ? managedLine(s.kind) : (s.instances ?? 1) > 1 ? kindLine(s.kind, 9) : s.kind,
      ),
    );
  const known = new Set(system.services.map((s) => s.id));
  system.edges.forEach((e, i) => {
    if (known.has(e.from) && known.has(e.to) && e.from !== e.to) g.setEdge(e.from, e.to, {}, String(i));
  });
  layout(g);
  const graph = g.graph();
  const gw = Math.max(1, graph.width ?? 1);
  const gh = Math.max(1, graph.height ?? 1);
  const scale = Math.min(MAX_SCALE, (width - 2 * MARGIN) / gw, (height - 2 * MARGIN) / gh);
  const dx = (width - gw * scale) / 2;
  const dy = (height - gh * scale) / 2;
  const place = (p: { x: number; y: number }) => ({ x: dx + p.x * scale, y: dy + p.y * scale });

  const nodes = system.services.map((s): NodeBox => {
    const n = g.node(s.id);
    const c = place(n);
    const left = c.x - (n.width * scale) / 2;
    return {
      id: s.id,
      x: Math.round(left + NODE.radius * scale),
      y: Math.round(c.y),
      left: Math.round(left),
      top: Math.round(c.y - (n.height * scale) / 2),
      width: Math.round(n.width * scale),
      height: Math.round(n.height * scale),
    };
  });
  const at = new Map(nodes.map((n) => [n.id, n]));
  const edges = system.edges.flatMap((e, i): EdgePath[] => {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b || a === b) return [];
    // From the caller's box (past its labels) to the callee's box, as dagre routed it around the others.
    const points = (g.edge({ v: e.from, w: e.to, name: String(i) })?.points ?? []).map(place);
    return [{ from: e.from, to: e.to, points }];
  });
  return { nodes, edges, scale };
}

/** Where each service sits on a `width` × `height` canvas (see {@link layoutMap}). */
export function layoutServices(system: MapSystem, width: number, height: number): NodeBox[] {
  return layoutMap(system, width, height).nodes;
}

/** The name the maps used before boxes: a service's place on the canvas. */
export type NodePosition = NodeBox;
