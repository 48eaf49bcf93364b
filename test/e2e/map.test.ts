import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useServedGame, watchErrors } from './harness.ts';

/** A service's place on the map as the page exposes it: its circle's centre and the box of its labels. */
interface MapNode {
  id: string;
  x: number;
  y: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Opens "Not on the diagram", a seven-service system, at the window size given. */
async function openSevenServices(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Start Not on the diagram' }).click();
  await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Logs' }).waitFor();
}

async function mapNodes(page: Page): Promise<MapNode[]> {
  const map = page.locator('.ops-map .map-canvas');
  await expect.poll(() => map.getAttribute('data-nodes'), { timeout: 30_000 }).toBeTruthy();
  return JSON.parse((await map.getAttribute('data-nodes'))!) as MapNode[];
}

function scopedTo(page: Page, name: string): Promise<string | null> {
  return page
    .getByRole('group', { name: 'Service scope' })
    .getByRole('button', { name, exact: true })
    .getAttribute('aria-pressed');
}

describe('the ops map, in Chromium', () => {
  const game = useServedGame();

  it.each([
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ])(
    'lays seven services out without overlaps at $width×$height, and scopes the tools by click',
    async (size) => {
      const context = await game.browser.newContext({ viewport: size });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await openSevenServices(page, game.url);
      const nodes = await mapNodes(page);
      expect(nodes).toHaveLength(7);
      const canvas = (await page.locator('.ops-map canvas').boundingBox())!;
      for (const [i, a] of nodes.entries()) {
        expect(a.left).toBeGreaterThanOrEqual(0);
        expect(a.top).toBeGreaterThanOrEqual(0);
        expect(a.left + a.width).toBeLessThanOrEqual(Math.ceil(canvas.width));
        expect(a.top + a.height).toBeLessThanOrEqual(Math.ceil(canvas.height));
        for (const b of nodes.slice(i + 1)) {
          const apart =
            a.left + a.width <= b.left ||
            b.left + b.width <= a.left ||
            a.top + a.height <= b.top ||
            b.top + b.height <= a.top;
          expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
        }
      }
      await screenshot(page, `map-seven-${size.width}x${size.height}`);

      // A click scopes the tools to the service, a second click clears the scope, and so does Escape.
      const target = nodes[nodes.length - 1]!;
      const onCanvas = page.locator('.ops-map canvas');
      await onCanvas.click({ position: { x: target.x, y: target.y } });
      await expect.poll(() => scopedTo(page, target.id)).toBe('true');
      await onCanvas.click({ position: { x: target.x, y: target.y } });
      await expect.poll(() => scopedTo(page, 'All services')).toBe('true');
      await onCanvas.click({ position: { x: target.x, y: target.y } });
      await expect.poll(() => scopedTo(page, target.id)).toBe('true');
      await page.keyboard.press('Escape');
      await expect.poll(() => scopedTo(page, 'All services')).toBe('true');

      // The wheel zooms in about the pointer, and a drag pans: the map then shows fewer services whole.
      await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
      for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -120);
      await page.mouse.down();
      await page.mouse.move(canvas.x + canvas.width / 2 + 120, canvas.y + canvas.height / 2, { steps: 5 });
      await page.mouse.up();
      await screenshot(page, `map-seven-${size.width}x${size.height}-zoomed`);
      // Panning is not a click: the scope stays as it was.
      expect(await scopedTo(page, 'All services')).toBe('true');
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
