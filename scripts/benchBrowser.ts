// `npm run bench:browser`: how fast the game is to the eye, in headless Chromium on this machine. Builds
// and serves the game, plays each built-in scenario's reference queries through the page as a trainee
// would, and asks the standard world for every series and every line. Times run from the click on Run to
// the frame after the tool drew the result (the `twoam:drawn` mark the tools leave), and from choosing a
// scenario to its first query possible. Prints each figure against its budget; exits 1 when one is missed.
// `--no-build` serves the last build; `--scenario <id>` (repeatable) runs only those built-in scenarios.

import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { loadScenario } from '../src/engine/scenario/load.ts';
import type { BenchQuery } from './benchBrowserFigures.ts';
import {
  BROWSER_BUDGETS,
  median,
  msText,
  referenceQueries,
  traceFormOf,
  verdict,
} from './benchBrowserFigures.ts';
import { typeQuery } from './typeQuery.ts';

const ROOT = process.cwd();
const STANDARD = join(ROOT, 'scenarios', 'bench', 'standard.yaml');
/** A guard against a page that never answers, not a budget. */
const GIVE_UP_MS = 120_000;

/** The built-in scenarios, with the queries of their reference paths. */
function builtIns(): { id: string; title: string; queries: BenchQuery[] }[] {
  const dir = join(ROOT, 'scenarios');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const { scenario, diagnostics } = loadScenario(readFileSync(join(dir, f), 'utf8'), `scenarios/${f}`);
      if (!scenario) throw new Error(`scenarios/${f} does not load: ${diagnostics[0]?.message}`);
      return { id: scenario.id, title: scenario.title, queries: referenceQueries(scenario) };
    });
}

/**
 * Clicks `button` in the page and waits, frame by frame, until `ready` holds there; answers the time
 * between, measured by the page's own clock so no round trip to this process counts.
 */
async function clickAndWait(page: Page, button: string, ready: string): Promise<number> {
  // Page code goes as text: the TypeScript runner names functions with a helper the page does not have.
  return page.evaluate<number>(`(async () => {
    // What to click may still be on its way (a list a query before filled): it is waited for, untimed.
    const find = ${button};
    const looking = performance.now();
    let target = find();
    while (!target && performance.now() - looking < 10000) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      target = find();
    }
    if (!target) throw new Error(${JSON.stringify(`nothing to click: ${button}`)});
    const done = ${ready};
    performance.clearMarks('twoam:drawn');
    const start = performance.now();
    target.click();
    await new Promise((resolve, reject) => {
      const check = () => {
        if (done()) return resolve();
        if (performance.now() - start > ${GIVE_UP_MS}) return reject(new Error(${JSON.stringify(`never ready: ${ready}`)}));
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    const mark = performance.getEntriesByName('twoam:drawn').at(-1);
    return (mark ? mark.startTime : performance.now()) - start;
  })()`);
}

/** In-page code (as text) that finds a tool's drawn mark for a query, or any of the tool's. */
function drawn(tool: string, query?: string): string {
  const same = query === undefined ? 'true' : `m.detail.query === ${JSON.stringify(query)}`;
  return `() => performance.getEntriesByName('twoam:drawn').some((m) => m.detail && m.detail.tool === ${JSON.stringify(tool)} && ${same})`;
}

/** In-page code that finds a button of the open tool by its text or its label. */
function panelButton(name: string, by: 'text' | 'label-prefix' = 'text'): string {
  const test =
    by === 'text'
      ? `b.textContent.trim() === ${JSON.stringify(name)}`
      : `(b.getAttribute('aria-label') || '').startsWith(${JSON.stringify(name)})`;
  return `() => [...document.querySelectorAll('.tools [role="tabpanel"] button')].find((b) => ${test}) || null`;
}

async function showTool(page: Page, tool: string): Promise<void> {
  const tab = page.getByRole('tab', { name: new RegExp(`^${tool}`, 'i') });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
}

/** Types a query into the open tool's editor, as a trainee would, before the timed Run. */
async function typeInTool(page: Page, query: string): Promise<void> {
  await typeQuery(page, page.locator('.tools [role="tabpanel"] .query-row .cm-content').first(), query);
}

