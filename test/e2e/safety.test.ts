import { describe, expect, it } from 'vitest';
import { screenshot, serveFixturesBuild, useServedGame, watchErrors } from './harness.ts';

describe('a scenario carrying markup, played in Chromium', () => {
  const game = useServedGame(serveFixturesBuild);

  it('shows log lines, tickets and changes as text, and no dialog opens', async () => {
    const page = await game.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors = watchErrors(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(game.url);
    await page.getByRole('button', { name: /^Start Hostile strings/ }).click();
    await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 30_000 });

    // Log lines: search the cart logs for the line that carries the markup.
    await page.getByRole('button', { name: 'cart', exact: true }).click();
    await page.getByLabel('Line contains').fill('cache refreshed');
    await page.getByRole('button', { name: 'Search' }).click();
    const line = page.locator('.log-line pre').first();
    await expect
      .poll(() => line.textContent(), { timeout: 20_000 })
      .toContain('<img src=x onerror=alert(1)>');
    expect(await line.textContent()).toContain('<script>alert(2)</script>');
    await page.locator('.log-line').first().click();
    const details = page.getByRole('region', { name: 'Log line details' });
    expect(await details.locator('.full-line').textContent()).toContain('<img src=x onerror=alert(1)>');
    await page
      .locator('.log-line')
      .first()
      .getByRole('button', { name: /^Pin log line/ })
      .click();
    await screenshot(page, 'safety-01-logs');

    // Changes and tickets.
    await page.getByRole('tab', { name: 'Changes' }).click();
    await expect
      .poll(() => page.locator('.change-list').textContent(), { timeout: 10_000 })
      .toContain('<img src=x onerror=alert(6)>');
    // The map's scope (cart) narrows the changes; all services show the config change too.
    await page.getByRole('tab', { name: 'Logs' }).click();
    await page.getByRole('button', { name: 'All services' }).click();
    await page.getByRole('tab', { name: 'Changes' }).click();
    await expect
      .poll(() => page.locator('.change-list').textContent(), { timeout: 10_000 })
      .toContain('<img src=x onerror=alert(5)>');
    await page.getByRole('tab', { name: /^Inbox/ }).click();
    await expect
      .poll(() => page.locator('.inbox').textContent(), { timeout: 10_000 })
      .toContain('<script>alert(4)</script>');
    expect(await page.locator('.inbox').textContent()).toContain('<img src=x onerror=alert(3)>');
    await screenshot(page, 'safety-02-inbox');

    // Nothing became markup anywhere on the page, the case board included.
    expect(await page.locator('main img, aside img, .inbox img').count()).toBe(0);
    expect(await page.locator('body script').count()).toBe(0);
    expect(await page.locator('.topbar .title').textContent()).toBe(
      'Hostile strings <script>alert(1)</script>',
    );
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
