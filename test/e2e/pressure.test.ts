import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openTutorial, screenshot, useServedGame } from './harness.ts';

/** The share of the error budget left, as the gauge carries it. */
async function budgetLeft(page: Page): Promise<number> {
  return Number(await page.locator('.pressure .budget').getAttribute('data-left'));
}

/** The users' failed requests the header counts. */
async function failedRequests(page: Page): Promise<number> {
  const text = (await page.locator('.pressure .failed-requests').textContent()) ?? '';
  const count = /^([\d,]+) failed$/.exec(text)?.[1];
  if (count === undefined) throw new Error(`not a count of failed requests: ${text}`);
  return Number(count.replaceAll(',', ''));
}

describe('the pressure of a page, in Chromium', () => {
  const game = useServedGame();

  it('rings a pager muted at first, toggled by m and remembered, while the budget burns on the clock', async () => {
    const { page, errors } = await openTutorial(game);
    const pager = page.getByRole('button', { name: 'Pager', exact: true });
    const status = page.locator('.topbar [role="status"]');

    // The case opens on the page: the pager shows it, silently, and no audio was asked for.
    await expect.poll(() => pager.getAttribute('data-pages'), { timeout: 20_000 }).toBe('1');
    expect(await pager.getAttribute('aria-pressed')).toBe('false');
    expect(await pager.getAttribute('data-rings')).toBe('0');
    expect(await pager.getAttribute('data-audio')).toBe('none');

    // m turns the sound on (one ring, to hear what a page sounds like); typed into a field it is a letter.
    await page.keyboard.press('m');
    expect(await pager.getAttribute('aria-pressed')).toBe('true');
    expect(await status.textContent()).toBe('Pager sound on.');
    await expect.poll(() => pager.getAttribute('data-rings')).toBe('1');
    await expect.poll(() => pager.getAttribute('data-audio')).toBe('running');
    const contains = page.getByLabel('Line contains');
    await contains.fill('');
    await contains.press('m');
    expect(await contains.inputValue()).toBe('m');
    expect(await pager.getAttribute('aria-pressed')).toBe('true');
    await contains.fill('');
    await contains.blur();

    // The budget burns as the clock runs, the failed requests pile up, and the ticket is counted.
    await expect.poll(() => budgetLeft(page), { timeout: 20_000 }).toBeLessThan(1);
    const before = { left: await budgetLeft(page), failed: await failedRequests(page) };
    expect(await page.locator('.pressure .budget-left').textContent()).toMatch(/^budget 9\d\.\d\d%$/);
    expect(await page.locator('.pressure .burn').textContent()).toMatch(/^\d+× burn$/);
    expect(await page.getByRole('button', { name: /^Tickets/ }).textContent()).toBe('Tickets 1');
    await page.clock.fastForward('05:00');
    await expect.poll(() => budgetLeft(page), { timeout: 20_000 }).toBeLessThan(before.left - 0.003);
    expect(await failedRequests(page)).toBeGreaterThan(before.failed);

    // The header holds it all on one line at 1280×720.
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'pressure-01-pager-on-720p');
    const bar = (await page.locator('.topbar').boundingBox())!;
    expect(bar.height).toBeLessThan(48);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Fifteen minutes after the page and nothing posted: the manager asks for news.
    await page.clock.fastForward('10:00');
    await page.keyboard.press('g');
    await page.keyboard.press('h');
    const messages = page.getByRole('log', { name: 'Messages' }).locator('li');
    await expect
      .poll(async () => (await messages.last().textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/^Mia \(eng manager\)manager02:20:00Any update\?/);

    // The choice outlives a reload; the case is no longer fresh, so the page does not ring again.
    await page.reload();
    await page.getByRole('tab', { name: 'Logs' }).waitFor({ timeout: 30_000 });
    expect(await pager.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => localStorage.getItem('twoam.pagerSound'))).toBe('on');
    await pager.click();
    expect(await pager.getAttribute('aria-pressed')).toBe('false');
    await page.reload();
    await page.getByRole('tab', { name: 'Logs' }).waitFor({ timeout: 30_000 });
    expect(await pager.getAttribute('aria-pressed')).toBe('false');
    expect(await pager.getAttribute('data-pages')).toBe('0');
    await screenshot(page, 'pressure-02-muted-after-reload');

    expect(errors).toEqual([]);
    await page.context().close();
  });
});
