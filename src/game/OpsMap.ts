import * as Phaser from 'phaser';
import type { Session } from '../state/session.ts';
import { scopeLogsTo } from '../ui/logs/runLogs.ts';
import type { NodePosition } from './layout.ts';
import { layoutServices } from './layout.ts';

const COLORS = {
  node: 0x1f2a3d,
  ring: 0x4c6fff,
  selected: 0xffc857,
  edge: 0x3a4660,
  pulse: 0x8aa2ff,
  text: '#d8deea',
  muted: '#8b95ab',
};

/** The ops map: the system's services and calls; a click scopes the tools to a service. */
export class OpsMap extends Phaser.Scene {
  private rings = new Map<string, Phaser.GameObjects.Arc>();

  constructor(
    private readonly session: Session,
    private readonly onLayout: (nodes: NodePosition[]) => void,
  ) {
    super('OpsMap');
  }

  create(): void {
    const { store } = this.session;
    const scenario = store.getState().scenario!;
    const nodes = layoutServices(scenario, this.scale.width, this.scale.height);
    const at = new Map(nodes.map((n) => [n.id, n]));

    const lines = this.add.graphics().lineStyle(2, COLORS.edge, 1);
    for (const e of scenario.system.edges) {
      const a = at.get(e.from)!;
      const b = at.get(e.to)!;
      lines.lineBetween(a.x, a.y, b.x, b.y);
      this.animateTraffic(a, b);
    }
    for (const n of nodes) this.drawNode(n, scenario.system.services.find((s) => s.id === n.id)!.kind);

    this.highlight(store.getState().logView.service);
    const unsubscribe = store.subscribe(
      (s) => s.logView.service,
      (service) => this.highlight(service),
    );
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, unsubscribe);
    this.onLayout(nodes);
  }

  private drawNode(n: NodePosition, kind: string): void {
    const ring = this.add.circle(n.x, n.y, 24, COLORS.node).setStrokeStyle(3, COLORS.ring);
    ring.setInteractive({ useHandCursor: true }).on('pointerdown', () => {
      void scopeLogsTo(this.session, n.id);
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
  private animateTraffic(a: NodePosition, b: NodePosition): void {
    for (let i = 0; i < 3; i++) {
      const dot = this.add.circle(a.x, a.y, 3, COLORS.pulse);
      this.tweens.add({ targets: dot, x: b.x, y: b.y, duration: 1800, delay: i * 600, repeat: -1 });
    }
  }

  private highlight(service: string | undefined): void {
    for (const [id, ring] of this.rings)
      ring.setStrokeStyle(3, id === service ? COLORS.selected : COLORS.ring);
  }
}
