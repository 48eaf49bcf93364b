import { describe, expect, it } from 'vitest';
import { screenshot, useServedGame, watchErrors } from './harness.ts';

describe('the address and the history, in Chromium', () => {
  const game = useServedGame();

  it('names each screen and tool, moves back and forward, asks before abandoning, and keeps queries over a reload', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(game.url);
    await page.getByRole('button', { name: 'Start Your first page' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/brief/tutorial');
    await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 60_000 });
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/play/tutorial/logs');

    // A query, then another tool: the address follows, and back brings the logs to the front again.
    await page.getByLabel('Line contains').fill('TypeError');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('.log-line').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'Metrics' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/play/tutorial/metrics');
    await page.goBack();
    await expect
      .poll(() => page.getByRole('tab', { name: 'Logs' }).getAttribute('aria-selected'))
      .toBe('true');
    await screenshot(page, 'navigation-back');
    await page.goForward();
    await expect
      .poll(() => page.getByRole('tab', { name: 'Metrics' }).getAttribute('aria-selected'))
      .toBe('true');
    await screenshot(page, 'navigation-forward');
    await page.goBack();

    // A reload comes back to the same tool with the query and its results.
    const shown = await page.locator('.log-line').count();
    await page.reload();
    await expect.poll(() => page.locator('.log-line').count(), { timeout: 60_000 }).toBe(shown);
    expect(await page.evaluate(() => location.hash)).toBe('#/play/tutorial/logs');
    await expect.poll(() => page.locator('.logql code').first().textContent()).toContain('TypeError');
    await screenshot(page, 'navigation-reloaded');

    // Abandon asks; keeping on working leaves the play and its save.
    await page.getByRole('button', { name: 'Abandon', exact: true }).click();
    const question = page.getByRole('alertdialog');
    await question.waitFor();
    await screenshot(page, 'navigation-abandon-asked');
    await question.getByRole('button', { name: 'Keep working' }).click();
    await expect.poll(() => question.count()).toBe(0);
    expect(await page.evaluate(() => localStorage.length)).toBeGreaterThan(0);
    const saved = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
    expect(saved).toContain('tutorial');

    // Back past the investigation asks too, and stays on the play.
    await page.goBack();
    await question.waitFor();
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/play\/tutorial\//);
    await question.getByRole('button', { name: 'Abandon the case' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/library');
    await page.getByRole('button', { name: 'Start Your first page' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
