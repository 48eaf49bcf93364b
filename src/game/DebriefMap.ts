import * as Phaser from 'phaser';
import { chainServices } from '../engine/investigation/clues.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { NodePosition } from './layout.ts';
import { layoutServices } from './layout.ts';

const COLORS = {
  node: 0x1f2a3d,
  ring: 0x3a4660,
  lit: 0xff6b6b,
  blamed: 0xffc857,
  edge: 0x263049,
  text: '#d8deea',
  muted: '#8b95ab',
};

/** Milliseconds between two services of the chain lighting up. */
const STEP_MS = 700;

/**
 * The debrief's reveal: the service map with the reference chain's services lit one after another, root
 * cause first, and the service the trainee blamed ringed in amber.
 */
export class DebriefMap extends Phaser.Scene {
  constructor(
    private readonly scenario: Scenario,
    private readonly blamed: string | undefined,
    private readonly onLayout: (nodes: NodePosition[], chain: string[]) => void,
  ) {
    super('DebriefMap');
  }

  create(): void {
    const nodes = layoutServices(this.scenario.system, this.scale.width, this.scale.height);
    const at = new Map(nodes.map((n) => [n.id, n]));
    const lines = this.add.graphics().lineStyle(2, COLORS.edge, 1);
    for (const e of this.scenario.system.edges)
      lines.lineBetween(at.get(e.from)!.x, at.get(e.from)!.y, at.get(e.to)!.x, at.get(e.to)!.y);

    const rings = new Map<string, Phaser.GameObjects.Arc>();
    for (const n of nodes) {
      rings.set(n.id, this.add.circle(n.x, n.y, 22, COLORS.node).setStrokeStyle(3, COLORS.ring));
      this.label(n.x, n.y + 32, n.id, '14px', COLORS.text);
    }
    if (this.blamed && at.has(this.blamed)) {
      const b = at.get(this.blamed)!;
      this.add.circle(b.x, b.y, 30).setStrokeStyle(2, COLORS.blamed);
      this.label(b.x, b.y - 50, 'you blamed', '11px', '#ffc857');
    }

    const chain = chainServices(this.scenario);
    chain.forEach((id, i) => {
      this.time.delayedCall(STEP_MS * (i + 1), () => {
        const ring = rings.get(id)!;
        ring.setStrokeStyle(4, COLORS.lit);
        this.tweens.add({ targets: ring, scale: 1.25, duration: 220, yoyo: true });
        this.label(ring.x, ring.y - 8, String(i + 1), '13px', '#ff6b6b');
      });
    });
    this.onLayout(nodes, chain);
  }

  private label(x: number, y: number, text: string, size: string, color: string): void {
    this.add
      .text(x, y, text, { fontFamily: 'system-ui, sans-serif', fontSize: size, color })
      .setOrigin(0.5, 0);
  }
}

/**
 * Starts the debrief map in `parent` and returns a function that destroys it. The layout and the chain's
 * order are written to `data-nodes` and `data-chain` so assistive tools and tests can read them.
 */
export function startDebriefMap(
  parent: HTMLElement,
  scenario: Scenario,
  blamed: string | undefined,
): () => void {
  const scene = new DebriefMap(scenario, blamed, (nodes, chain) => {
    parent.dataset.nodes = JSON.stringify(nodes);
    parent.dataset.chain = JSON.stringify(chain);
  });
  const game = new Phaser.Game({
    type: Phaser.WEBGL,
    parent,
    width: Math.max(320, parent.clientWidth),
    height: Math.max(180, parent.clientHeight),
    backgroundColor: '#0f1420',
    banner: false,
    scene,
  });
  return () => game.destroy(true);
}
