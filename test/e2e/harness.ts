import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { preview } from 'vite';
import { afterAll, beforeAll } from 'vitest';

/** Where screenshots go; ignored by git. */
export const RESULTS_DIR = join(process.cwd(), 'test-results');

/**
 * The Chromium to drive: `CHROMIUM_PATH` when set, else Debian's. A missing browser is an error, never a
 * skip: the browser tests are part of `npm test`.
 */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}. Install it (Debian: apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium or Chrome binary.`,
    );
  }
  return path;
}

/** Serves the built game (`dist/`, from `vite build`) on a free loopback port. */
export async function serveBuiltGame(): Promise<{ server: PreviewServer; url: string }> {
  if (!existsSync(join(process.cwd(), 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e does).');
  }
  const server = await preview({
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'silent',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server did not report an address');
  return { server, url };
}

/** Launches headless Chromium with the flags that work on a machine without a GPU or network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot as test-results/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage: false });
}

/** Collects uncaught page errors and console errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/** Where the fixtures build goes (ignored by git with the other test results). */
export const FIXTURES_DIST = join(RESULTS_DIR, 'dist-fixtures');

/**
 * Builds the game with the scenarios of `test/fixtures/` added to the built-in list (`--mode fixtures`) and
 * serves it; the game people play never carries them.
 */
export async function serveFixturesBuild(): Promise<{ server: PreviewServer; url: string }> {
  const { build } = await import('vite');
  await build({ mode: 'fixtures', logLevel: 'silent', build: { outDir: FIXTURES_DIST, emptyOutDir: true } });
  const server = await preview({
    build: { outDir: FIXTURES_DIST },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'silent',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server did not report an address');
  return { server, url };
}

/**
 * Records every main-thread task over 50 ms from the first script on (PerformanceObserver `longtask`);
 * read them with {@link longTasks}.
 */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Durations of the long tasks seen so far, and clears the list. */
export function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    const out = [...w.__longTasks];
    w.__longTasks.length = 0;
    return out;
  });
}

/** A served game and a browser shared by the tests of one `describe`. */
export interface ServedGame {
  readonly browser: Browser;
  readonly url: string;
}

/**
 * Serves a build (the game's own by default) and launches Chromium before the enclosing `describe`'s
 * tests, and stops both after them. Read `browser` and `url` inside tests, once they have started.
 */
export function useServedGame(
  serve: () => Promise<{ server: PreviewServer; url: string }> = serveBuiltGame,
): ServedGame {
  let browser: Browser | undefined;
  let server: PreviewServer | undefined;
  let url: string | undefined;
  beforeAll(async () => {
    ({ server, url } = await serve());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser starts before the tests: read it inside a test');
      return browser;
    },
    get url() {
      if (url === undefined)
        throw new Error('the game is served before the tests: read its address inside a test');
      return url;
    },
  };
}

/**
 * A page of the served game at 1400×900 with its clock installed (`page.clock.fastForward` stands in for
 * minutes spent on the case), the tutorial started and its tools open; `errors` collects what the page
 * reports.
 */
export async function openTutorial(game: ServedGame): Promise<{ page: Page; errors: string[] }> {
  const context = await game.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.clock.install();
  await page.goto(game.url);
  await page.getByRole('button', { name: 'Start Your first page' }).click();
  await page.getByRole('button', { name: 'Start investigating' }).click({ timeout: 30_000 });
  await page.getByRole('tab', { name: 'Logs' }).waitFor();
  return { page, errors };
}

/** A main-thread task of the page: how long it lasted and how much of that the main thread was working. */
export interface MainThreadTask {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * Records a Chromium trace of the page while `run` runs and answers the tasks of its main thread that
 * lasted over 50 ms, with the CPU time each took. On a machine shared with other work a task can last long
 * while the thread waits (for the CPU, or for the compositor to take a frame); its CPU time is what the
 * page itself did.
 */
export async function traceLongTasks(page: Page, run: () => Promise<void>): Promise<MainThreadTask[]> {
  const cdp = await page.context().newCDPSession(page);
  type TraceEvent = {
    name: string;
    ph: string;
    pid: number;
    tid: number;
    dur?: number;
    tdur?: number;
    args?: { name?: string };
  };
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  try {
    await run();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  const isTask = (e: TraceEvent) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask';
  // The page's main thread: of the renderers' main threads, the one that ran the most tasks meanwhile.
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const busiest = mains
    .map((m) => ({ m, n: events.filter((e) => isTask(e) && e.pid === m.pid && e.tid === m.tid).length }))
    .sort((a, b) => b.n - a.n)[0];
  // A trace without tasks would let every check pass unseen.
  if (!busiest?.n) throw new Error('the trace holds no main-thread tasks (ThreadControllerImpl::RunTask)');
  return events
    .filter((e) => isTask(e) && e.pid === busiest.m.pid && e.tid === busiest.m.tid && (e.dur ?? 0) > 50_000)
    .map((e) => ({ wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 }));
}
