import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/engine/scenario/schema.ts';
import { builtinScenario } from '../unit/helpers.ts';
import type { Secret } from '../unit/leakProbes.ts';
import { leaksIn, secretsOf } from '../unit/leakProbes.ts';
import type { Links } from './gamedayHarness.ts';
import { startGamedayServer } from './gamedayHarness.ts';
import { launchChromium, screenshot, watchErrors } from './harness.ts';

// A game-day player's browser through a whole round, the facilitator's link never opened in it: every
// network response, every WebSocket frame, the DOM at each step and localStorage are kept, and none may
// hold the scenario's hidden truth. The server holds the world; the page only asks it questions.

/** Each fault's log message: the world's logs show it once a player queries them, and nothing before. */
function faultMessages(scenario: Scenario): Secret[] {
  return scenario.faults.flatMap((f, i) =>
    f.log?.message ? [{ what: `faults.${i}.log.message`, text: f.log.message }] : [],
  );
}

/** Counts the Web Workers the page starts: a game-day player's page must start none. */
async function countWorkers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __workers: string[] };
    w.__workers = [];
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        w.__workers.push(String(url));
        super(url, options);
      }
    };
  });
}

describe("a game-day player's browser through a whole round", () => {
  let players: Browser;
  let facilitators: Browser;
  let child: ChildProcessWithoutNullStreams | undefined;
  let links: Links;
  const dataDir = mkdtempSync(join(tmpdir(), 'twoam-gameday-leaks-'));

  beforeAll(async () => {
    // Two teams, so the player's page has a leaderboard to watch.
    ({ child, links } = await startGamedayServer(dataDir, 2));
    // Two browsers, not two contexts of one: nothing the facilitator's page holds can reach the player's.
    players = await launchChromium();
    facilitators = await launchChromium();
  });

  afterAll(async () => {
    await players?.close();
    await facilitators?.close();
    child?.kill('SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never holds the solution, the clues, the hints or the faults', async () => {
    const scenario = builtinScenario('tutorial.yaml');
    const truth = secretsOf(scenario);
    // Until the player's first log query, a fault's log message may be nowhere either.
    let secrets = [...truth, ...faultMessages(scenario)];
    const found: string[] = [];
    const check = (where: string, text: string, among = secrets) => {
      for (const what of leaksIn(text, among)) found.push(`${where}: ${what}`);
    };

    const facilitator = await (
      await facilitators.newContext({ viewport: { width: 1400, height: 1000 } })
    ).newPage();
    await facilitator.goto(links.facilitator);
    await facilitator.getByRole('button', { name: 'Start the clock' }).click({ timeout: 30_000 });

    const context = await players.newContext({ viewport: { width: 1500, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const requested: string[] = [];
    const bodies: Promise<void>[] = [];
    context.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      const among = secrets;
      requested.push(path);
      bodies.push(
        response
          .text()
          .then((text) => check(`response ${path}`, text, among))
          .catch(() => undefined),
      );
    });
    let frames = 0;
    page.on('websocket', (ws) => {
      const keep = (how: string) => (frame: { payload: string | Buffer }) => {
        frames++;
        const text = typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8');
        check(`WebSocket frame ${how} ${new URL(ws.url()).pathname}`, text);
      };
      ws.on('framereceived', keep('received'));
      ws.on('framesent', keep('sent'));
    });
    await countWorkers(page);
    const look = async (step: string) => {
      const { dom, storage } = await page.evaluate(() => ({
        dom: document.documentElement.outerHTML,
        storage: Object.keys(localStorage)
          .map((k) => `${k}=${localStorage.getItem(k)}`)
          .join('\n'),
      }));
      check(`DOM at ${step}`, dom);
      check(`localStorage at ${step}`, storage);
    };

    await page.goto(links.joins[0]!);
    await look('the join form');
    await page.getByLabel('Your name').fill('Ana');
    await page.getByRole('button', { name: 'Join the team' }).click();
    const begin = page.getByRole('button', { name: 'Start investigating' });
    await begin.waitFor({ timeout: 60_000 });
    await look('the briefing');
    await begin.click();
    await page.getByRole('tab', { name: 'Changes' }).waitFor({ timeout: 30_000 });
    await look('the first screen');
    // By position: a tab's name carries its unread count, which may change while the tabs are visited.
    const tabs = page.getByRole('tab');
    for (let i = 0; i < (await tabs.count()); i++) {
      const tab = tabs.nth(i);
      const name = ((await tab.textContent()) ?? '').trim();
      await tab.click();
      await page.waitForTimeout(500);
      await look(`the ${name} tab`);
    }

    // The player works the round: pins a change the Changes tool showed.
    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.getByRole('button', { name: 'Pin change deploy-cart-2-4-1' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Case board' }).locator('.evidence-item').count())
      .toBe(1);
    await look('a pin');

    // The facilitator pushes an escalation; it reaches the player.
    const inject = facilitator.getByRole('form', { name: 'Push an inject' });
    await inject.getByLabel('Kind', { exact: true }).selectOption('escalation');
    await inject.getByLabel('Title', { exact: true }).fill('The CFO is asking about checkout');
    await inject.getByRole('button', { name: 'Push inject' }).click();
    const team = page.getByRole('complementary', { name: 'Your team' });
    await team.locator('.gameday-inbox li[data-kind="escalation"]').waitFor({ timeout: 20_000 });
    await look('an inject');

    // A log query shows the world's lines, the faults' among them: that is the evidence, not a leak.
    secrets = truth;
    await page.getByRole('tab', { name: 'Logs' }).click();
    await page.getByRole('button', { name: 'Run query' }).click();
    await page.locator('.log-line').first().waitFor({ timeout: 30_000 });
    await look('a log query');

    // The player submits a diagnosis. A solo play's page learns the answer now; a game day's does not:
    // the server keeps it, and the debrief waits for the end of the round.
    await page.getByRole('button', { name: 'Write the diagnosis' }).click();
    const form = page.getByRole('form', { name: 'Diagnosis' });
    await form.getByLabel('Component at fault').selectOption('cart');
    await form.getByLabel('Kind of fault').selectOption('bad-deploy');
    await look('the diagnosis form');
    await form.getByRole('button', { name: 'Submit diagnosis' }).click();
    await page.getByRole('heading', { name: 'Your diagnosis is in' }).waitFor({ timeout: 20_000 });
    await look('a submitted diagnosis');
    const code = new URL(links.joins[0]!).searchParams.get('join')!;
    // Asked from outside the player's browser, so its answers are not among what the page received.
    const askDebrief = async (c: string) =>
      (await fetch(new URL(`/gameday/api/debrief/${c}`, links.joins[0]!))).status;
    expect(await askDebrief(code)).toBe(409);

    // Everything the page received up to the end of the round is checked; from then on, the answer is the
    // player's to read.
    await Promise.all(bodies);
    const beforeTheEnd = [...found];
    const requestedBeforeTheEnd = [...requested];
    secrets = [];
    await facilitator.getByRole('button', { name: 'End the round' }).click();
    await expect
      .poll(() => team.getByRole('status').textContent(), { timeout: 20_000 })
      .toContain('ended the round');
    // The server scores the team, the leaderboard shows it, and the page opens the team's debrief.
    const scores = page.locator('.gameday-leaderboard tbody td:nth-child(3) [data-score]');
    await expect
      .poll(async () => (await scores.allTextContents()).every((s) => /^\d+$/.test(s)), { timeout: 20_000 })
      .toBe(true);
    await page.getByTestId('score-total').waitFor({ timeout: 30_000 });
    expect(await askDebrief(code)).toBe(200);
    // The incident's replay comes from the server with the debrief, and not before.
    await page.getByRole('slider', { name: 'Moment of the replay' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'gameday-leaks-debrief');

    expect(beforeTheEnd).toEqual([]);
    expect(requestedBeforeTheEnd.filter((p) => p.startsWith('/gameday/api/replay/'))).toEqual([]);
    expect(requested.filter((p) => p.startsWith('/gameday/api/replay/')).length).toBeGreaterThan(0);
    expect(frames).toBeGreaterThan(0);
    expect(requested.filter((p) => p.startsWith('/gameday/api/world/')).length).toBeGreaterThan(0);
    // The page never started the solo game's world worker, nor fetched any scenario of the game's own.
    expect(await page.evaluate(() => (window as unknown as { __workers: string[] }).__workers)).toEqual([]);
    const ids = readdirSync('scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''));
    expect(
      requested.filter((p) => p.includes('world.worker') || ids.some((id) => p.startsWith(`/assets/${id}-`))),
    ).toEqual([]);
    expect(errors).toEqual([]);
  });
});