/** Runs one reference query through its tool; answers the time from Run to its result drawn. */
async function runQuery(page: Page, { tool, query }: BenchQuery): Promise<number | undefined> {
  await showTool(page, tool);
  if (tool === 'logs' || tool === 'metrics') {
    await typeInTool(page, query);
    return clickAndWait(page, panelButton('Run query'), drawn(tool, query));
  }
  if (tool === 'traces') {
    const fields = traceFormOf(query);
    const form = page.getByRole('form', { name: 'Trace search' });
    await form.getByLabel('Service').selectOption(fields.service);
    await form.getByLabel('Operation').fill(fields.operation);
    await form.getByLabel('Status').selectOption(fields.status);
    await form.getByLabel('Min duration').fill(fields.minDuration);
    await form.getByLabel('Max duration').fill(fields.maxDuration);
    await form.getByLabel('Attributes').fill(fields.attributes);
    return clickAndWait(page, panelButton('Find traces'), drawn('traces'));
  }
  const [verb, ...rest] = query.split(/\s+/);
  const arg = rest.join(' ');
  if (verb === 'cat')
    return clickAndWait(page, panelButton(`Open file ${arg}`, 'label-prefix'), drawn('code'));
  if (verb === 'show')
    return clickAndWait(page, panelButton(`Open commit ${arg}`, 'label-prefix'), drawn('code'));
  if (verb === 'grep') {
    await page.getByLabel('Search code').fill(arg);
    return clickAndWait(page, panelButton('Search'), drawn('code'));
  }
  return undefined;
}

/**
 * The page's state while a world generates: whether it showed its progress, and when (by the page's clock)
 * "Start investigating" first could be pressed. An observer sees the change as the page makes it, where
 * waiting from this process would see it only at its next look (half a second apart, late in a wait).
 */
const WATCH_OPENING = `() => {
  window.__openWatch?.disconnect();
  window.__progressSeen = false;
  window.__beginReadyAt = undefined;
  const look = () => {
    if (document.body.textContent.includes('Generating telemetry')) window.__progressSeen = true;
    if (window.__beginReadyAt === undefined &&
        [...document.querySelectorAll('button')].some((b) => b.textContent === 'Start investigating' && !b.disabled))
      window.__beginReadyAt = performance.now();
  };
  window.__openWatch = new MutationObserver(look);
  window.__openWatch.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['disabled'] });
  return null;
}`;

/**
 * Opens a scenario from the library (`choose` clicks it) and starts investigating as soon as the page
 * allows; answers the time to the first query possible and whether the page showed its progress meanwhile.
 */
async function openScenario(
  page: Page,
  choose: () => Promise<void>,
): Promise<{ ms: number; progress: boolean }> {
  await page.evaluate(`(${WATCH_OPENING})()`);
  const start = await page.evaluate<number>('performance.now()');
  await choose();
  const beginAt = await page.evaluate<number>(`new Promise((resolve, reject) => {
    const since = performance.now();
    const check = () => {
      if (window.__beginReadyAt !== undefined) return resolve(window.__beginReadyAt);
      if (performance.now() - since > ${GIVE_UP_MS}) return reject(new Error('"Start investigating" never enabled'));
      requestAnimationFrame(check);
    };
    check();
  })`);
  const toTools = await clickAndWait(
    page,
    `() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Start investigating') || null`,
    `() => [...document.querySelectorAll('.tools [role="tabpanel"] button')].some((b) => b.textContent.trim() === 'Run query')`,
  );
  const progress = await page.evaluate<boolean>('window.__progressSeen === true');
  return { ms: beginAt - start + toTools, progress };
}

async function newPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`  page error: ${err.message}`));
  await page.goto(url);
  await page.getByRole('heading', { name: 'Your first page' }).waitFor({ timeout: GIVE_UP_MS });
  return page;
}

