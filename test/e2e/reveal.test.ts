import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gradeOf } from '../../src/engine/scoring/grade.ts';
import { openTutorial, screenshot, useServedGame } from './harness.ts';
import { diagnose } from './tutorialSteps.ts';

/** The moment and each service's health the debrief map last drew, from its data attributes. */
async function drawn(map: Locator): Promise<{ at: string; health: Record<string, string> }> {
  return {
    at: ((await map.getAttribute('data-at')) ?? '').slice(11, 16),
    health: JSON.parse((await map.getAttribute('data-health')) ?? '{}') as Record<string, string>,
  };
}

describe('the reveal at the debrief, in Chromium', () => {
  const game = useServedGame();

  it('replays the incident on the map, marks the fault and the rollback, and grades the score', async () => {
    const { page, errors } = await openTutorial(game);
    await page.setViewportSize({ width: 1280, height: 720 });
    // The header keeps the scenario's whole name at 1280×720 (on two lines if it must), named in full on hover.
    const title = page.locator('.topbar .title');
    expect(await title.getAttribute('title')).toBe('Your first page');
    expect(
      await title.evaluate((el) => el.scrollHeight <= el.clientHeight && el.scrollWidth <= el.clientWidth),
    ).toBe(true);
    await screenshot(page, 'reveal-00-header-720p');
    await diagnose(page, {
      component: 'cart',
      fault: 'bad-deploy',
      trigger: 'deploy-cart-2-4-1',
      confidence: 80,
      mitigation: 'Roll back cart 2.4.1 (deployed 01:40), usually 5m',
    });

    const total = page.getByTestId('score-total');
    await total.waitFor({ timeout: 60_000 });
    // No hint was bought: the grade is the total's.
    const grade = page.getByTestId('score-grade');
    await expect.poll(() => grade.textContent(), { timeout: 30_000 }).toMatch(/[SABCD]$/);
    expect((await grade.textContent())?.slice(-1)).toBe(gradeOf(Number(await total.textContent()), 0));
    // What the scenario trains is named now, and only now (the card lists the system, families and tools).
    expect(await page.getByTestId('debrief-skills').textContent()).toBe(
      'What this scenario trains: scope logs to a service · pin evidence and state a hypothesis · refute a red herring.',
    );
    await page.getByTestId('debrief-skills').scrollIntoViewIfNeeded();
    await screenshot(page, 'reveal-01-root-cause-and-skills');

    const replay = page.getByRole('region', { name: 'What happened' });
    const map = replay.getByTestId('debrief-map');
    const scrubber = replay.getByRole('slider', { name: 'Moment of the replay' });
    await scrubber.waitFor({ timeout: 90_000 });
    await expect.poll(() => map.getAttribute('data-frame'), { timeout: 30_000 }).toBe('0');
    // At the window's opening no rate can be taken yet: the services are idle.
    expect(await drawn(map)).toEqual({
      at: '01:00',
      health: { web: 'idle', cart: 'idle', 'cart-db': 'idle' },
    });

    // The key moments, in words: the fault at its trigger, the symptoms, the page, the rollback and what it did.
    const moments = replay.getByRole('list', { name: 'Key moments of the replay' }).locator('li');
    const listed = await moments.evaluateAll((items) =>
      items.map((li) => [li.getAttribute('data-kind'), li.textContent?.slice(0, 5)]),
    );
    expect(listed.slice(0, 4)).toEqual([
      ['fault', '01:40'],
      ['symptom', '01:41'],
      ['symptom', '01:41'],
      ['page', '02:05'],
    ]);
    const rollback = moments.filter({ hasText: 'You applied Roll back cart 2.4.1' });
    expect(await rollback.textContent()).toContain('it cleared the symptoms');

    // The fault appears at its time: the moment's button takes the map there; the keyboard steps around it.
    await moments.first().getByRole('button').click();
    await expect.poll(() => drawn(map).then((d) => d.at)).toBe('01:40');
    await scrubber.focus();
    await page.keyboard.press('ArrowLeft');
    await expect
      .poll(() => drawn(map))
      .toEqual({ at: '01:39', health: { web: 'ok', cart: 'ok', 'cart-db': 'ok' } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => drawn(map).then((d) => d.at)).toBe('01:41');
    expect((await drawn(map)).health.cart).toBe('failing');
    expect((await drawn(map)).health['cart-db']).toBe('ok');

    // Play runs the map on to the end of the replay, past the rollback, where cart is healthy again.
    await page.keyboard.press('End');
    const last = Number(await map.getAttribute('data-frame'));
    expect(last).toBeGreaterThan(60);
    await page.keyboard.press('Home');
    await replay.getByRole('button', { name: 'Play the incident' }).click();
    await expect
      .poll(() => map.getAttribute('data-frame').then(Number), { timeout: 10_000 })
      .toBeGreaterThan(3);
    await screenshot(page, 'reveal-00-playing');
    await expect.poll(() => map.getAttribute('data-frame').then(Number), { timeout: 60_000 }).toBe(last);
    expect((await drawn(map)).health.cart).toBe('ok');
    await replay.getByRole('button', { name: 'Replay the incident' }).waitFor({ timeout: 5_000 });

    // The trainee's chain over the true one: no link was built, so both true links are missed.
    const overlay = replay.getByRole('complementary', { name: 'Your chain over the true one' });
    expect(
      await overlay
        .locator('.overlay-link')
        .evaluateAll((items) => items.map((li) => li.getAttribute('data-standing'))),
    ).toEqual(['missed', 'missed']);

    // The map and its controls fit a 1280×720 screen without scrolling sideways.
    await moments.filter({ hasText: 'You are paged' }).getByRole('button').click();
    await replay.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await screenshot(page, 'reveal-01-page');
    await grade.scrollIntoViewIfNeeded();
    await screenshot(page, 'reveal-02-grade');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
