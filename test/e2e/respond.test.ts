import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openTutorial, screenshot, useServedGame } from './harness.ts';

const LIMIT = 'Rate-limit coupon-shoppers to 10% at the edge';
const ROLLBACK = 'Roll back cart 2.4.1 (deployed 01:40)';

/** Runs a PromQL query over the last 15 minutes and answers what the explorer says it found. */
async function chart(page: Page, query: string): Promise<string> {
  await page.keyboard.press('g');
  await page.keyboard.press('m');
  const panel = page.locator('#panel-metrics');
  await panel.locator('.cm-content').waitFor({ timeout: 20_000 });
  await panel.getByLabel('Metrics time range').selectOption({ label: 'Last 15 minutes' });
  await panel.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  // Inserted as a whole, as a paste would be: no bracket is closed twice.
  await page.keyboard.insertText(query);
  await page.keyboard.press('Escape');
  await panel.getByRole('button', { name: 'Run query' }).click();
  await expect.poll(() => panel.locator('.promql code').textContent(), { timeout: 20_000 }).toBe(query);
  const found = panel.locator('.metrics-outcome > p.muted').first();
  await found.waitFor({ timeout: 20_000 });
  return (await found.textContent()) ?? '';
}

/** Applies one of the actions of the Respond tab, confirming it. */
async function apply(page: Page, label: string): Promise<void> {
  await page.keyboard.press('g');
  await page.keyboard.press('r');
  const panel = page.locator('#panel-respond');
  await panel.getByRole('button', { name: `Apply ${label}` }).click();
  await panel.getByRole('button', { name: `Confirm: ${label}` }).click();
  await expect
    .poll(() => panel.locator('.respond-status').textContent(), { timeout: 30_000 })
    .toContain(`${label}: done at`);
}

describe('responding to the incident, in Chromium', () => {
  const game = useServedGame();

  it('plays a wrong mitigation and then the right one, and reads both on the debrief', async () => {
    const { page, errors } = await openTutorial(game);

    const firing = page.locator('.map-timeline [role="status"]');
    await expect.poll(() => firing.textContent(), { timeout: 30_000 }).toBe('Firing: CheckoutErrorRate');
    const cartErrors = 'sum(rate(http_server_requests_total{service="cart",status="500"}[1m])) > 0';
    const webByStatus = 'sum by (status) (rate(http_server_requests_total{service="web"}[1m]))';
    expect(await chart(page, cartErrors)).toBe('1 series.');
    const statuses = page.locator('#panel-metrics .u-legend .u-series');
    expect(await chart(page, webByStatus)).toMatch(/series\.$/);
    expect(await statuses.allTextContents()).not.toContainEqual(expect.stringContaining('429'));

    // Respond offers every verb on every target, grouped by verb, in one shape; the filter narrows it.
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    const respond = page.locator('#panel-respond');
    await expect.poll(() => respond.locator('[data-mitigation]').count(), { timeout: 20_000 }).toBe(17);
    expect(await respond.locator('.mitigation-group h3').count()).toBe(8);
    // "coupon" finds the coupon shoppers' rate limit and the hot fix of the cart commit whose files
    // and message mention coupons; nothing else.
    await respond.getByLabel('Actions mentioning').fill('coupon');
    await expect
      .poll(() =>
        respond
          .locator('[data-mitigation]')
          .evaluateAll((els) =>
            els.map((e) => (e.getAttribute('data-mitigation') ?? '').split(':').slice(0, 2).join(':')).sort(),
          ),
      )
      .toEqual(['hotfix:cart', 'rate-limit:coupon-shoppers']);
    await respond.getByLabel('Actions mentioning').fill('');
    // Shortcuts are keys typed outside a field.
    await respond.getByLabel('Actions mentioning').blur();
    await screenshot(page, 'respond-00-palette');

    // The wrong one: turning the coupon shoppers away at the edge. The 5xx alert clears on the map…
    await apply(page, LIMIT);
    await page.clock.fastForward('08:00');
    await expect.poll(() => firing.textContent(), { timeout: 30_000 }).toBe('No alerts firing');
    // …because those users now get 429s, which the chart shows; the few let through still fail.
    expect(await chart(page, cartErrors)).toBe('1 series.');
    await chart(page, webByStatus);
    await expect.poll(() => statuses.allTextContents()).toContainEqual(expect.stringContaining('429'));
    await screenshot(page, 'respond-01-rate-limited');

    // A reload in the middle replays the limit at the moment it was applied: the world is the same.
    await page.reload();
    await page.getByRole('tab', { name: 'Logs' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => firing.textContent(), { timeout: 30_000 }).toBe('No alerts firing');
    await page.getByRole('tab', { name: 'Changes' }).click();
    await expect
      .poll(() => page.locator('#panel-changes').textContent(), { timeout: 20_000 })
      .toContain(LIMIT);
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    expect(
      await page.locator('#panel-respond [data-mitigation="rate-limit:coupon-shoppers"]').textContent(),
    ).toContain('Applied at 02:05');

    // The right one: the rollback. Cart's errors stop.
    await apply(page, ROLLBACK);
    await page.clock.fastForward('16:00');
    expect(await chart(page, cartErrors)).toBe('No series match.');
    await page.getByRole('tab', { name: 'Changes' }).click();
    await expect
      .poll(() => page.locator('#panel-changes').textContent(), { timeout: 20_000 })
      .toContain(ROLLBACK);

    await page.getByRole('button', { name: 'Write the diagnosis' }).click();
    const form = page.getByRole('form', { name: 'Diagnosis' });
    await form.getByLabel('Component at fault').selectOption('cart');
    await form.getByLabel('Kind of fault').selectOption('bad-deploy');
    await form.getByLabel('What set it off').selectOption('deploy-cart-2-4-1');
    await form.getByRole('button', { name: 'Submit diagnosis' }).click();

    const response = page.getByRole('region', { name: 'What your actions did' });
    const rows = response.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 90_000 }).toBe(2);
    expect(await rows.nth(0).getAttribute('data-mitigation')).toBe('rate-limit:coupon-shoppers');
    expect(['worse', 'hidden']).toContain(await rows.nth(0).getAttribute('data-outcome'));
    expect(await rows.nth(1).getAttribute('data-mitigation')).toBe('rollback:deploy-cart-2-4-1');
    expect(await rows.nth(1).getAttribute('data-outcome')).toBe('cleared');
    expect(await rows.nth(1).textContent()).toContain('cleared the symptoms');
    const responsePart = page.locator('.score-part[data-part="response"]');
    expect(await responsePart.textContent()).toContain('Response');
    await response.scrollIntoViewIfNeeded();
    await screenshot(page, 'respond-02-debrief');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
