import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useServedGame, watchErrors } from './harness.ts';
import { addHypothesis, addLink, clickService, diagnose, pinNewestLine, search } from './tutorialSteps.ts';

const WEB_502 = /POST \/checkout HTTP\/1\.1" 502/;
const TYPE_ERROR = /TypeError/;
const DEPLOY = /^deploy cart/;
const TIMEOUT = /upstream timed out/;

/** The coach's step, once it has moved to `id` (it moves when the game records the player's move). */
async function coachAt(page: Page, id: string): Promise<void> {
  const coach = page.getByRole('region', { name: 'Tutorial' });
  await expect.poll(() => coach.getAttribute('data-step'), { timeout: 20_000 }).toBe(id);
}

async function startTutorial(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Start Your first page' }).click();
  await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 30_000 });
}

describe("the tutorial's coach, in Chromium", () => {
  const game = useServedGame();

  it('walks a newcomer from scoping to the debrief as they play, step by step', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await startTutorial(page, game.url);
    const board = page.getByRole('region', { name: 'Case board' });
    const pins = () => board.locator('.evidence-item').count();

    await coachAt(page, 'scope');
    expect(await page.getByRole('region', { name: 'Tutorial' }).textContent()).toContain('step 1 of 10');
    await screenshot(page, 'coach-01-scope');
    await clickService(page, 'web');
    await coachAt(page, 'query');
    await screenshot(page, 'coach-02-query');
    await search(page, '"POST /checkout HTTP/1.1" 502', '"POST /checkout HTTP/1.1" 502 ');
    await coachAt(page, 'pin');
    await screenshot(page, 'coach-03-pin');
    await pinNewestLine(page);
    await coachAt(page, 'hypothesis');

    // The rest of the evidence, then the hypotheses the coach asks for.
    await search(page, 'upstream timed out', 'upstream timed out');
    await pinNewestLine(page);
    await clickService(page, 'cart');
    await search(page, 'TypeError', "reading 'percent'");
    await pinNewestLine(page);
    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.getByRole('button', { name: 'Pin change deploy-cart-2-4-1' }).click();
    await expect.poll(pins).toBe(4);
    await screenshot(page, 'coach-04-hypothesis');

    const cause = await addHypothesis(page, 'cart 2.4.1 broke pricing for coupon baskets', 'click', {
      component: 'cart',
      fault: 'bad-deploy',
    });
    await coachAt(page, 'mark');
    for (const name of [WEB_502, TYPE_ERROR, DEPLOY])
      await cause.getByRole('combobox', { name }).selectOption('supports');
    await cause.getByLabel('Status').selectOption('supported');
    // Evidence for only: the step waits for evidence against as well.
    await coachAt(page, 'mark');
    await screenshot(page, 'coach-05-mark');
    const herring = await addHypothesis(page, "web's upstream timeouts cause the 502s", 'Enter', {
      component: 'web',
    });
    await herring.getByRole('combobox', { name: TIMEOUT }).selectOption('refutes');
    await coachAt(page, 'refute');
    await screenshot(page, 'coach-06-refute');
    await herring.getByLabel('Status').selectOption('refuted');
    await coachAt(page, 'chain');
    await screenshot(page, 'coach-07-chain');

    await addLink(page, 'event:deploy-cart-2-4-1', 'condition:throws-for:cart@coupon-shoppers', [
      DEPLOY,
      TYPE_ERROR,
    ]);
    await addLink(
      page,
      'condition:throws-for:cart@coupon-shoppers',
      'condition:users-errors:coupon-shoppers',
      [WEB_502],
    );
    await coachAt(page, 'fix');
    await screenshot(page, 'coach-08-fix');

    await diagnose(page, {
      component: 'cart',
      fault: 'bad-deploy',
      trigger: 'deploy-cart-2-4-1',
      confidence: 90,
      mitigation: 'Roll back cart 2.4.1 (deployed 01:40), usually 5m',
    });
    await page.getByTestId('score-total').waitFor({ timeout: 60_000 });
    await coachAt(page, 'debrief');
    expect(await page.getByRole('region', { name: 'Tutorial' }).textContent()).toContain('step 10 of 10');
    await screenshot(page, 'coach-09-debrief');
    await page.getByRole('button', { name: 'Finish tutorial' }).click();
    await page.getByRole('region', { name: 'Tutorial' }).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('stays away for good once skipped', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await startTutorial(page, game.url);
    await coachAt(page, 'scope');
    await page.getByRole('button', { name: 'Skip tutorial' }).click();
    await page.getByRole('region', { name: 'Tutorial' }).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => localStorage.getItem('twoam.tutorialSkipped'))).toBe('1');
    await screenshot(page, 'coach-skipped');

    // Back at the scenarios and into the tutorial again: no coach, while the investigation goes on.
    await page.reload();
    await clickService(page, 'web');
    await search(page, '"POST /checkout HTTP/1.1" 502', '"POST /checkout HTTP/1.1" 502 ');
    expect(await page.getByRole('region', { name: 'Tutorial' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
