import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './harness.ts';

/** The files `twoam export` writes from the simulated telemetry and the timeline (the git repo aside). */
const FILES = ['logs.log', 'logs.jsonl', 'metrics.om', 'traces.json', 'changes.json'] as const;
const SEED = 7;

/** Size and SHA-256 of each exported file, as `twoam export` wrote it in Node. */
function cliHashes(): Record<string, string> {
  const out = join(mkdtempSync(join(tmpdir(), 'twoam-determinism-')), 'export');
  const r = spawnSync(
    process.execPath,
    ['bin/twoam.mjs', 'export', 'scenarios/tutorial.yaml', '--out', out, '--seed', String(SEED)],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`twoam export failed: ${r.stderr}`);
  const hashes: Record<string, string> = {};
  for (const name of FILES) {
    const bytes = readFileSync(join(out, name));
    hashes[name] = `${bytes.length} ${createHash('sha256').update(bytes).digest('hex')}`;
  }
  return hashes;
}

/**
 * The same files made in Chromium: a page served by Vite imports the engine's own modules, simulates the
 * tutorial with the same seed, writes each file with the export functions the CLI uses and hashes its
 * UTF-8 bytes (the encoding the CLI writes) with Web Crypto.
 */
async function browserHashes(browser: Browser, url: string): Promise<Record<string, string>> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // Chromium asks for a favicon the server does not have; every module must load.
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
  });
  // Any module the dev server serves gives the page the server's origin, so the imports below resolve.
  await page.goto(`${url}src/engine/sim/model/rng.ts`);
  const hashes = await page.evaluate(
    async ({ seed, files }) => {
      // The import is written as text so the test runner, which rewrites `import()` in test files, leaves it
      // to the page. Modules are untyped here (`any`): the page loads them at run time, not the compiler.
      // biome-ignore lint/suspicious/noExplicitAny: see above
      const load = new Function('path', 'return import(path)') as (path: string) => Promise<any>;
      const [yaml, scenarioLoad, sim, logs, metrics, traces, changes] = await Promise.all([
        load('/scenarios/tutorial.yaml?raw'),
        load('/src/engine/scenario/load.ts'),
        load('/src/engine/sim/simulate.ts'),
        load('/src/engine/export/logsExport.ts'),
        load('/src/engine/world/openMetrics.ts'),
        load('/src/engine/export/otlpJson.ts'),
        load('/src/engine/export/changesJson.ts'),
      ]);
      const { scenario, diagnostics } = scenarioLoad.loadScenario(yaml.default, 'scenarios/tutorial.yaml');
      if (!scenario) throw new Error(`the tutorial does not load: ${JSON.stringify(diagnostics)}`);
      const world = sim.simulate(scenario, { seed });
      world.logs.seal();
      const texts: Record<string, string> = {
        'logs.log': logs.writeLogText(world.logs),
        'logs.jsonl': logs.writeLogJsonl(world.logs),
        'metrics.om': metrics.writeOpenMetrics(world.metrics),
        'traces.json': traces.writeOtlpJson(world.traces),
        'changes.json': changes.writeChangesJson(world.scenario),
      };
      const out: Record<string, string> = {};
      for (const name of files) {
        const bytes = new TextEncoder().encode(texts[name]);
        const digest = await crypto.subtle.digest('SHA-256', bytes);
        const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
        out[name] = `${bytes.length} ${hex}`;
      }
      return out;
    },
    { seed: SEED, files: [...FILES] },
  );
  expect(errors).toEqual([]);
  await page.close();
  return hashes;
}

describe('the same scenario file and seed, in Node and in Chromium', () => {
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  let url = '';
  beforeAll(async () => {
    server = await createServer({
      root: process.cwd(),
      appType: 'custom',
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    });
    await server.listen();
    url = server.resolvedUrls?.local[0] ?? '';
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('gives byte-identical exports of logs, metrics, traces and changes (their SHA-256 hashes match)', async () => {
    expect(url).not.toBe('');
    const inBrowser = await browserHashes(browser!, url);
    const inNode = cliHashes();
    expect(Object.keys(inBrowser)).toEqual([...FILES]);
    // Sizes beside the hashes: a mismatch then says at once whether whole entries differ.
    expect(Number.parseInt(inNode['logs.log']!, 10)).toBeGreaterThan(100_000);
    expect(inBrowser).toEqual(inNode);
  });
});
