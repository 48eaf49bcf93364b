import * as Phaser from 'phaser';
import type { MapTelemetry } from '../engine/views/mapTelemetry.ts';
import { crossRegionLabel } from '../engine/views/mapTelemetry.ts';
import type { Session } from '../state/session.ts';
import { withDiscovered } from '../state/slices/toolViews.ts';
import { edgeLabelRect } from './edgeLabel.ts';
import type { EdgePath, MapLayout, NodeBox } from './layout.ts';
import { kindLine, layoutMap, managedLine, NODE } from './layout.ts';
import { MapControls } from './mapControls.ts';

const COLORS = {
  node: 0x1f2a3d,
  ring: 0x4c6fff,
  selected: 0xffc857,
  edge: 0x3a4660,
  /** A component nobody can see into, and the calls out of it: drawn, never coloured by telemetry. */
  unseen: 0x5a6478,
  discovered: 0x9aa6c0,
  pulse: 0x8aa2ff,
  warn: 0xffc857,
  error: 0xff6b6b,
  text: '#d8deea',
  muted: '#8b95ab',
};

/** A dot and the tween that moves it along its call. */
interface Traffic {
  readonly dot: Phaser.GameObjects.Arc;
  readonly tween: Phaser.Tweens.Tween;
}

interface DrawnEdge {
  /** The call, `from>to`, as the telemetry is keyed. */
  readonly key: string;
  readonly path: EdgePath;
  readonly curve: Phaser.Curves.Path;
  readonly dots: Traffic[];
  /** A call missing from the architecture diagram that the trainee discovered: drawn dashed. */
  readonly undocumented: boolean;
  /** Where the call's regions cross (a failover re-pointed them), written by its middle, clear of services. */
  readonly regions: Phaser.GameObjects.Text;
}

/**
 * The ops map: the system's services and calls as the team's diagram draws them, animated from the
 * telemetry at the timeline's moment (call rates and failures, firing alerts). A click on a service scopes
 * the tools to it, a second click or Escape clears the scope; drag pans, the wheel zooms.
 */
export class OpsMap extends Phaser.Scene {
  private rings = new Map<string, Phaser.GameObjects.Arc>();
  /** The kind line under each service's name, which says so when it runs more than one build. */
  private kindTexts = new Map<string, { text: Phaser.GameObjects.Text; kind: string }>();
  private edges: DrawnEdge[] = [];
  /** The services' boxes, which the words beside a call keep clear of. */
  private nodes: readonly NodeBox[] = [];
  private lines: Phaser.GameObjects.Graphics | undefined;
  private selected: string | undefined;
  private alerting = new Set<string>();
  /** Components nobody can see into (managed by someone else): no telemetry colours them. */
  private unseen = new Set<string>();
  private discovered = new Set<string>();
  private telemetry: MapTelemetry | undefined;
  private scale1 = 1;
  /** False once the scene shuts down: the store may still answer while the game is being destroyed. */
  private alive = false;

  constructor(
    private readonly session: Session,
    private readonly onLayout: (layout: MapLayout) => void,
    /** What a click on a service does (the page scopes the tools to it, or to all when undefined). */
    private readonly onSelect: (service: string | undefined) => void,
  ) {
    super('OpsMap');
  }

