import { readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../unit/helpers.ts';
import type { Secret } from '../unit/leakProbes.ts';
import { leaksIn, secretsOf } from '../unit/leakProbes.ts';
import { screenshot, useServedGame, watchErrors } from './harness.ts';

// Plays every built-in scenario as a curious player would up to (not including) the first submission —
// every tab, the case board, the diagnosis form — while recording everything the page could read: each
// message between the page and the world worker, each network response, the whole DOM at each step and
// localStorage. None may hold the scenario's hidden truth.

/** Keys of the hidden parts: a worker message naming one carries more than a player may see. */
const HIDDEN_KEYS = ['"solution"', '"rootCause"', '"redHerrings"', '"faults"', '"misleading"', '"helps"'];

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));

/** Wraps the page's Worker so every message to and from it is kept as text on `window.__workerTraffic`. */
async function recordWorkerTraffic(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __workerTraffic: string[] };
    w.__workerTraffic = [];
    const keep = (data: unknown) => {
      try {
        w.__workerTraffic.push(JSON.stringify(data) ?? '');
      } catch {
        w.__workerTraffic.push(String(data));
      }
    };
    const Original = window.Worker;
    class RecordedWorker extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (e) => keep((e as MessageEvent).data));
      }
      override postMessage(message: unknown, transfer?: unknown): void {
        keep(message);
        // biome-ignore lint/suspicious/noExplicitAny: both overloads of postMessage pass through as given
        (super.postMessage as any)(message, transfer);
      }
    }
    window.Worker = RecordedWorker;
  });
}

/** Everything the player's page holds now: its DOM (attributes and options included) and its storage. */
async function pageText(page: Page): Promise<{ dom: string; storage: string; traffic: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __workerTraffic: string[] };
    const traffic = w.__workerTraffic.splice(0);
    const storage = Object.keys(localStorage)
      .map((k) => `${k}=${localStorage.getItem(k)}`)
      .join('\n');
    return { dom: document.documentElement.outerHTML, storage, traffic };
  });
}

/** Collects what leaked where, as `where: what`. */
class LeakLog {
  readonly found: string[] = [];
  /** How many texts of each source were read, so an empty recording cannot pass unseen. */
  readonly read = new Map<string, number>();
  constructor(private readonly secrets: readonly Secret[]) {}
  check(where: string, text: string, keys = false): void {
    const source = where.split(' ')[0]!;
    this.read.set(source, (this.read.get(source) ?? 0) + 1);
    for (const what of leaksIn(text, this.secrets)) this.found.push(`${where}: ${what}`);
    if (keys) for (const k of HIDDEN_KEYS) if (text.includes(k)) this.found.push(`${where}: key ${k}`);
  }
}

describe('what a player can read before the debrief, in Chromium', () => {
  const game = useServedGame();

  it.each(files)('%s gives nothing of its answer away', async (file) => {
    const scenario = builtinScenario(file);
    const leaks = new LeakLog(secretsOf(scenario));
    const context = await game.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const bodies: Promise<void>[] = [];
    const fetched: string[] = [];
    context.on('response', (response) => {
      fetched.push(new URL(response.url()).pathname);
      bodies.push(
        response
          .text()
          .then((text) => leaks.check(`response ${new URL(response.url()).pathname}`, text))
          .catch(() => undefined),
      );
    });
    await recordWorkerTraffic(page);
    const look = async (step: string) => {
      const { dom, storage, traffic } = await pageText(page);
      leaks.check(`DOM after ${step}`, dom);
      leaks.check(`localStorage after ${step}`, storage);
      for (const message of traffic) leaks.check(`worker message by ${step}`, message, true);
    };

    await page.goto(game.url);
    await page.getByRole('button', { name: `Start ${scenario.title}` }).click();
    await look('the briefing');
    await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Logs' }).waitFor();
    await look('the first screen');
    for (const tab of await page.getByRole('tab').allTextContents()) {
      await page.getByRole('tab', { name: tab.trim(), exact: true }).click();
      await look(`opening ${tab.trim()}`);
    }
    await page.getByRole('tab', { name: 'Logs' }).click();
    await page.getByRole('button', { name: 'Run query' }).click();
    await page.locator('.log-line').first().waitFor({ timeout: 30_000 });
    await look('a log query');
    await page.getByRole('button', { name: 'Write the diagnosis' }).click();
    await page.getByRole('form', { name: 'Diagnosis' }).waitFor();
    await look('the diagnosis form');
    await screenshot(page, `leaks-${scenario.id}`);

    await Promise.all(bodies);
    for (const source of ['DOM', 'localStorage', 'worker', 'response'])
      expect(leaks.read.get(source) ?? 0, `texts read from ${source}`).toBeGreaterThan(0);
    expect(leaks.found).toEqual([]);
    // The worker fetched the scenario's player part, and neither its whole file nor a hint's text.
    const parts = fetched
      .map((path) => /\/(player|whole|hint-\d+)-[^/]*\.js$/.exec(path)?.[1])
      .filter(Boolean);
    expect(parts).toEqual(['player']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
