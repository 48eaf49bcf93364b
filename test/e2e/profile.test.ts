import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULT_KIND_LABELS } from '../../src/engine/scenario/faultKinds.ts';
import { loadScenario } from '../../src/engine/scenario/load.ts';
import { screenshot, useServedGame, watchErrors } from './harness.ts';

const DAY = 86_400_000;

describe('the trainee profile, in Chromium', () => {
  const game = useServedGame();

  it('ranks the saved plays, counts the streak, draws the radars and offers a family never solved', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(game.url);
    const profile = page.getByTestId('profile');
    await profile.waitFor();
    expect(await page.getByTestId('profile-rank').textContent()).toBe('Shadowing');
    expect(await page.getByTestId('profile-streak').textContent()).toContain('0 days in a row');

    // A history this version cannot read is set aside and said so; the profile starts again.
    await page.evaluate(() => localStorage.setItem('twoam.history', '{"version":1,"plays":"many"}'));
    await page.reload();
    await page.getByText('The history of your plays could not be read').waitFor();
    expect(await page.getByTestId('profile-rank').textContent()).toBe('Shadowing');

    // Three solved plays over two families on the last three days, and one miss.
    const now = Date.now();
    const plays = [
      {
        scenarioId: 'tutorial',
        at: now - 2 * DAY,
        total: 88,
        solved: true,
        family: 'change',
        tools: ['logs', 'changes'],
      },
      {
        scenarioId: 'catalog-restarts',
        at: now - DAY,
        total: 74,
        solved: true,
        family: 'resources',
        tools: ['metrics'],
      },
      {
        scenarioId: 'misleading-dashboard',
        at: now,
        total: 41,
        solved: false,
        family: 'resources',
        tools: ['traces'],
      },
      {
        scenarioId: 'pool-last-year',
        at: now,
        total: 80,
        solved: true,
        family: 'resources',
        tools: ['logs', 'metrics'],
      },
    ];
    await page.evaluate(
      (record) => localStorage.setItem('twoam.history', record),
      JSON.stringify({ version: 1, plays }),
    );
    await page.reload();
    await profile.waitFor();
    expect(await page.getByTestId('profile-rank').textContent()).toBe('On call');
    expect(await page.getByTestId('profile-streak').textContent()).toContain('3 days in a row');
    expect(await profile.locator('[data-family="resources"]').textContent()).toBe('resources: 2 of 3 solved');
    expect(await profile.locator('[data-family="network"]').textContent()).toBe('network: not met yet');
    expect(await profile.locator('[data-tool="metrics"]').textContent()).toBe('metrics: in 2 of 4 plays');
    expect(await profile.getByRole('img', { name: 'Fault families solved' }).count()).toBe(1);
    expect(await page.getByTestId('profile-never-solved').textContent()).toMatch(
      /^Never solved yet: network, time and trust, load, data\. Practise network: /,
    );
    await screenshot(page, 'profile');

    // The offer opens its scenario's briefing.
    const offer = page.getByTestId('profile-never-solved').getByRole('button');
    const title = (await offer.textContent())!.replace(/^Practise network: /, '');
    await offer.click();
    await page.getByRole('article', { name: 'The page' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('.briefing > p.muted').first().textContent()).toBe(title);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('plays the daily incident to its debrief and shares a card that tells nothing of the answer', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(game.url);
    const daily = page.getByTestId('daily');
    await daily.waitFor();
    const id = (await daily.getAttribute('data-scenario'))!;
    expect(id).not.toBe('tutorial');
    await daily.getByRole('button', { name: "Play today's incident" }).click();
    await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 60_000 });

    // The day's variant, worked out here from the same file: the test answers right to reach the debrief.
    const variant = await page.evaluate(() => {
      const record = JSON.parse(localStorage.getItem('twoam.daily') ?? '{}') as {
        started?: { variant: number };
      };
      return record.started?.variant ?? 0;
    });
    const file = join('scenarios', `${id}.yaml`);
    const { scenario } = loadScenario(readFileSync(file, 'utf8'), file, { variant });
    const root = scenario!.solution.rootCause;
    await page.getByRole('button', { name: 'Write the diagnosis' }).click();
    const form = page.getByRole('form', { name: 'Diagnosis' });
    await form.getByLabel('Component at fault').selectOption(root.component);
    await form.getByLabel('Kind of fault').selectOption(root.fault);
    await form.getByRole('button', { name: 'Submit diagnosis' }).click();

    const card = page.getByTestId('daily-card');
    await card.waitFor({ timeout: 60_000 });
    const text = (await card.textContent())!;
    expect(text).toMatch(
      /^2AM daily #\d+ · \d{4}-\d{2}-\d{2}\n\d+\/100 · grade [SABCD] · \d+ min\n[🟩🟨🟧⬛]+\n/u,
    );
    for (const secret of [
      id,
      scenario!.title,
      root.component,
      root.fault,
      FAULT_KIND_LABELS[root.fault],
      ...(root.trigger ? [root.trigger] : []),
    ])
      expect(text).not.toContain(secret);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'daily-card');
    expect(errors).toEqual([]);
    await context.close();
  });
});
