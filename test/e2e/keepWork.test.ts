import { describe, expect, it } from 'vitest';
import { screenshot, useServedGame, watchErrors } from './harness.ts';

describe('nothing is lost by accident, in Chromium', () => {
  const game = useServedGame();

  it("brings back every tool's inputs, results and the case board over a reload, and Esc lands on the results", async () => {
    const context = await game.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(game.url);
    await page.getByRole('button', { name: 'Start Your first page' }).click();
    await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 60_000 });
    const tab = (name: string) => page.getByRole('tab', { name });
    const panel = page.locator('.tools [role="tabpanel"]');

    // Logs: a quick filter, one line pinned.
    await page.getByLabel('Line contains').fill('TypeError');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.locator('.log-line').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page
      .locator('.log-line')
      .first()
      .getByRole('button', { name: /^Pin log line/ })
      .click();

    // Esc from the filter lands on the list, and the arrow keys select lines from there.
    await page.getByLabel('Line contains').focus();
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('log-scroller'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('.log-line.selected').getAttribute('aria-posinset')).toBe('2');

    // Traces: a search by the form, one trace opened.
    await tab('Traces').click();
    const search = page.getByRole('form', { name: 'Trace search' });
    await search.getByLabel('Service').selectOption('cart');
    await search.getByLabel('Status').selectOption('error');
    await search.getByLabel('Min duration').fill('1ms');
    await search.getByRole('button', { name: 'Find traces' }).click();
    const traceRows = page.locator('.trace-table tbody tr');
    await expect.poll(() => traceRows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await traceRows
      .first()
      .getByRole('button', { name: /^Open trace/ })
      .click();
    await page.locator('.trace-view').first().waitFor({ timeout: 30_000 });
    // Esc from a field of the form lands on the traces found; the arrow keys move between them.
    await search.getByLabel('Attributes').focus();
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('trace-table'))).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TR');

    // Code: a search.
    await tab('Code').click();
    await page.getByLabel('Search code').fill('coupon');
    await page.getByLabel('Search code').press('Enter');
    await expect.poll(() => page.locator('.grep-results li').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const grepShown = await page.locator('.grep-results li').count();

    // Metrics: a range chosen and a query typed but not run.
    await tab('Metrics').click();
    await page.getByLabel('Metrics time range').selectOption('30');
    await panel.locator('.cm-content').click();
    await page.keyboard.type('up');
    await tab('Logs').click();
    const linesShown = await page.locator('.log-line').count();

    await page.reload();
    await expect.poll(() => page.locator('.log-line').count(), { timeout: 60_000 }).toBe(linesShown);
    await expect.poll(() => page.getByLabel('Line contains').inputValue()).toBe('TypeError');
    await expect.poll(() => page.locator('.logql code').first().textContent()).toContain('TypeError');
    // The case board kept its pin.
    await expect
      .poll(() => page.getByRole('region', { name: 'Case board' }).locator('.evidence-item').count())
      .toBe(1);
    await screenshot(page, 'keep-work-reloaded-logs');

    await tab('Traces').click();
    expect(await search.getByLabel('Service').inputValue()).toBe('cart');
    expect(await search.getByLabel('Status').inputValue()).toBe('error');
    expect(await search.getByLabel('Min duration').inputValue()).toBe('1ms');
    await expect.poll(() => traceRows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.locator('.trace-view').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'keep-work-reloaded-traces');

    await tab('Code').click();
    expect(await page.getByLabel('Search code').inputValue()).toBe('coupon');
    await expect.poll(() => page.locator('.grep-results li').count(), { timeout: 30_000 }).toBe(grepShown);
    await screenshot(page, 'keep-work-reloaded-code');

    await tab('Metrics').click();
    expect(await page.getByLabel('Metrics time range').inputValue()).toBe('30');
    await expect.poll(() => panel.locator('.cm-content').textContent()).toBe('up');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('takes a double-clicked diagnosis once and keeps its feedback until dismissed', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.clock.install();
    await page.goto(game.url);
    await page.getByRole('button', { name: 'Start Your first page' }).click();
    await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Write the diagnosis' }).click();
    const form = page.getByRole('form', { name: 'Diagnosis' });
    // A wrong answer, so the feedback is the one that waits for the trainee.
    await form.getByLabel('Component at fault').selectOption('cart-db');
    await form.getByLabel('Kind of fault').selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Submit diagnosis' }).dblclick();
    const feedback = page.getByRole('region', { name: 'Diagnosis' }).getByRole('alert');
    await feedback.waitFor();
    expect(await feedback.textContent()).toContain('You have 2 more tries');
    // Minutes later it is still there.
    await page.clock.fastForward('05:00');
    expect(await feedback.isVisible()).toBe(true);
    await screenshot(page, 'keep-work-feedback');
    await page.getByRole('button', { name: 'Keep investigating' }).click();
    await expect.poll(() => feedback.count()).toBe(0);
    await expect
      .poll(() => page.getByRole('button', { name: 'Write the diagnosis' }).textContent())
      .toBeTruthy();
    expect(await page.getByRole('region', { name: 'Diagnosis' }).textContent()).toContain('2 tries left');
    expect(errors).toEqual([]);
    await context.close();
  });
});
