import type * as Phaser from 'phaser';

/** How far the wheel may zoom the map out and in. */
const ZOOM = { min: 0.5, max: 3 } as const;

/**
 * Pan and zoom for a map scene: dragging moves the camera, the wheel zooms about the pointer, and Escape
 * (pressed on the map, or with nothing else focused) is passed on. The canvas takes focus when clicked,
 * so Escape reaches it and not a field the trainee left.
 */
export class MapControls {
  private readonly canvas: HTMLCanvasElement;
  private readonly onKey: (e: KeyboardEvent) => void;

  constructor(scene: Phaser.Scene, { onEscape }: { onEscape: () => void }) {
    const camera = scene.cameras.main;
    this.canvas = scene.game.canvas;
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute(
      'aria-label',
      'Service map: drag to pan, wheel to zoom, Escape clears the scope',
    );
    scene.input.on('pointerdown', () => this.canvas.focus({ preventScroll: true }));
    scene.input.on('pointermove', (p: Phaser.Input.Pointer) => {
      if (!p.isDown) return;
      camera.scrollX -= (p.x - p.prevPosition.x) / camera.zoom;
      camera.scrollY -= (p.y - p.prevPosition.y) / camera.zoom;
    });
    scene.input.on('wheel', (p: Phaser.Input.Pointer, _over: unknown, _dx: number, dy: number) => {
      const before = camera.getWorldPoint(p.x, p.y);
      camera.setZoom(Math.min(ZOOM.max, Math.max(ZOOM.min, camera.zoom * (dy > 0 ? 0.9 : 1.1))));
      // Keep the point under the pointer where it was, as maps do.
      const after = camera.getWorldPoint(p.x, p.y);
      camera.scrollX += before.x - after.x;
      camera.scrollY += before.y - after.y;
    });
    this.onKey = (e) => {
      if (e.key !== 'Escape') return;
      const focus = document.activeElement;
      if (focus === this.canvas || focus === document.body || focus === null) onEscape();
    };
    document.addEventListener('keydown', this.onKey);
  }

  /** Stops listening to the page's keys. */
  release(): void {
    document.removeEventListener('keydown', this.onKey);
  }
}
