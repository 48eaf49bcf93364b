import * as Phaser from 'phaser';
import { chainServices } from '../engine/investigation/clues.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { ReplayFrame, ServiceHealth } from '../engine/views/replay.ts';
import { faultStartMs } from '../engine/views/replayMoments.ts';
import type { Session } from '../state/session.ts';
import type { MapLayout, NodeBox } from './layout.ts';
import { layoutMap, NODE } from './layout.ts';
import { MapControls } from './mapControls.ts';

const COLORS = {
  node: 0x1f2a3d,
  edge: 0x3a4660,
  warn: 0xffc857,
  error: 0xff6b6b,
  culprit: 0xff6b6b,
  blamed: 0xffc857,
  text: '#d8deea',
  muted: '#8b95ab',
};

/** A service's ring by its health at the replay's moment: the ops map's colours, never the truth's. */
const HEALTH_RING: Record<ServiceHealth, number> = {
  idle: 0x3a4660,
  ok: 0x4c6fff,
  erroring: 0xffc857,
  slow: 0xff9f43,
  failing: 0xff6b6b,
};

/**
 * The debrief's reveal: the whole system (undocumented calls too, the answer being out), replayed frame by
 * frame from the telemetry the store holds: calls and services coloured as the ops map would have shown
 * them then. From the fault's start the root cause is outlined; the service the trainee blamed is ringed
 * in amber, and the reference chain's services are numbered, root cause first.
 */
export class DebriefMap extends Phaser.Scene {
  private rings = new Map<string, Phaser.GameObjects.Arc>();
  private lines: Phaser.GameObjects.Graphics | undefined;
  private culprit: Phaser.GameObjects.Arc | undefined;
  private culpritNote: Phaser.GameObjects.Text | undefined;
  private map: MapLayout | undefined;
  private alive = false;

  constructor(
    private readonly session: Session,
    private readonly scenario: Scenario,
    /** Tells the page what the map shows: its layout once, then each frame's moment and health. */
    private readonly report: {
      layout(map: MapLayout, chain: string[]): void;
      frame(index: number, frame: ReplayFrame | undefined): void;
    },
  ) {
    super('DebriefMap');
  }

