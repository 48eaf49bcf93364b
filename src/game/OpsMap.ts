import * as Phaser from 'phaser';
import type { Session } from '../state/session.ts';
import type { MapTelemetry } from '../worker/mapTelemetry.ts';
import type { NodePosition } from './layout.ts';
import { layoutServices } from './layout.ts';

const COLORS = {
  node: 0x1f2a3d,
  ring: 0x4c6fff,
  selected: 0xffc857,
  edge: 0x3a4660,
  pulse: 0x8aa2ff,
  warn: 0xffc857,
  error: 0xff6b6b,
  text: '#d8deea',
  muted: '#8b95ab',
};

/**
 * The ops map: the system's services and calls, animated from the telemetry at the timeline's moment (call
 * rates and failures, firing alerts); a click scopes the tools to a service.
 */
export class OpsMap extends Phaser.Scene {
  private rings = new Map<string, Phaser.GameObjects.Arc>();
  private edges: { from: NodePosition; to: NodePosition; dots: Phaser.Tweens.Tween[] }[] = [];
  private lines: Phaser.GameObjects.Graphics | undefined;
  private alertLabels = new Map<string, Phaser.GameObjects.Text>();
  private selected: string | undefined;
  private alerting = new Set<string>();
  /** False once the scene shuts down: the store may still answer while the game is being destroyed. */
  private alive = false;

  constructor(
    private readonly session: Session,
    private readonly onLayout: (nodes: NodePosition[]) => void,
    /** What a click on a service does (the page scopes the tools to it). */
    private readonly onSelect: (service: string) => void,
  ) {
    super('OpsMap');
  }

  create(): void {
    const { store } = this.session;
    const scenario = store.getState().scenario!;
    const nodes = layoutServices(scenario, this.scale.width, this.scale.height);
    const at = new Map(nodes.map((n) => [n.id, n]));

    this.alive = true;
    this.lines = this.add.graphics();
    for (const e of scenario.system.edges) {
      const a = at.get(e.from)!;
      const b = at.get(e.to)!;
      this.edges.push({ from: a, to: b, dots: this.animateTraffic(a, b) });
    }
    for (const n of nodes) this.drawNode(n, scenario.system.services.find((s) => s.id === n.id)!.kind);

    this.selected = store.getState().logView.service;
    this.showTelemetry(store.getState().mapView.telemetry);
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
        (t) => this.showTelemetry(t),
      ),
    ];
    const release = () => {
      this.alive = false;
      for (const stop of unsubscribe) stop();
    };
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, release);
    this.events.once(Phaser.Scenes.Events.DESTROY, release);
    this.onLayout(nodes);
  }

  private drawNode(n: NodePosition, kind: string): void {
    const ring = this.add.circle(n.x, n.y, 24, COLORS.node).setStrokeStyle(3, COLORS.ring);
    ring.setInteractive({ useHandCursor: true }).on('pointerdown', () => {
      this.onSelect(n.id);
    });
    this.rings.set(n.id, ring);
    this.add
      .text(n.x, n.y + 34, n.id, {
        fontFamily: 'system-ui, sans-serif',
        fontSize: '14px',
        color: COLORS.text,
      })
      .setOrigin(0.5, 0);
    this.add
      .text(n.x, n.y + 52, kind, {
        fontFamily: 'system-ui, sans-serif',
        fontSize: '11px',
        color: COLORS.muted,
      })
      .setOrigin(0.5, 0);
  }

  /** Dots travelling along an edge: the calls flowing between two services. */
  private animateTraffic(a: NodePosition, b: NodePosition): Phaser.Tweens.Tween[] {
    const tweens: Phaser.Tweens.Tween[] = [];
    for (let i = 0; i < 3; i++) {
      const dot = this.add.circle(a.x, a.y, 3, COLORS.pulse);
      tweens.push(
        this.tweens.add({ targets: dot, x: b.x, y: b.y, duration: 1800, delay: i * 600, repeat: -1 }),
      );
    }
    return tweens;
  }

  /** Edges coloured by their calls' failures and dots paced by their rate; firing alerts on their services. */
  private showTelemetry(t: MapTelemetry | undefined): void {
    // The store can answer between the game's destroy and the scene's shutdown (leaving to the menu).
    if (!this.alive || !this.lines) return;
    const lines = this.lines.clear();
    this.edges.forEach((edge, i) => {
      const traffic = t?.edges[i];
      const color = !traffic
        ? COLORS.edge
        : traffic.errorRatio >= 0.05
          ? COLORS.error
          : traffic.errorRatio >= 0.01
            ? COLORS.warn
            : COLORS.edge;
      lines.lineStyle(
        traffic && traffic.rate > 0 ? 2 + Math.min(4, Math.log10(1 + traffic.rate) * 2) : 2,
        color,
        1,
      );
      lines.lineBetween(edge.from.x, edge.from.y, edge.to.x, edge.to.y);
      for (const tween of edge.dots) {
        const dot = tween.targets?.[0] as Phaser.GameObjects.Arc | undefined;
        if (!dot) continue;
        const idle = traffic !== undefined && traffic.rate === 0;
        dot.setVisible(!idle).setFillStyle(color === COLORS.edge ? COLORS.pulse : color);
        // Busier edges move faster: one request per second is the base pace.
        tween.timeScale = traffic ? Math.max(0.25, Math.min(4, Math.sqrt(traffic.rate))) : 1;
      }
    });
    this.alerting = new Set(Object.keys(t?.alerts ?? {}));
    for (const [id, ring] of this.rings) {
      const names = t?.alerts[id] ?? [];
      let label = this.alertLabels.get(id);
      if (!label) {
        label = this.add
          .text(ring.x, ring.y - 44, '', {
            fontFamily: 'system-ui, sans-serif',
            fontSize: '12px',
            color: '#ff9b9b',
          })
          .setOrigin(0.5, 0);
        this.alertLabels.set(id, label);
      }
      label.setText(names.length ? `firing: ${names.join(', ')}` : '');
    }
    this.paintRings();
  }

  private paintRings(): void {
    if (!this.alive) return;
    for (const [id, ring] of this.rings) {
      const color =
        id === this.selected ? COLORS.selected : this.alerting.has(id) ? COLORS.error : COLORS.ring;
      ring.setStrokeStyle(3, color);
    }
  }
}
