import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, serveBuiltGame, watchErrors } from './harness.ts';

interface MapNode {
  id: string;
  x: number;
  y: number;
}

/** Clicks a service on the Phaser map, where a person would: at the node's position on the canvas. */
async function clickService(page: Page, id: string): Promise<void> {
  const map = page.locator('.map-canvas');
  await expect.poll(() => map.getAttribute('data-nodes'), { timeout: 20_000 }).toBeTruthy();
  const nodes = JSON.parse((await map.getAttribute('data-nodes'))!) as MapNode[];
  const node = nodes.find((n) => n.id === id)!;
  await page.locator('.map-canvas canvas').click({ position: { x: node.x, y: node.y } });
  await expect
    .poll(() => page.getByRole('button', { name: id, exact: true }).getAttribute('aria-pressed'))
    .toBe('true');
}

/** Filters the logs and waits until the newest line shown contains `expected`. */
async function search(page: Page, text: string, expected: string): Promise<void> {
  await page.getByLabel('Line contains').fill(text);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect.poll(() => page.locator('.logql code').textContent()).toContain(JSON.stringify(text));
  await expect
    .poll(() => page.locator('.log-line pre').first().textContent(), { timeout: 20_000 })
    .toContain(expected);
}

describe('the tutorial, played in Chromium', () => {
  let browser: Browser;
  let server: PreviewServer;
  let url: string;

  beforeAll(async () => {
    ({ server, url } = await serveBuiltGame());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('goes from the page to the debrief, and a reload keeps the evidence', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url);

    await page.getByRole('heading', { name: 'Your first page' }).waitFor();
    await screenshot(page, '01-menu');
    await page.getByRole('button', { name: 'Start Your first page' }).click();

    const begin = page.getByRole('button', { name: 'Start investigating' });
    await begin.waitFor({ timeout: 30_000 });
    expect(await page.getByRole('article', { name: 'The page' }).textContent()).toContain(
      'CheckoutErrorRate',
    );
    await screenshot(page, '02-briefing');
    await begin.click();

    const board = page.getByRole('region', { name: 'Case board' });

    // The symptom: web answers checkout with 502.
    await clickService(page, 'web');
    await search(page, '"POST /checkout HTTP/1.1" 502', '"POST /checkout HTTP/1.1" 502 ');
    await page
      .locator('.log-line')
      .first()
      .getByRole('button', { name: /^Pin log line/ })
      .click();
    await expect.poll(() => board.locator('.evidence-item').count()).toBe(1);

    // The cause: cart throws for coupon baskets.
    await clickService(page, 'cart');
    await search(page, 'TypeError', "reading 'percent'");
    await page
      .locator('.log-line')
      .first()
      .getByRole('button', { name: /^Pin log line/ })
      .click();
    await expect.poll(() => board.locator('.evidence-item').count()).toBe(2);
    await screenshot(page, '03-investigating');

    // A reload in the middle keeps the investigation.
    await page.reload();
    await expect.poll(() => board.locator('.evidence-item').count(), { timeout: 30_000 }).toBe(2);
    expect(await board.textContent()).toContain('TypeError');
    await screenshot(page, '04-after-reload');

    const diagnosis = page.getByRole('form', { name: 'Diagnosis' });
    await diagnosis.getByLabel('Component at fault').selectOption('cart');
    await diagnosis.getByLabel('Kind of fault').selectOption('bad-deploy');
    await diagnosis.getByLabel('What set it off').selectOption('deploy-cart-2-4-1');
    await diagnosis.getByRole('button', { name: 'Submit diagnosis' }).click();

    await page.getByTestId('score-total').waitFor();
    expect(await page.getByTestId('score-total').textContent()).toBe('100');
    for (const part of ['Diagnosis', 'Evidence', 'Method', 'Efficiency']) {
      expect(await page.getByRole('meter', { name: part }).isVisible()).toBe(true);
    }
    expect(await page.getByRole('region', { name: 'Clues' }).textContent()).not.toContain('Missed');
    await screenshot(page, '05-debrief');

    await page.getByRole('button', { name: 'Back to scenarios' }).click();
    await page.getByRole('heading', { name: 'Scenarios' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sets a corrupt save aside and says so', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.evaluate(() => localStorage.setItem('twoam.investigation', '{"version":1,"scenarioId":'));
    await page.reload();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('could not be read');
    const keys = await page.evaluate(() => Object.keys(localStorage));
    expect(keys.filter((k) => k.startsWith('twoam.investigation.corrupt.'))).toHaveLength(1);
    await screenshot(page, '06-corrupt-save');
    await context.close();
  });
});