  create(): void {
    const { store } = this.session;
    // The calls the world host reported discovered join the diagram's; the map is laid out again when
    // one more is found (the scene restarts), so it has its place like any other call.
    this.discovered = new Set(store.getState().mapView.discovered);
    const scenario = withDiscovered(store.getState().scenario!, [...this.discovered]);
    const map = layoutMap(scenario.system, this.scale.width, this.scale.height);
    this.scale1 = map.scale;
    this.nodes = map.nodes;
    this.rings = new Map();
    this.kindTexts = new Map();
    this.edges = [];
    this.unseen = new Set(scenario.system.services.filter((s) => s.observed === false).map((s) => s.id));

    this.alive = true;
    this.lines = this.add.graphics();
    for (const path of map.edges) {
      const key = `${path.from}>${path.to}`;
      const curve = new Phaser.Curves.Path(path.points[0]!.x, path.points[0]!.y);
      for (const p of path.points.slice(1)) curve.lineTo(p.x, p.y);
      const undocumented = this.discovered.has(key);
      const regions = this.regionsText();
      this.edges.push({ key, path, curve, dots: this.animateTraffic(curve), undocumented, regions });
      if (undocumented) this.labelDiscovered(curve);
    }
    const kinds = new Map(scenario.system.services.map((s) => [s.id, s.kind]));
    for (const n of map.nodes) this.drawNode(n, kinds.get(n.id) ?? '');

    const controls = new MapControls(this, { onEscape: () => this.clearSelection() });
    this.selected = store.getState().logView.service;
    this.telemetry = store.getState().mapView.telemetry;
    this.redraw();
    const unsubscribe = [
      store.subscribe(
        (s) => s.logView.service,
        (service) => {
          this.selected = service;
          this.paintRings();
        },
      ),
      store.subscribe(
        (s) => s.mapView.telemetry,
        (t) => {
          this.telemetry = t;
          this.redraw();
        },
      ),
      store.subscribe(
        (s) => s.mapView.discovered,
        (found) => {
          if (found.some((key) => !this.discovered.has(key))) this.scene.restart();
        },
      ),
    ];
    const release = () => {
      this.alive = false;
      controls.release();
      for (const stop of unsubscribe) stop();
    };
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, release);
    this.events.once(Phaser.Scenes.Events.DESTROY, release);
    this.onLayout(map);
  }

  private clearSelection(): void {
    if (this.selected !== undefined) this.onSelect(undefined);
  }

  private drawNode(n: NodeBox, kind: string): void {
    const k = this.scale1;
    const ring = this.add.circle(n.x, n.y, NODE.radius * k, COLORS.node).setStrokeStyle(3, COLORS.ring);
    ring.setInteractive({ useHandCursor: true }).on('pointerup', (pointer: Phaser.Input.Pointer) => {
      // The end of a drag is not a click.
      if (pointer.getDistance() > 6) return;
      this.onSelect(this.selected === n.id ? undefined : n.id);
    });
    this.rings.set(n.id, ring);
    const font = (px: number, color: string) => ({
      fontFamily: 'system-ui, sans-serif',
      fontSize: `${Math.max(1, Math.round(px * k))}px`,
      color,
    });
    const x = n.x + (NODE.radius + NODE.gap) * k;
    this.add.text(x, n.y + 1 * k, n.id, font(NODE.label, COLORS.text)).setOrigin(0, 1);
    const text = this.add.text(x, n.y + 3 * k, kind, font(NODE.kind, COLORS.muted)).setOrigin(0, 0);
    this.kindTexts.set(n.id, { text, kind });
  }

  /** The word beside a call the trainee found that the team's diagram lacked. */
  private labelDiscovered(curve: Phaser.Curves.Path): void {
    const mid = curve.getPoint(0.5);
    if (!mid) return;
    const size = Math.max(1, Math.round(NODE.kind * this.scale1));
    this.add
      .text(mid.x, mid.y - 4 * this.scale1, 'discovered', {
        fontFamily: 'system-ui, sans-serif',
        fontSize: `${size}px`,
        color: COLORS.muted,
      })
      .setOrigin(0.5, 1);
  }

  /** The words that say which regions a call's calls cross, empty until they do (placed by {@link placeRegions}). */
  private regionsText(): Phaser.GameObjects.Text {
    const size = Math.max(1, Math.round(NODE.kind * this.scale1));
    return this.add
      .text(0, 0, '', {
        fontFamily: 'system-ui, sans-serif',
        fontSize: `${size}px`,
        color: COLORS.muted,
      })
      .setOrigin(0, 0);
  }

  /**
   * Writes which regions a call crosses by its middle, where the words cover no service: a short call
   * between two wide boxes has no room beside it, and the words would run into the callee's circle.
   */
  private placeRegions(edge: DrawnEdge, label: string): void {
    if (edge.regions.text === label) return;
    edge.regions.setText(label);
    if (label === '') return;
    const { width, height } = edge.regions;
    const canvas = { width: this.scale.width, height: this.scale.height };
    const at = edgeLabelRect(edge.path.points, this.nodes, { width, height }, canvas, 4 * this.scale1);
    edge.regions.setPosition(at.left, at.top);
  }

  /** Dots travelling along a call's path: the calls flowing between two services. */
  private animateTraffic(curve: Phaser.Curves.Path): Traffic[] {
    const start = curve.getStartPoint();
    return [0, 1, 2].map((i) => {
      const dot = this.add.circle(start.x, start.y, 3, COLORS.pulse);
      const along = { t: 0 };
      const tween = this.tweens.add({
        targets: along,
        t: 1,
        duration: 1800,
        delay: i * 600,
        repeat: -1,
        onUpdate: () => {
          const p = curve.getPoint(along.t);
          if (p) dot.setPosition(p.x, p.y);
        },
      });
      return { dot, tween };
    });
  }

  /**
   * Calls coloured by their failures and dots paced by their rate, from the telemetry only; firing alerts
   * as red rings on their services. Discovered calls are dashed.
   */
  private redraw(): void {
    // The store can answer between the game's destroy and the scene's shutdown (leaving to the menu).
    if (!this.alive || !this.lines) return;
    const t = this.telemetry;
    const lines = this.lines.clear();
    for (const edge of this.edges) {
      const traffic = t?.edges[edge.key];
      const unseen = this.unseen.has(edge.path.from);
      const color = unseen
        ? COLORS.unseen
        : !traffic
          ? edge.undocumented
            ? COLORS.discovered
            : COLORS.edge
          : traffic.errorRatio >= 0.05
            ? COLORS.error
            : traffic.errorRatio >= 0.01
              ? COLORS.warn
              : edge.undocumented
                ? COLORS.discovered
                : COLORS.edge;
      this.placeRegions(edge, crossRegionLabel(traffic));
      const width = traffic && traffic.rate > 0 ? 2 + Math.min(4, Math.log10(1 + traffic.rate) * 2) : 2;
      lines.lineStyle(width, color, 1);
      if (edge.undocumented) dashed(lines, edge.path.points);
      else lines.strokePoints(edge.path.points.map((p) => new Phaser.Math.Vector2(p.x, p.y)));
      for (const { dot, tween } of edge.dots) {
        // Nothing counts the calls out of a component nobody can see into: no dots pretend to.
        const idle = unseen || (traffic !== undefined && traffic.rate === 0);
        dot.setVisible(!idle).setFillStyle(color === COLORS.edge ? COLORS.pulse : color);
        // Busier edges move faster: one request per second is the base pace.
        tween.timeScale = traffic ? Math.max(0.25, Math.min(4, Math.sqrt(traffic.rate))) : 1;
      }
    }
    for (const [id, { text, kind }] of this.kindTexts)
      text.setText(this.unseen.has(id) ? managedLine(kind) : kindLine(kind, t?.builds[id]?.length ?? 1));
    // The alerts' names are listed under the map; here a firing alert rings its service in red.
    this.alerting = new Set(Object.keys(t?.alerts ?? {}).filter((id) => t?.alerts[id]?.length));
    this.paintRings();
  }

  private paintRings(): void {
    if (!this.alive) return;
    for (const [id, ring] of this.rings) {
      const color =
        id === this.selected
          ? COLORS.selected
          : this.unseen.has(id)
            ? COLORS.unseen
            : this.alerting.has(id)
              ? COLORS.error
              : COLORS.ring;
      ring.setStrokeStyle(3, color);
    }
  }
}

/** Strokes a polyline in dashes: a call the diagram did not show, found by the trainee. */
function dashed(g: Phaser.GameObjects.Graphics, points: readonly { x: number; y: number }[]): void {
  const DASH = 7;
  const GAP = 5;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    for (let d = 0; d < length; d += DASH + GAP) {
      const e = Math.min(length, d + DASH);
      g.lineBetween(
        a.x + ((b.x - a.x) * d) / length,
        a.y + ((b.y - a.y) * d) / length,
        a.x + ((b.x - a.x) * e) / length,
        a.y + ((b.y - a.y) * e) / length,
      );
    }
  }
}
