import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ActionLogSchema } from '../../src/engine/investigation/actions.ts';
import { screenshot, useServedGame, watchErrors } from './harness.ts';
import { addHypothesis, addLink, clickService, diagnose, pinNewestLine, search } from './tutorialSteps.ts';

/**
 * What the reference investigation earns when played from the page with one wrong submission first and
 * the rollback applied with the right one: every part in full (100) less 10 for the resubmission.
 */
const EXPECTED_TOTAL = 90;

const WEB_502 = /POST \/checkout HTTP\/1\.1" 502/;
const TYPE_ERROR = /TypeError/;
const DEPLOY = /^deploy cart/;
const TIMEOUT = /upstream timed out/;

describe('the tutorial, played in Chromium', () => {
  const game = useServedGame();

  it('goes from the page to the debrief through evidence, hypotheses and a chain, surviving a reload and a wrong answer', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(game.url);

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
    const pins = () => board.locator('.evidence-item').count();

    // The symptom: web answers checkout with 502.
    await clickService(page, 'web');
    await search(page, '"POST /checkout HTTP/1.1" 502', '"POST /checkout HTTP/1.1" 502 ');
    await pinNewestLine(page);
    await expect.poll(pins).toBe(1);

    // The misleading signal: web's upstream timeouts.
    await search(page, 'upstream timed out', 'upstream timed out');
    await pinNewestLine(page);
    await expect.poll(pins).toBe(2);

    // The cause: cart throws for coupon baskets.
    await clickService(page, 'cart');
    await search(page, 'TypeError', "reading 'percent'");
    await pinNewestLine(page);
    await expect.poll(pins).toBe(3);

    // The trigger: cart's deploy, in the change log scoped to cart.
    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.getByRole('button', { name: 'Pin change deploy-cart-2-4-1' }).click();
    await expect.poll(pins).toBe(4);
    await screenshot(page, '03-investigating');

    const cause = await addHypothesis(page, 'cart 2.4.1 broke pricing for coupon baskets', 'click', {
      component: 'cart',
      fault: 'bad-deploy',
    });
    for (const name of [WEB_502, TYPE_ERROR, DEPLOY])
      await cause.getByRole('combobox', { name }).selectOption('supports');
    await cause.getByLabel('Status').selectOption('supported');
    const herring = await addHypothesis(page, "web's upstream timeouts cause the 502s", 'Enter', {
      component: 'web',
    });
    await herring.getByRole('combobox', { name: TIMEOUT }).selectOption('refutes');
    await herring.getByLabel('Status').selectOption('refuted');
    await expect.poll(() => herring.getAttribute('class')).toContain('status-refuted');

    // A first answer before the chain is built: wrong, and the game says so without saying why.
    await diagnose(page, { component: 'web', fault: 'misconfiguration', trigger: '', confidence: 60 });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('does not match what happened');
    await screenshot(page, '04-wrong-answer');
    await page.getByRole('button', { name: 'Keep investigating' }).click();

    // The builder offers the trainee's own material; the long list of conditions narrows with a filter.
    const filter = page
      .getByRole('form', { name: 'Add a link' })
      .getByRole('searchbox', { name: 'Filter nodes' });
    await filter.fill('cart');
    await addLink(page, 'event:deploy-cart-2-4-1', 'condition:throws-for:cart@coupon-shoppers', [
      DEPLOY,
      TYPE_ERROR,
    ]);
    await filter.fill('');
    await addLink(
      page,
      'condition:throws-for:cart@coupon-shoppers',
      'condition:users-errors:coupon-shoppers',
      [WEB_502],
    );
    const links = page.getByRole('region', { name: 'Causal chain' }).locator('.chain-link');
    await expect.poll(() => links.count()).toBe(2);
    await screenshot(page, '05-case-board');
    // Every control on the case board has a name a screen reader can announce.
    const tree = await page.locator('#board-drawer').ariaSnapshot();
    const unnamed = tree
      .split('\n')
      .filter((l) => /^\s*- (button|combobox|checkbox|textbox|slider|radio)\b(?! ")/.test(l));
    expect(unnamed).toEqual([]);

    // A reload in the middle keeps the pins, the hypotheses and the chain.
    await page.reload();
    await expect.poll(pins, { timeout: 30_000 }).toBe(4);
    expect(await board.textContent()).toContain('TypeError');
    const hypotheses = page.getByRole('region', { name: 'Hypotheses' }).getByRole('article');
    expect(await hypotheses.count()).toBe(2);
    expect(
      await page
        .getByRole('article', { name: "Hypothesis: web's upstream timeouts cause the 502s" })
        .getByRole('combobox', { name: TIMEOUT })
        .inputValue(),
    ).toBe('refutes');
    expect(await links.count()).toBe(2);
    expect(await links.first().getAttribute('aria-label')).toMatch(/^Link 1: 01:40 deploy/);
    expect(await links.first().locator('.citations li').count()).toBe(2);
    await screenshot(page, '06-after-reload');

    await diagnose(page, {
      component: 'cart',
      fault: 'bad-deploy',
      trigger: 'deploy-cart-2-4-1',
      confidence: 90,
      mitigation: 'Roll back cart 2.4.1 (deployed 01:40), usually 5m',
    });

    const total = page.getByTestId('score-total');
    await total.waitFor();
    const shown = Number(await total.textContent());
    expect(shown).toBeGreaterThanOrEqual(90);
    expect(shown).toBe(EXPECTED_TOTAL);
    // The debrief shows the arithmetic from the parts to the total.
    expect(await page.getByTestId('score-arithmetic').textContent()).toMatch(/ − 10 = 90 → 90 \/ 100\.$/);
    for (const part of ['Diagnosis', 'Causal chain', 'Evidence', 'Method', 'Efficiency', 'Response']) {
      expect(await page.getByRole('meter', { name: part, exact: true }).isVisible()).toBe(true);
    }
    expect(await page.getByRole('list', { name: 'Penalties' }).textContent()).toBe(
      '−10 for 1 resubmission(s)',
    );
    expect(await page.getByRole('region', { name: 'Clues' }).textContent()).not.toContain('Missed');
    expect(await page.getByRole('list', { name: 'Reference chain' }).textContent()).not.toContain('Missing');
    expect(await page.getByRole('region', { name: 'Red herrings' }).textContent()).toContain(
      'ruled it out with evidence',
    );
    expect(await page.getByRole('region', { name: 'Confidence' }).textContent()).toContain('90%');
    expect(await page.getByRole('region', { name: 'How an expert would go' }).locator('li').count()).toBe(5);
    const debriefMap = page.locator('.debrief-map .map-canvas');
    await expect
      .poll(() => debriefMap.getAttribute('data-chain'), { timeout: 60_000 })
      .toBe('["cart","web"]');
    await page.waitForTimeout(2000); // let the map light the chain before the picture
    await screenshot(page, '07-debrief');
    await page.getByRole('region', { name: 'Causal chains' }).scrollIntoViewIfNeeded();
    await screenshot(page, '07-debrief-chains');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export action log' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('2am-tutorial-actions.json');
    const log = ActionLogSchema.parse(JSON.parse(readFileSync((await download.path())!, 'utf8')));
    expect(log.scenarioId).toBe('tutorial');
    expect(log.actions.filter((a) => a.type === 'diagnose').map((a) => a.diagnosis.component)).toEqual([
      'web',
      'cart',
    ]);

    await page.getByRole('button', { name: 'Back to scenarios' }).click();
    await page.getByRole('heading', { name: 'Scenarios' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tells a trainee who saw the key line but did not pin it when they saw it', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(game.url);
    await page.getByRole('button', { name: 'Start Your first page' }).click();
    await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 30_000 });
    await clickService(page, 'cart');
    await search(page, 'TypeError', "reading 'percent'");
    for (let i = 0; i < 3; i++) {
      await diagnose(page, { component: 'web', fault: 'misconfiguration', trigger: '', confidence: 50 });
      if (i < 2) await page.getByRole('button', { name: 'Keep investigating' }).click();
    }
    const clues = page.getByRole('region', { name: 'Clues' });
    await expect.poll(() => clues.locator('.seen-not-pinned').count(), { timeout: 20_000 }).toBe(1);
    expect(await clues.locator('.seen-not-pinned').textContent()).toMatch(
      /^You saw this at \d\d:\d\d but did not pin it: cart: .*TypeError/,
    );
    await clues.scrollIntoViewIfNeeded();
    await screenshot(page, '08-seen-not-pinned');
    await context.close();
  });

  it('sets a corrupt save aside and says so', async () => {
    const context = await game.browser.newContext();
    const page = await context.newPage();
    await page.goto(game.url);
    await page.evaluate(() => localStorage.setItem('twoam.investigation', '{"version":1,"scenarioId":'));
    await page.reload();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('could not be read');
    const keys = await page.evaluate(() => Object.keys(localStorage));
    expect(keys.filter((k) => k.startsWith('twoam.investigation.corrupt.'))).toHaveLength(1);
    await screenshot(page, '09-corrupt-save');
    // The copy kept aside can be removed from the library.
    await page.getByText("One unreadable save is kept aside in this browser's storage.").waitFor();
    await page.getByRole('button', { name: 'Remove it' }).click();
    await page.getByRole('button', { name: 'Remove it' }).waitFor({ state: 'detached' });
    const left = await page.evaluate(() => Object.keys(localStorage));
    expect(left.filter((k) => k.includes('.corrupt.'))).toEqual([]);
    await context.close();
  });
});
