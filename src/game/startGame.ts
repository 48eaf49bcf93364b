import * as Phaser from 'phaser';
import type { Session } from '../state/session.ts';
import { OpsMap } from './OpsMap.ts';

/**
 * Starts the Phaser game in `parent` and returns a function that destroys it. The node layout (each
 * service's circle and the box its labels take, in canvas pixels) is written to the container's
 * `data-nodes` attribute so assistive tools and tests can find the nodes. `onSelect` is told of a click on
 * a service, or of the scope being cleared (undefined).
 */
export function startGame(
  parent: HTMLElement,
  session: Session,
  onSelect: (service: string | undefined) => void,
): () => void {
  const scene = new OpsMap(
    session,
    (layout) => {
      parent.dataset.nodes = JSON.stringify(layout.nodes);
      parent.dataset.scale = String(layout.scale);
    },
    onSelect,
  );
  const game = new Phaser.Game({
    type: Phaser.WEBGL,
    parent,
    // The game's pixels are the container's, so the layout's boxes are where the page shows them.
    width: Math.max(320, parent.clientWidth),
    height: Math.max(100, parent.clientHeight),
    backgroundColor: '#0f1420',
    banner: false,
    // The map keeps its layout and shrinks with the window (1920 → 1280) instead of overflowing it.
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_HORIZONTALLY },
    // Dots drifting along edges read as well at 30 frames a second, and leave the page half the drawing
    // work while a query's results are being laid out.
    fps: { limit: 30 },
    scene,
  });
  // While a query runs and its results are laid out the map holds still: the trainee is reading the
  // results, and drawing frames meanwhile would only delay them on a slow machine.
  let resume: ReturnType<typeof setTimeout> | undefined;
  const stopWatching = session.store.subscribe(
    (s) => s.logView.searching || s.metricsView.running || s.tracesView.running,
    (busy) => {
      clearTimeout(resume);
      if (busy) game.loop.sleep();
      else resume = setTimeout(() => game.loop.wake(), 1000);
    },
  );
  return () => {
    stopWatching();
    clearTimeout(resume);
    game.destroy(true);
  };
}
