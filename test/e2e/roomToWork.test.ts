import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useServedGame, watchErrors } from './harness.ts';

/** Log rows wholly on screen: inside the window and inside the list's own scrolling box. */
function visibleLogRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const list = document.querySelector('.log-scroller')?.getBoundingClientRect();
    if (!list) return 0;
    const top = Math.max(0, list.top);
    const bottom = Math.min(window.innerHeight, list.bottom);
    return [...document.querySelectorAll('.log-scroller .log-line')].filter((row) => {
      const r = row.getBoundingClientRect();
      return r.height > 0 && r.top >= top && r.bottom <= bottom;
    }).length;
  });
}

/**
 * Elements of the case board drawer whose content is cut off: a box that hides its overflow while its
 * content is wider or taller than it. Form controls scroll their own text, and visually hidden labels are
 * cut on purpose.
 */
function clippedOnBoard(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('#board-drawer *')) {
      if (el.closest('.visually-hidden, select, input, textarea, button, option')) continue;
      const style = getComputedStyle(el);
      const hides = (v: string) => v === 'hidden' || v === 'clip';
      const cutX = hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
      const cutY = hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
      const ellipsis = style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1;
      if (cutX || cutY || ellipsis)
        out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.textContent}`);
    }
    return out;
  });
}

describe('room to work at 1280×720, in Chromium', () => {
  const game = useServedGame();

  it('shows 15 log lines under the map, the fields of one beside them, and a case board cut nowhere', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(game.url);
    await page.getByRole('button', { name: 'Start Your first page' }).click();
    await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect.poll(() => page.locator('.log-line').count(), { timeout: 30_000 }).toBeGreaterThan(20);

    // The map is shown, whole, above the list.
    const map = (await page.locator('.ops-map .map-canvas').boundingBox())!;
    expect(map.height).toBeGreaterThanOrEqual(100);
    expect(map.y).toBeGreaterThanOrEqual(0);
    expect(map.y + map.height).toBeLessThanOrEqual(720);
    await expect.poll(() => visibleLogRows(page)).toBeGreaterThanOrEqual(15);
    await screenshot(page, 'room-logs-1280x720');

    // A line's fields open beside the list, on screen, and the tool's panel does not scroll for them.
    await page.locator('.log-line').nth(2).click();
    const details = page.getByRole('region', { name: 'Log line details' });
    await details.waitFor();
    const box = (await details.boundingBox())!;
    const list = (await page.locator('.log-scroller').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(list.x + list.width);
    expect(box.y).toBeLessThan(list.y + list.height);
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    const panelScrolls = await page
      .locator('.tools [role="tabpanel"]')
      .evaluate((el) => el.scrollTop > 0 || el.scrollHeight > el.clientHeight + 1);
    expect(panelScrolls).toBe(false);
    expect(await visibleLogRows(page)).toBeGreaterThanOrEqual(15);
    await screenshot(page, 'room-log-details-1280x720');

    // A case board with long pins, a hypothesis marked against them and a chain: nothing in it is cut off.
    for (const n of [0, 1, 3, 5]) {
      await page
        .locator('.log-line')
        .nth(n)
        .getByRole('button', { name: /^Pin log line/ })
        .click();
    }
    const board = page.getByRole('region', { name: 'Case board' });
    await expect.poll(() => board.locator('.evidence-item').count()).toBe(4);
    const hypotheses = page.getByRole('region', { name: 'Hypotheses' });
    await hypotheses.getByLabel('Component').selectOption('cart');
    await hypotheses
      .getByLabel('New hypothesis')
      .fill('cart breaks checkout for some baskets since a change');
    await hypotheses.getByRole('button', { name: 'Add hypothesis' }).click();
    const card = hypotheses.getByRole('article').first();
    await card.waitFor();
    await card.locator('.mark select').first().selectOption('supports');
    await page.locator('#board-drawer').evaluate((el) => el.scrollTo(0, 0));
    await screenshot(page, 'room-case-board-1280x720');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'room-case-board-hypothesis-1280x720');
    expect(await clippedOnBoard(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