  create(): void {
    const { store } = this.session;
    const map = layoutMap(this.scenario.system, this.scale.width, this.scale.height);
    this.map = map;
    this.rings = new Map();
    this.alive = true;
    this.lines = this.add.graphics();
    const k = map.scale;
    const root = this.scenario.solution.rootCause.component;
    const blamed = store.getState().report?.diagnosis?.component;
    for (const n of map.nodes) {
      this.rings.set(
        n.id,
        this.add.circle(n.x, n.y, NODE.radius * k, COLORS.node).setStrokeStyle(3, HEALTH_RING.ok),
      );
      this.text(n.x + (NODE.radius + NODE.gap) * k, n.y, n.id, NODE.label, COLORS.text).setOrigin(0, 0.5);
      if (n.id === root) {
        this.culprit = this.add.circle(n.x, n.y, (NODE.radius + 7) * k).setStrokeStyle(3, COLORS.culprit);
        this.culprit.setVisible(false);
      }
      if (n.id === blamed) this.add.circle(n.x, n.y, (NODE.radius + 12) * k).setStrokeStyle(2, COLORS.blamed);
    }
    const chain = chainServices(this.scenario);
    chain.forEach((id, i) => {
      const n = map.nodes.find((b) => b.id === id);
      if (n) this.text(n.x, n.y, String(i + 1), NODE.label, COLORS.text).setOrigin(0.5, 0.5);
    });
    if (blamed) this.note(blamed, 'you blamed', '#ffc857', -1);
    this.culpritNote = this.note(root, 'root cause', '#ff6b6b', 1)?.setVisible(false);

    const controls = new MapControls(this, { onEscape: () => this.cameras.main.setZoom(1).setScroll(0, 0) });
    this.game.canvas.setAttribute(
      'aria-label',
      'Replay of the incident on the service map (its moments are listed under it): drag to pan, wheel to zoom, Escape to reset',
    );
    const paint = () => {
      const s = store.getState();
      this.paint(s.replayFrame, s.replay?.frames[s.replayFrame]);
    };
    const unsubscribe = [
      store.subscribe((s) => s.replayFrame, paint),
      store.subscribe((s) => s.replay, paint),
      store.subscribe((s) => s.replayAsked, paint),
    ];
    const release = () => {
      this.alive = false;
      controls.release();
      for (const stop of unsubscribe) stop();
    };
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, release);
    this.events.once(Phaser.Scenes.Events.DESTROY, release);
    this.report.layout(map, chain);
    paint();
  }

  private text(x: number, y: number, text: string, px: number, color: string): Phaser.GameObjects.Text {
    const size = Math.max(1, Math.round(px * (this.map?.scale ?? 1)));
    return this.add.text(x, y, text, { fontFamily: 'system-ui, sans-serif', fontSize: `${size}px`, color });
  }

  /** A word above (side −1) or below (side 1) a service's circle. */
  private note(id: string, words: string, color: string, side: -1 | 1): Phaser.GameObjects.Text | undefined {
    const n: NodeBox | undefined = this.map?.nodes.find((b) => b.id === id);
    if (!n) return undefined;
    const k = this.map!.scale;
    return this.text(n.x, n.y + side * (NODE.radius + 14) * k, words, NODE.kind, color).setOrigin(
      0.5,
      side < 0 ? 1 : 0,
    );
  }

  /** Calls by their failures and rate, services by their health, at one frame; the culprit from its start. */
  private paint(index: number, frame: ReplayFrame | undefined): void {
    if (!this.alive || !this.lines || !this.map) return;
    const lines = this.lines.clear();
    for (const path of this.map.edges) {
      const traffic = frame?.edges[`${path.from}>${path.to}`];
      const color = !traffic
        ? COLORS.edge
        : traffic.errorRatio >= 0.05
          ? COLORS.error
          : traffic.errorRatio >= 0.01
            ? COLORS.warn
            : COLORS.edge;
      const width = traffic && traffic.rate > 0 ? 2 + Math.min(4, Math.log10(1 + traffic.rate) * 2) : 2;
      lines.lineStyle(width, color, 1);
      lines.strokePoints(path.points.map((p) => new Phaser.Math.Vector2(p.x, p.y)));
    }
    for (const [id, ring] of this.rings)
      ring.setStrokeStyle(3, HEALTH_RING[frame?.services[id]?.health ?? 'ok']);
    // Without a replay to play (a game day's world is the server's) the root cause is shown at once.
    const started = frame
      ? frame.atMs >= faultStartMs(this.scenario)
      : this.session.store.getState().replayAsked;
    this.culprit?.setVisible(started);
    this.culpritNote?.setVisible(started);
    this.report.frame(index, frame);
  }
}

/**
 * Starts the debrief map in `parent` for the session's revealed scenario and returns a function that
 * destroys it. The layout, the chain's order and the frame shown (its moment and each service's health)
 * are written to `data-nodes`, `data-chain`, `data-frame`, `data-at` and `data-health`, so tests and
 * assistive tools can read what the canvas draws.
 */
export function startDebriefMap(parent: HTMLElement, session: Session): () => void {
  const scenario = session.store.getState().revealed;
  if (!scenario) return () => undefined;
  const scene = new DebriefMap(session, scenario, {
    layout: (map, chain) => {
      parent.dataset.nodes = JSON.stringify(map.nodes);
      parent.dataset.chain = JSON.stringify(chain);
    },
    frame: (index, frame) => {
      parent.dataset.frame = String(index);
      parent.dataset.at = frame ? new Date(frame.atMs).toISOString() : '';
      parent.dataset.health = JSON.stringify(
        Object.fromEntries(Object.entries(frame?.services ?? {}).map(([id, s]) => [id, s.health])),
      );
    },
  });
  const phaser = new Phaser.Game({
    type: Phaser.WEBGL,
    parent,
    width: Math.max(320, parent.clientWidth),
    height: Math.max(180, parent.clientHeight),
    backgroundColor: '#0f1420',
    banner: false,
    scene,
  });
  return () => phaser.destroy(true);
}
