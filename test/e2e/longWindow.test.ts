import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useServedGame, watchErrors } from './harness.ts';

/** Three days of a shop, whose log store keeps the last 12 hours and whose trace store the last 6. */
const FIXTURE = join(process.cwd(), 'test', 'fixtures', 'three-days.yaml');

/** A moment of the fixture's window as the tools write it once the days matter: `Oct 24 02:04:59`. */
const MOMENT = /^Oct 2[2-5] \d\d:\d\d:\d\d$/;

const OLDER_THAN_LOGS = 'no log lines before Oct 24 14:30 UTC: the log store keeps nothing older';

async function runLogs(page: Page, query: string): Promise<void> {
  await page.keyboard.press('g');
  await page.keyboard.press('l');
  await page.locator('#panel-logs .cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(query);
  await page.keyboard.press('Escape');
  await page.locator('#panel-logs').getByRole('button', { name: 'Run query' }).click();
}

describe('a window of three days, played in Chromium', () => {
  const game = useServedGame();

  it('charts the whole window with dated axes and says what the log store no longer keeps', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(game.url);
    await page.getByLabel('Load a scenario file').setInputFiles(FIXTURE);
    await page.getByRole('article', { name: 'The page' }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 60_000 });
    await page.getByRole('tablist', { name: 'Tools' }).waitFor();
    // The incident clock names its day: 02:05 could be any of the window's three nights.
    expect(await page.getByRole('timer', { name: 'Incident clock' }).locator('.clock').textContent()).toMatch(
      /^Oct 25 02:0\d:\d\d UTC$/,
    );

    // Metrics over the whole window: the range picker reaches days, the chart draws, its axis is dated.
    await page.keyboard.press('g');
    await page.keyboard.press('m');
    const ranges = page.getByLabel('Metrics time range');
    await ranges.waitFor({ timeout: 20_000 });
    expect(await ranges.locator('option').allTextContents()).toEqual([
      'Whole incident window',
      'Last 15 minutes',
      'Last 30 minutes',
      'Last 1 hour',
      'Last 3 hours',
      'Last 6 hours',
      'Last 12 hours',
      'Last 24 hours',
      'Last 2 days',
    ]);
    await page.locator('#panel-metrics .cm-content').click();
    await page.keyboard.type('sum by (status) (rate(http_server_requests_total{service="web"}[5m]))');
    await page.keyboard.press('Escape');
    await page.locator('#panel-metrics').getByRole('button', { name: 'Run query' }).click();
    const plot = page.locator('#panel-metrics .time-chart-plot').first();
    await plot.locator('.uplot').waitFor({ timeout: 30_000 });
    expect(await page.locator('#panel-metrics .query-notices').textContent()).toBe(
      'samples before Oct 24 02:30 UTC are a minute apart: rate() and friends need a range of 2m or more there',
    );
    // Ticks fall on UTC hours, with each day's date under the first tick of the day.
    const axis = (await plot.getAttribute('data-time-axis')) ?? '';
    for (const day of ['Oct 23', 'Oct 24', 'Oct 25']) expect(axis).toContain(`00:00 ${day}`);
    expect(axis.split(', ').every((label) => /^\d\d:00( Oct 2[2-5])?$/.test(label))).toBe(true);
    // The cursor's time carries its date.
    const over = await plot.locator('.u-over').boundingBox();
    if (!over) throw new Error('the chart has no plotting area');
    await page.mouse.move(over.x + over.width * 0.3, over.y + over.height / 2);
    expect(await plot.locator('.u-legend .u-series').first().locator('.u-value').textContent()).toMatch(
      MOMENT,
    );
    await screenshot(page, 'long-window-01-metrics');

    // Logs over the whole window: the newest twelve hours are listed, dated, and the notice says so.
    await runLogs(page, '{service="web"}');
    const notices = page.locator('#panel-logs .query-notices');
    await expect.poll(() => notices.textContent(), { timeout: 30_000 }).toBe(OLDER_THAN_LOGS);
    const firstLine = page.locator('#panel-logs .log-line[data-log-id] time').first();
    await firstLine.waitFor({ timeout: 20_000 });
    expect(await firstLine.textContent()).toMatch(MOMENT);
    const volume = page.getByRole('img', { name: /^Log volume from Oct 22 / });
    expect(await page.locator('#panel-logs .log-volume .time-axis').textContent()).toContain('Oct 23');
    await screenshot(page, 'long-window-02-logs');

    // Dragged across the first day of the volume: older than the store keeps, so nothing is listed.
    const bars = await volume.boundingBox();
    if (!bars) throw new Error('the log volume has no box');
    await page.mouse.move(bars.x + bars.width * 0.05, bars.y + bars.height / 2);
    await page.mouse.down();
    await page.mouse.move(bars.x + bars.width * 0.3, bars.y + bars.height / 2, { steps: 5 });
    await page.mouse.up();
    const zoomed = page.locator('#panel-logs .zoom-note');
    await expect.poll(() => zoomed.textContent(), { timeout: 20_000 }).toMatch(/^Showing Oct 22 /);
    await expect
      .poll(() => page.locator('#panel-logs .log-outcome p.muted').last().textContent(), { timeout: 30_000 })
      .toBe('0 lines match.');
    expect(await notices.textContent()).toBe(OLDER_THAN_LOGS);
    await expect.poll(() => page.locator('#panel-logs .log-line').count()).toBe(0);
    await screenshot(page, 'long-window-03-logs-too-old');

    // The last six hours lie within what the store keeps: lines, and no notice.
    await zoomed.getByRole('button', { name: 'Back to the whole range' }).click();
    await zoomed.waitFor({ state: 'detached' });
    await page.getByLabel('Time range').selectOption({ label: 'Last 6 hours' });
    await page.locator('#panel-logs').getByRole('button', { name: 'Run query' }).click();
    await expect.poll(() => notices.count(), { timeout: 30_000 }).toBe(0);
    await expect
      .poll(() => page.locator('#panel-logs .log-outcome p.muted').last().textContent(), { timeout: 30_000 })
      .toMatch(/^[\d,]+ lines match\.$/);
    await firstLine.waitFor({ timeout: 20_000 });
    expect(await firstLine.textContent()).toMatch(MOMENT);
    await screenshot(page, 'long-window-04-logs-kept');

    // The changes strip runs over the three days, its axis dated (the explorer's scope lists web's only).
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page
      .getByRole('button', { name: 'Pin change web-worker-connections' })
      .waitFor({ timeout: 20_000 });
    expect(await page.locator('.change-strip-box .time-axis').textContent()).toContain('Oct 24');
    await screenshot(page, 'long-window-05-changes');

    expect(errors).toEqual([]);
    await context.close();
  });
});