async function main(): Promise<number> {
  const skipBuild = process.argv.includes('--no-build');
  if (!skipBuild) {
    console.log('Building the game (vite build)…');
    await build({ logLevel: 'warn' });
  }
  const server = await preview({
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'silent',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server did not report an address');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const [one, five, fifteen] = loadavg().map((l) => l.toFixed(2));
  console.log(`2AM in the browser: Chromium ${browser.version()}, headless, --disable-gpu`);
  console.log(`Machine load at the start (uptime): ${one}, ${five}, ${fifteen}\n`);
  let missed = 0;
  try {
    const opens: string[] = [];
    const queryRows: string[] = [];
    const all: number[] = [];
    const failures: string[] = [];
    // `--scenario <id>` (repeatable) narrows the built-in scenarios, to look at one closely.
    const only = process.argv.flatMap((arg, i) => (arg === '--scenario' ? [process.argv[i + 1]] : []));
    for (const scenario of builtIns().filter((s) => only.length === 0 || only.includes(s.id))) {
      const page = await newPage(browser, url);
      const open = await openScenario(page, () =>
        page.getByRole('button', { name: `Start ${scenario.title}`, exact: true }).click(),
      );
      const openVerdict = verdict(open.ms, BROWSER_BUDGETS.openMs);
      if (openVerdict === 'OVER' || !open.progress) missed++;
      opens.push(
        `  ${scenario.id.padEnd(26)}${msText(open.ms, 9)}  ${open.progress ? 'progress shown' : 'NO PROGRESS SHOWN'}  ${openVerdict}`,
      );
      const times: number[] = [];
      for (const q of scenario.queries) {
        // A query the page cannot run as written is a finding, not the end of the bench.
        const ms = await runQuery(page, q).catch((err: Error) => {
          failures.push(`  ${scenario.id}: ${q.tool} ${q.query}: ${err.message.split('\n')[0]}`);
          return undefined;
        });
        if (ms === undefined) continue;
        times.push(ms);
        all.push(ms);
      }
      queryRows.push(
        `  ${scenario.id.padEnd(26)}${String(times.length).padStart(3)} queries  p50 ${msText(median(times))}  max ${msText(Math.max(...times))}`,
      );
      await page.context().close();
    }
    console.log(
      `Opening a built-in scenario to its first query possible (budget ≤ ${BROWSER_BUDGETS.openMs} ms)`,
    );
    for (const row of opens) console.log(row);
    console.log(
      `\nReference path queries, Run → result drawn (budget p50 ≤ ${BROWSER_BUDGETS.referenceP50Ms} ms)`,
    );
    for (const row of queryRows) console.log(row);
    const p50 = median(all);
    const p50Verdict = verdict(p50, BROWSER_BUDGETS.referenceP50Ms);
    if (p50Verdict === 'OVER') missed++;
    console.log(
      `  ${'every scenario'.padEnd(26)}${String(all.length).padStart(3)} queries  p50 ${msText(p50)}  max ${msText(Math.max(...all))}  ${p50Verdict}`,
    );
    if (failures.length) {
      missed += failures.length;
      console.log('  Queries the page could not run:');
      for (const f of failures) console.log(f);
    }

    // The standard world: loaded as a player loads their own file.
    const page = await newPage(browser, url);
    const open = await openScenario(page, () =>
      page.getByLabel('Load a scenario file').setInputFiles(STANDARD),
    );
    console.log(
      `\nThe standard world (scenarios/bench/standard.yaml), Run → result drawn (budget ≤ ${BROWSER_BUDGETS.everythingMs} ms)`,
    );
    console.log(
      `  ${'opened in'.padEnd(26)}${msText(open.ms, 9)}  ${open.progress ? 'progress shown' : 'no progress shown'}  (not budgeted: not a built-in scenario)`,
    );
    for (const q of [
      { tool: 'metrics', query: '{__name__=~".+"}' },
      { tool: 'logs', query: '{service=~".+"}' },
    ] as const) {
      const ms = (await runQuery(page, q)) ?? Number.NaN;
      const v = verdict(ms, BROWSER_BUDGETS.everythingMs);
      if (v === 'OVER') missed++;
      console.log(`  ${`${q.tool} ${q.query}`.padEnd(26)}${msText(ms, 9)}  ${v}`);
    }
    await page.context().close();
  } finally {
    await browser.close();
    await server.close();
  }
  const [after] = loadavg().map((l) => l.toFixed(2));
  console.log(
    `\nMachine load at the end (1 min): ${after}. ${missed === 0 ? 'Every budget holds.' : `${missed} budget(s) missed.`}`,
  );
  return missed === 0 ? 0 : 1;
}

process.exitCode = await main();
