import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeOf } from '../../src/engine/scoring/grade.ts';
import type { Links } from './gamedayHarness.ts';
import { joinAs, startGamedayServer } from './gamedayHarness.ts';
import { launchChromium, screenshot, watchErrors } from './harness.ts';

/** The moment and each service's health the debrief map last drew, from its data attributes. */
async function drawn(map: Locator): Promise<{ at: string; health: Record<string, string> }> {
  return {
    at: ((await map.getAttribute('data-at')) ?? '').slice(11, 16),
    health: JSON.parse((await map.getAttribute('data-health')) ?? '{}') as Record<string, string>,
  };
}

/** How the investigation's header sits beside the team's column: its title whole, nothing under the column. */
async function headerFit(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>('.topbar')!;
    const title = bar.querySelector<HTMLElement>('.title')!;
    const column = document.querySelector('.gameday-team')!.getBoundingClientRect();
    const right = Math.max(...[...bar.children].map((c) => c.getBoundingClientRect().right));
    return {
      title: title.getAttribute('title'),
      titleCut: title.scrollHeight > title.clientHeight || title.scrollWidth > title.clientWidth,
      underTheColumn: right > column.left,
      overflow: bar.scrollWidth > bar.clientWidth,
    };
  });
}

describe('a co-op game day in Chromium', () => {
  let browser: Browser;
  let child: ChildProcessWithoutNullStreams | undefined;
  let links: Links;
  const dataDir = mkdtempSync(join(tmpdir(), 'twoam-gameday-e2e-'));

  beforeAll(async () => {
    ({ child, links } = await startGamedayServer(dataDir, 1));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shares a pin between two players, carries an inject to the team and ends in a retro of both', async () => {
    const facilitatorContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const facilitator = await facilitatorContext.newPage();
    const facilitatorErrors = watchErrors(facilitator);
    await facilitator.goto(links.facilitator);
    await facilitator.getByRole('heading', { name: /^Facilitating: / }).waitFor({ timeout: 30_000 });
    expect(await facilitator.locator('.gameday-truth').textContent()).toContain('Root cause: cart');
    await facilitator.getByRole('button', { name: 'Start the clock' }).click();

    const ana = await joinAs(browser, links.joins[0]!, 'Ana', 'commander');
    const bo = await joinAs(browser, links.joins[0]!, 'Bo', 'investigator');
    const anaTeam = ana.page.getByRole('complementary', { name: 'Your team' });
    const boTeam = bo.page.getByRole('complementary', { name: 'Your team' });
    await expect.poll(() => boTeam.locator('.gameday-members li').count()).toBe(2);

    // At 1280×720 the header fits beside the team's column: the title whole, the buttons on a second row.
    await ana.page.setViewportSize({ width: 1280, height: 720 });
    await expect
      .poll(() => headerFit(ana.page))
      .toEqual({ title: 'Your first page', titleCut: false, underTheColumn: false, overflow: false });
    await screenshot(ana.page, 'gameday-00-header-720p');
    await ana.page.setViewportSize({ width: 1500, height: 900 });

    // Ana pins cart's deploy from the change log; Bo sees it on the shared board and in the feed.
    await ana.page.getByRole('tab', { name: 'Changes' }).click();
    await ana.page.getByRole('button', { name: 'Pin change deploy-cart-2-4-1' }).click();
    await expect
      .poll(() => boTeam.locator('.gameday-pins li').allTextContents(), { timeout: 20_000 })
      .toEqual(['deploy cart: cart 2.4.1: apply coupon discounts before tax (PR #318)']);
    await expect
      .poll(() => boTeam.locator('.gameday-feed li[data-type="pin"]').first().textContent())
      .toMatch(/^Ana pinned deploy cart/);
    // The pin is on Bo's own case board too, ready to cite in his chain.
    await expect
      .poll(() => bo.page.getByRole('region', { name: 'Case board' }).locator('.evidence-item').count())
      .toBe(1);
    await screenshot(bo.page, 'gameday-01-shared-pin');

    // Bo looks at the change log too, and posts a status update for the facilitator.
    await bo.page.getByRole('tab', { name: 'Changes' }).click();
    await boTeam.getByLabel('Status update for the facilitator').fill('Suspect the cart 2.4.1 deploy.');
    await boTeam.getByRole('button', { name: 'Post update' }).click();

    // The facilitator sees the team's progress: the pin, the score so far and the status update.
    const card = facilitator.getByRole('article', { name: 'The team' });
    await expect.poll(() => card.locator('.gameday-pins li').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => card.locator('[data-clues]').textContent()).not.toBe('0');
    await expect
      .poll(() => card.locator('.gameday-status-list li').first().textContent())
      .toBe('Bo: Suspect the cart 2.4.1 deploy.');
    await screenshot(facilitator, 'gameday-02-facilitator');

    // An observer watches the same board, read-only.
    const observerPage = await (await browser.newContext()).newPage();
    const observerErrors = watchErrors(observerPage);
    await observerPage.goto(links.observer);
    const watched = observerPage.getByRole('article', { name: 'The team' });
    await expect.poll(() => watched.locator('.gameday-pins li').count(), { timeout: 20_000 }).toBe(1);
    expect(await observerPage.getByRole('form').count()).toBe(0);

    // An escalation pushed to every team reaches both players.
    const inject = facilitator.getByRole('form', { name: 'Push an inject' });
    await inject.getByLabel('Kind', { exact: true }).selectOption('escalation');
    await inject.getByLabel('Title', { exact: true }).fill('The CFO is asking about checkout');
    await inject
      .getByLabel('Message', { exact: true })
      .fill('Revenue is down: give an update in 10 minutes.');
    await inject.getByRole('button', { name: 'Push inject' }).click();
    for (const team of [anaTeam, boTeam])
      await expect
        .poll(() => team.locator('.gameday-inbox li[data-kind="escalation"]').textContent(), {
          timeout: 20_000,
        })
        .toContain('The CFO is asking about checkout');
    await screenshot(ana.page, 'gameday-03-inject');

    // Bo submits a diagnosis. The answer is not in his page, so his debrief waits for the round's end.
    await bo.page.getByRole('button', { name: 'Write the diagnosis' }).click();
    const form = bo.page.getByRole('form', { name: 'Diagnosis' });
    await form.getByLabel('Component at fault').selectOption('cart');
    await form.getByLabel('Kind of fault').selectOption('bad-deploy');
    await form.getByRole('button', { name: 'Submit diagnosis' }).click();
    await bo.page.getByRole('heading', { name: 'Your diagnosis is in' }).waitFor({ timeout: 20_000 });

    // The facilitator pauses the round: the players' incident clock stops with it.
    await facilitator.getByRole('button', { name: 'Pause the clock' }).click();
    await expect
      .poll(() => anaTeam.locator('.gameday-clock').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('paused');
    const incidentClock = ana.page.getByRole('timer', { name: 'Incident clock' });
    // The clock redraws every second: let it draw the paused time, then watch it stay.
    await ana.page.waitForTimeout(1500);
    const stoppedAt = await incidentClock.textContent();
    await ana.page.waitForTimeout(2500);
    expect(await incidentClock.textContent()).toBe(stoppedAt);

    // A rollback pushed to every team appears in the Changes tool, not among the messages.
    await inject.getByLabel('Kind', { exact: true }).selectOption('rollback');
    await inject.getByLabel('Title', { exact: true }).fill('Rolled back cart to 2.4.0');
    await inject.getByLabel('Service', { exact: true }).fill('cart');
    await inject.getByRole('button', { name: 'Push inject' }).click();
    const changeList = ana.page.locator('.change-list li');
    await expect
      .poll(
        async () => {
          await ana.page.getByRole('button', { name: 'Filter changes' }).click();
          return changeList.allTextContents();
        },
        { timeout: 20_000 },
      )
      .toContainEqual(expect.stringContaining('rollbackcartRolled back cart to 2.4.0'));
    expect(await ana.page.getByRole('button', { name: 'Pin change inject-2' }).count()).toBe(1);
    expect(await anaTeam.locator('.gameday-inbox li[data-kind="rollback"]').count()).toBe(0);
    expect(await incidentClock.textContent()).toBe(stoppedAt);
    await screenshot(ana.page, 'gameday-03b-rollback-in-changes');

    // The round ends: players are told, and the facilitator's retro lists both players' steps.
    await facilitator.getByRole('button', { name: 'End the round' }).click();
    await expect
      .poll(() => anaTeam.getByRole('status').textContent(), { timeout: 20_000 })
      .toContain('ended the round');
    // The server sends Bo's debrief now: the answer, and his play scored as his team's, with its grade.
    const total = bo.page.getByTestId('score-total');
    await total.waitFor({ timeout: 30_000 });
    const grade = bo.page.getByTestId('score-grade');
    await expect.poll(() => grade.textContent(), { timeout: 30_000 }).toMatch(/[SABCD]$/);
    expect((await grade.textContent())?.slice(-1)).toBe(gradeOf(Number(await total.textContent()), 0));
    // The tutorial's coach is at its last step, reading the debrief (a game day has no fix to choose).
    const coach = bo.page.getByRole('region', { name: 'Tutorial' });
    expect(await coach.getAttribute('data-step')).toBe('debrief');
    expect(await coach.textContent()).toContain('step 9 of 9');
    await screenshot(bo.page, 'gameday-03c-debrief');

    // The server plays the team's world back for the debrief's map: the fault at its time, and by the
    // round's end cart failing.
    const replay = bo.page.getByRole('region', { name: 'What happened' });
    const map = replay.getByTestId('debrief-map');
    const scrubber = replay.getByRole('slider', { name: 'Moment of the replay' });
    await scrubber.waitFor({ timeout: 60_000 });
    await expect.poll(() => map.getAttribute('data-frame'), { timeout: 30_000 }).toBe('0');
    const moments = replay.getByRole('list', { name: 'Key moments of the replay' }).locator('li');
    await moments.filter({ hasText: 'You are paged' }).waitFor();
    await moments.first().getByRole('button').click();
    await expect.poll(() => drawn(map).then((d) => d.at)).toBe('01:40');
    await scrubber.focus();
    await bo.page.keyboard.press('End');
    await expect.poll(() => drawn(map).then((d) => d.health.cart)).toBe('failing');
    await replay.scrollIntoViewIfNeeded();
    await screenshot(bo.page, 'gameday-03d-debrief-replay');
    const retro = facilitator.getByRole('article', { name: 'Retro of The team' });
    await retro.waitFor({ timeout: 30_000 });
    expect(await facilitator.locator('.gameday-retro .subtitle').textContent()).toBe(
      'Round 1, variant 0 (seed 2026)',
    );
    // Beside the team's total, its grade.
    const retroTotal = Number(await retro.locator('[data-total]').textContent());
    expect(await retro.locator('[data-grade]').getAttribute('data-grade')).toBe(gradeOf(retroTotal, 0));
    const steps = await retro.locator('.gameday-timeline li').allTextContents();
    expect(steps.some((s) => /Ana pinned deploy cart/.test(s))).toBe(true);
    expect(steps.some((s) => /Bo changes/.test(s))).toBe(true);
    await facilitator.getByRole('slider').fill('0');
    await expect.poll(() => retro.locator('.gameday-timeline li.done').count()).toBeLessThan(steps.length);
    await screenshot(facilitator, 'gameday-04-retro');

    expect([...facilitatorErrors, ...observerErrors, ...ana.errors, ...bo.errors]).toEqual([]);
  });
});

describe('a competitive game day in Chromium', () => {
  let browser: Browser;
  let child: ChildProcessWithoutNullStreams | undefined;
  let links: Links;
  const dataDir = mkdtempSync(join(tmpdir(), 'twoam-gameday-e2e-'));

  beforeAll(async () => {
    ({ child, links } = await startGamedayServer(dataDir, 2));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows pace during the round, ranks the server's scores after it and puts the teams side by side", async () => {
    expect(links.joins.length).toBe(2);
    const facilitator = await (
      await browser.newContext({ viewport: { width: 1400, height: 1000 } })
    ).newPage();
    const facilitatorErrors = watchErrors(facilitator);
    await facilitator.goto(links.facilitator);
    await facilitator.getByRole('button', { name: 'Start the clock' }).click();

    const cy = await joinAs(browser, links.joins[0]!, 'Cy', 'investigator');
    const di = await joinAs(browser, links.joins[1]!, 'Di', 'commander');
    await cy.page.getByRole('tab', { name: 'Changes' }).click();
    await cy.page.getByRole('button', { name: 'Pin change deploy-cart-2-4-1' }).click();

    // While the round runs the board both teams see shows each team's pace, never a score: a score that
    // moved with a pin would tell a team which of its pins is a clue.
    const column = (n: number) => di.page.locator(`.gameday-leaderboard tbody tr td:nth-child(${n})`);
    await expect
      .poll(async () => Number((await column(5).allTextContents())[0]), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await column(2).allTextContents()).toEqual(['Team 1', 'Team 2']);
    expect(await column(3).allTextContents()).toEqual(['—', '—']);
    // A team never sees another team's board.
    expect(await di.page.locator('.gameday-team .gameday-pins li').count()).toBe(0);
    await screenshot(di.page, 'gameday-05-leaderboard');

    await facilitator.getByRole('button', { name: 'End the round' }).click();
    // The round is over: the server scores each team's verified steps, and Team 1's clue puts it ahead.
    await expect.poll(() => column(4).allTextContents(), { timeout: 30_000 }).toEqual(['1', '0']);
    expect(await column(2).allTextContents()).toEqual(['Team 1', 'Team 2']);
    const scores = (await column(3).locator('[data-score]').allTextContents()).map(Number);
    expect(scores[0]).toBeGreaterThan(scores[1]!);
    // Beside each score, its grade: the letter a solo play of that score earns (no hint was bought).
    await expect
      .poll(() =>
        column(3)
          .locator('[data-grade]')
          .evaluateAll((g) => g.map((e) => e.getAttribute('data-grade'))),
      )
      .toEqual(scores.map((score) => gradeOf(score, 0)));
    await screenshot(di.page, 'gameday-05b-scores');
    const columns = facilitator.locator('.gameday-retro-team');
    await expect.poll(() => columns.count(), { timeout: 30_000 }).toBe(2);
    const download = facilitator.waitForEvent('download');
    await facilitator.getByRole('button', { name: 'Export JSON' }).click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as {
      teams: { name: string; steps: unknown[] }[];
    };
    expect(exported.teams.map((t) => t.name)).toEqual(['Team 1', 'Team 2']);
    expect(exported.teams[0]!.steps.length).toBeGreaterThan(0);
    expect(exported).toMatchObject({ round: 1, variant: 0 });
    await screenshot(facilitator, 'gameday-06-retro-two-teams');

    // The facilitator starts a second round, on a fresh variant by default; players are offered to join it.
    const newRound = facilitator.getByRole('form', { name: 'Start a new round' });
    expect(await newRound.getByLabel('Variant').inputValue()).toBe('1');
    await newRound.getByRole('button', { name: 'Start round 2' }).click();
    await expect
      .poll(() => facilitator.locator('[data-round]').textContent(), { timeout: 60_000 })
      .toBe('round 2, variant 1');
    await di.page.getByRole('button', { name: 'Join round 2' }).click({ timeout: 20_000 });
    const begin = di.page.getByRole('button', { name: 'Start investigating' });
    await begin.waitFor({ timeout: 60_000 });
    await begin.click();
    // A fresh board: the first round's steps stay in the first round.
    const diTeam = di.page.getByRole('complementary', { name: 'Your team' });
    await expect.poll(() => diTeam.locator('.gameday-feed li[data-type]').count()).toBe(0);
    expect(await diTeam.locator('.gameday-clock').getAttribute('data-state')).toBe('paused');

    expect([...facilitatorErrors, ...cy.errors, ...di.errors]).toEqual([]);
  });
});
