import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot, useServedGame, watchErrors } from './harness.ts';

describe('the scenario library, in Chromium', () => {
  const game = useServedGame();
  const dir = mkdtempSync(join(tmpdir(), 'twoam-library-'));

  it('shows the cards, lists a broken file’s errors by position, and opens a valid file’s briefing', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(game.url);

    await page.getByRole('button', { name: 'Start Your first page' }).waitFor();
    await expect.poll(() => page.locator('.scenario-card').count()).toBeGreaterThan(1);
    expect(await page.locator('.scenario-card').first().getAttribute('data-scenario')).toBe('tutorial');
    expect(
      await page.locator('[data-scenario="tutorial"] [data-testid="scenario-progress"]').textContent(),
    ).toBe('Not played yet');
    await screenshot(page, 'library-cards');

    // Filter by what a scenario trains: the batch system holds four scenarios, and of those the renewals,
    // the nightly close and the replica behind its batch job train the data family; each card says what
    // it trains. Only the replica's path uses traces, and no batch scenario trains the resources family.
    const total = await page.locator('.scenario-card').count();
    await page.getByLabel('System').selectOption('batch');
    await expect
      .poll(() =>
        page
          .locator('.scenario-card')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-scenario')).sort()),
      )
      .toEqual(['saved-then-gone', 'short-changed', 'ten-minute-fix', 'two-of-three']);
    await page.getByLabel('Fault family').selectOption('data');
    await expect
      .poll(() =>
        page
          .locator('.scenario-card')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-scenario')).sort()),
      )
      .toEqual(['saved-then-gone', 'short-changed', 'ten-minute-fix']);
    expect(
      await page.locator('[data-scenario="ten-minute-fix"] [data-testid="scenario-trains"]').textContent(),
    ).toBe('Trains: batch · tell apart time and trust, data · logs, metrics, changes');
    // Its skills wait for the debrief: "find a fault that logs no error" would say what to look for.
    expect(await page.locator('body').textContent()).not.toContain('find a fault that logs no error');
    await page.getByLabel('Tool').selectOption('traces');
    await expect
      .poll(() =>
        page
          .locator('.scenario-card')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-scenario')).sort()),
      )
      .toEqual(['saved-then-gone']);
    await page.getByLabel('Fault family').selectOption('resources');
    await expect.poll(() => page.locator('.scenario-card').count()).toBe(0);
    await page.getByText('No scenario matches these filters.').waitFor();
    await screenshot(page, 'library-filters');
    for (const label of ['System', 'Fault family', 'Tool']) await page.getByLabel(label).selectOption('');
    await expect.poll(() => page.locator('.scenario-card').count()).toBe(total);

    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'id: broken\ntitle: [unclosed\n');
    await page.getByLabel('Load a scenario file').setInputFiles(broken);
    const listed = page.getByRole('alert', { name: 'Scenario file errors' }).locator('code').first();
    await listed.waitFor();
    expect(await listed.textContent()).toMatch(/^broken\.yaml:\d+:\d+: /);
    await listed.scrollIntoViewIfNeeded();
    await screenshot(page, 'library-file-errors');

    const valid = join(dir, 'my-copy.yaml');
    const tutorial = readFileSync(join(process.cwd(), 'scenarios', 'tutorial.yaml'), 'utf8');
    writeFileSync(
      valid,
      tutorial
        .replace(/^id: .*$/m, 'id: my-copy')
        .replace(/^title: .*$/m, 'title: My copy of the first page'),
    );
    await page.getByLabel('Load a scenario file').setInputFiles(valid);
    // The briefing opens once its world is generated: the page's alert, under the scenario's title.
    await page.getByRole('article', { name: 'The page' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('.briefing > p.muted').first().textContent()).toBe('My copy of the first page');
    await screenshot(page, 'library-file-briefing');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('previews a built-in scenario with its hidden truth beside the briefing', async () => {
    const context = await game.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${game.url}?preview=scenarios/tutorial.yaml`);
    const preview = page.getByRole('complementary', { name: 'Author preview' });
    await preview.getByRole('heading', { name: 'Root cause' }).waitFor({ timeout: 60_000 });
    await page.getByRole('article', { name: 'The page' }).waitFor();
    await expect
      .poll(() => preview.getByRole('heading', { level: 3 }).allTextContents())
      .toEqual(['Root cause', 'Faults', 'Chain', 'Clues', 'Red herrings', 'Reference path']);
    await screenshot(page, 'library-preview');
    expect(errors).toEqual([]);
    await context.close();
  });
});
