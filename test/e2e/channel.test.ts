import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openTutorial, screenshot, useServedGame } from './harness.ts';

/** The Channel tab's name as announced: its title and, when there is one, the unread count. */
function channelTab(page: Page) {
  return page.getByRole('tab', { name: /^Channel/ });
}

describe('the incident channel, in Chromium', () => {
  const game = useServedGame();

  it('shows messages as the clock reaches them, takes a status update and shows it on the debrief', async () => {
    const { page, errors } = await openTutorial(game);

    // Support's message came before the page: it is waiting, unread, when the trainee arrives.
    await expect.poll(() => channelTab(page).textContent(), { timeout: 20_000 }).toBe('Channel1 unread');

    // A minute into the case a teammate offers a theory; the tab counts it before it is opened.
    await page.clock.fastForward('01:05');
    await expect.poll(() => channelTab(page).textContent(), { timeout: 20_000 }).toBe('Channel2 unread');
    await page.keyboard.press('g');
    await page.keyboard.press('h');
    const channel = page.getByRole('region', { name: 'Incident channel' });
    await channel.waitFor();
    expect(await channel.getByRole('heading').textContent()).toBe('#inc-20261025-tutorial');
    const messages = channel.getByRole('log', { name: 'Messages' }).locator('li');
    await expect.poll(() => messages.count()).toBe(2);
    expect(await messages.nth(0).textContent()).toMatch(
      /^Jo \(support\)support02:00:00Relaying from the queue/,
    );
    expect(await messages.nth(1).textContent()).toMatch(
      /^Dana \(ops\)teammate02:06:0\dpretty sure this is nginx/,
    );
    expect(await channelTab(page).textContent()).toBe('Channel');

    // The manager asks for status; the trainee posts one with Ctrl+Enter and the manager answers.
    await page.clock.fastForward('02:00');
    await expect.poll(() => messages.count(), { timeout: 20_000 }).toBe(3);
    expect(await messages.nth(2).textContent()).toContain('A short status here when you can');
    const update =
      'Checkout fails for shoppers with a coupon (cart answers 500). Looking at the cart deploy.';
    const box = channel.getByLabel('Post a status update');
    await box.fill(update);
    await box.press('Control+Enter');
    expect(await box.inputValue()).toBe('');
    await expect.poll(() => messages.count()).toBe(4);
    expect(await messages.nth(3).textContent()).toMatch(/^Youstatus update02:0\d:\d\dCheckout fails/);
    await page.clock.fastForward('00:30');
    await expect.poll(() => messages.count(), { timeout: 20_000 }).toBe(5);
    expect(await messages.nth(4).textContent()).toContain('Thanks, passing that on to support.');
    await screenshot(page, 'channel-01-investigating');

    // Every control of the channel has a name a screen reader can announce.
    const tree = await channel.ariaSnapshot();
    expect(tree.split('\n').filter((l) => /^\s*- (button|textbox)\b(?! ")/.test(l))).toEqual([]);

    await page.getByRole('button', { name: 'Write the diagnosis' }).click();
    const form = page.getByRole('form', { name: 'Diagnosis' });
    await form.getByLabel('Component at fault').selectOption('cart');
    await form.getByLabel('Kind of fault').selectOption('bad-deploy');
    await form.getByLabel('What set it off').selectOption('deploy-cart-2-4-1');
    await form.getByRole('button', { name: 'Submit diagnosis' }).click();

    const updates = page.getByRole('region', { name: 'Your status updates' });
    await updates.waitFor({ timeout: 30_000 });
    const item = updates.locator('li.channel-update');
    expect(await item.count()).toBe(1);
    const text = (await item.textContent()) ?? '';
    expect(text).toContain(update);
    expect(text).toContain('In force: bad deploy (code defect) on cart (POST /api/cart/price)');
    expect(text).toContain('No mitigation applied yet.');
    expect(text).toContain('misleading: Dana (ops) said “pretty sure this is nginx again.');
    await updates.scrollIntoViewIfNeeded();
    await screenshot(page, 'channel-02-debrief');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
