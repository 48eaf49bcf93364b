import { describe, expect, it } from 'vitest';
import { typeQuery } from '../../scripts/typeQuery.ts';
import { openTutorial, useServedGame } from './harness.ts';

describe('cancelling a query, in Chromium', () => {
  const game = useServedGame();

  it('the page is isolated, Cancel ends a long query and the next one is shown', async () => {
    const { page, errors } = await openTutorial(game);
    // Isolation is what lets the page share the memory a cancel goes through with its worker.
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);

    const editor = page.locator('.log-explorer .query-row .cm-content');
    await typeQuery(page, editor, '{service=~".+"} |~ "(.*.*)*=$"');
    await page.getByRole('button', { name: 'Run query' }).click();
    await page.locator('[data-cancel-query]').click();
    await expect.poll(() => page.locator('[data-cancel-query]').count()).toBe(0);

    await typeQuery(page, editor, '{service="web"}');
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect
      .poll(() => page.locator('.log-outcome .logql code').textContent(), { timeout: 30_000 })
      .toBe('{service="web"}');
    expect(errors).toEqual([]);
  });
});
