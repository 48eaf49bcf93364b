import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { typeQuery } from '../../scripts/typeQuery.ts';
import { screenshot, useServedGame, watchErrors } from './harness.ts';

/** Types a LogQL query into the log explorer's editor and runs it. */
async function runLogQL(page: Page, query: string): Promise<void> {
  await typeQuery(page, page.locator('.log-explorer .query-row .cm-content'), query);
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect
    .poll(() => page.locator('.log-outcome .logql code').textContent(), { timeout: 30_000 })
    .toBe(query);
}

describe("Grafana's conventions in the tools, in Chromium", () => {
  const game = useServedGame();

  it('draws a LogQL metric query as a graph with its series counted, opens a log line’s trace, and completes by metric type', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(game.url);
    await page.getByRole('button', { name: 'Start Your first page' }).click();
    await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Logs' }).waitFor();

    // A metric query over logs is a graph, with "N series" and a table whose Last says when.
    await runLogQL(page, 'sum by (level) (count_over_time({service="cart"} | json [5m]))');
    const explorer = page.locator('.log-explorer');
    await explorer.locator('.time-chart canvas').first().waitFor({ timeout: 30_000 });
    const series = await explorer.locator('.series-table tbody tr').count();
    expect(series).toBeGreaterThan(1);
    expect(await explorer.locator('.log-outcome').textContent()).toContain(`${series} series.`);
    expect(await explorer.locator('.series-table thead th').first().textContent()).toBe(`${series} series`);
    expect(await explorer.locator('.series-table tbody tr td time').first().textContent()).toMatch(
      /^\d\d:\d\d:\d\d$/,
    );
    // The error series is drawn in red, the info series in green.
    const swatch = (level: string) =>
      explorer
        .locator('.series-table tbody tr', { hasText: `level="${level}"` })
        .locator('.swatch')
        .getAttribute('class');
    expect(await swatch('error')).toContain('tone-bad');
    expect(await swatch('info')).toContain('tone-good');
    await screenshot(page, 'grafana-logql-metric-graph');

    await runLogQL(page, 'rate({service="web"}[5m])');
    await expect.poll(() => explorer.locator('.log-outcome').textContent()).toMatch(/\d+ series\./);
    await explorer.locator('.time-chart canvas').first().waitFor();

    // A trace id in a line's fields opens that trace in the traces tool.
    await runLogQL(page, '{service="cart"} |= "TypeError"');
    await page.locator('.log-line').first().click();
    const details = page.getByRole('region', { name: 'Log line details' });
    const open = details.getByRole('button', { name: /^Open trace [0-9a-f]{32} in Traces$/ });
    const label = (await open.getAttribute('aria-label'))!;
    const traceId = label.split(' ')[2]!;
    await open.click();
    await expect
      .poll(() => page.getByRole('tab', { name: 'Traces' }).getAttribute('aria-selected'))
      .toBe('true');
    await page.getByRole('region', { name: `Trace ${traceId}` }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'grafana-log-line-trace');

    // PromQL completion reads each metric's type: a counter is offered as a rate, histogram buckets as a
    // quantile.
    await page.getByRole('tab', { name: 'Metrics' }).click();
    await page.locator('.metrics-explorer .query-row .cm-content').click();
    await page.keyboard.type('http_server_request');
    const offered = page.locator('.cm-tooltip-autocomplete');
    await expect
      .poll(() => offered.textContent(), { timeout: 30_000 })
      .toContain('rate(http_server_requests_total[5m])');
    expect(await offered.textContent()).toContain(
      'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))',
    );
    await screenshot(page, 'grafana-promql-completion');
    expect(errors).toEqual([]);
    await context.close();
  });
});
