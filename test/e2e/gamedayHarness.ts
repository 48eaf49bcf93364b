import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { watchErrors } from './harness.ts';

/** The links `twoam gameday` prints. */
export interface Links {
  readonly facilitator: string;
  /** One join link per team, in team order. */
  readonly joins: readonly string[];
  readonly observer: string;
}

/** Starts `twoam gameday` on a free port over the tutorial with `teams` teams and reads the links it prints. */
export function startGamedayServer(
  dataDir: string,
  teams: number,
): Promise<{ child: ChildProcessWithoutNullStreams; links: Links }> {
  const child = spawn(
    process.execPath,
    [
      'bin/twoam.mjs',
      'gameday',
      'scenarios/tutorial.yaml',
      '--teams',
      String(teams),
      '--port',
      '0',
      '--data',
      dataDir,
    ],
    { cwd: process.cwd() },
  );
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code) => reject(new Error(`twoam gameday exited with ${code}: ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('Press Ctrl-C')) return;
      const facilitator = /Facilitator \(keep secret\): (\S+)/.exec(out)![1]!;
      const joins = [...out.matchAll(/ {2}Join .+ code \S+: (\S+)/g)].map((m) => m[1]!);
      const observer = /Observers\s+code \S+: (\S+)/.exec(out)![1]!;
      resolve({ child, links: { facilitator, joins, observer } });
    });
  });
}

/** Opens the join link in a fresh browser context and joins the team under a name and role. */
export async function joinAs(
  browser: Browser,
  link: string,
  name: string,
  role: string,
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1500, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await joinIn(page, link, name, role);
  return { page, errors };
}

/** Joins the team from the join link on `page` and starts investigating. */
export async function joinIn(page: Page, link: string, name: string, role: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Your role').selectOption(role);
  await page.getByRole('button', { name: 'Join the team' }).click();
  const begin = page.getByRole('button', { name: 'Start investigating' });
  await begin.waitFor({ timeout: 60_000 });
  await begin.click();
}
