import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeChangesJson } from '../engine/export/changesJson.ts';
import { gitFastImportStream } from '../engine/export/gitFastImport.ts';
import { writeLogJsonl, writeLogText } from '../engine/export/logsExport.ts';
import { writeOtlpJson } from '../engine/export/otlpJson.ts';
import type { CodeRepo } from '../engine/world/codeRepo.ts';
import { writeOpenMetrics } from '../engine/world/openMetrics.ts';
import { loadWorld, seedOption } from './loadWorld.ts';
import type { Output } from './output.ts';
import { EXIT, UsageError } from './output.ts';

export const EXPORT_HELP = `Usage: twoam export <scenario.yaml> --out DIR [--seed N] [--json]

Simulates a scenario and writes its world in the formats real tools read:
  logs.log      one entry a line, in time order, prefixed by its stream labels:
                {env="prod",instance="cart-0",service="cart"} <line>
                line breaks inside an entry (stack traces) are written as \\n (and \\r), so each
                entry stays one line; nothing else is escaped
  logs.jsonl    one JSON object an entry: {"ts" (RFC 3339, ms), "labels", "line", "id"}
  metrics.om    OpenMetrics text, for promtool tsdb create-blocks-from openmetrics
  traces.json   OTLP JSON (resourceSpans → scopeSpans → spans)
  changes.json  the timeline: deploys, config and flag changes, with their times, and the
                changes made as the world ran (an autoscaler scaling a service)
  repo/         the code history as a git repository (git log, git blame work); git computes its
                own commit ids, and each commit names the scenario's in a trailer: Scenario-Commit: a41f9c2
Files for signals the scenario does not produce are not written. The same file and seed give the
same bytes. DIR is created if needed; DIR/repo must not exist yet.
Exit status: 0 ok, 1 the scenario has problems or git failed, 2 usage error.`;

/** Rebuilds the code history in `dir` with git fast-import; returns git's complaint when it fails. */
export function writeGitRepo(code: CodeRepo, dir: string): string | undefined {
  // No user or system config: hooks, templates or signing settings would make the result differ by machine.
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
  };
  const git = (args: string[], input?: string) =>
    spawnSync('git', ['-c', 'core.logAllRefUpdates=false', '-C', dir, ...args], {
      env,
      input,
      encoding: 'utf8',
    });
  for (const [args, input] of [
    [['init', '-q', '-b', 'main', '--template=']],
    [['fast-import', '--quiet', '--done'], gitFastImportStream(code)],
    [['checkout', '-q', '-f', 'main']],
  ] as [string[], string?][]) {
    const r = git(args, input);
    if (r.error) return `cannot run git: ${r.error.message}`;
    if (r.status !== 0) return `git ${args[0]} failed: ${r.stderr.trim()}`;
  }
  return undefined;
}

/** Exports a scenario's world into a directory. */
export async function exportCommand(
  files: readonly string[],
  out: string | undefined,
  seed: string | undefined,
  output: Output,
): Promise<number> {
  if (files.length !== 1) throw new UsageError('export needs exactly one scenario file');
  if (out === undefined) throw new UsageError('export needs --out DIR');
  const loaded = await loadWorld(files[0]!, seedOption(seed), output);
  if (!loaded) return EXIT.problems;
  const { world, code } = loaded;
  world.logs.seal();
  const written: string[] = [];
  const put = async (name: string, text: string) => {
    await writeFile(join(out, name), text);
    written.push(name);
  };
  await mkdir(out, { recursive: true });
  if (code) {
    const repo = join(out, 'repo');
    const existing = await readdir(repo).catch(() => undefined);
    if (existing !== undefined) throw new UsageError(`${repo} already exists: export into a new directory`);
  }
  await put('logs.log', writeLogText(world.logs));
  await put('logs.jsonl', writeLogJsonl(world.logs));
  if (world.metrics) await put('metrics.om', writeOpenMetrics(world.metrics));
  if (world.traces) await put('traces.json', writeOtlpJson(world.traces));
  await put('changes.json', writeChangesJson(world.scenario, world.changes));
  if (code) {
    const repo = join(out, 'repo');
    await mkdir(repo);
    const problem = writeGitRepo(code, repo);
    if (problem) {
      output.err(`twoam export: ${problem}`);
      return EXIT.problems;
    }
    written.push('repo/');
  }
  if (output.json) output.out(JSON.stringify({ out, seed: world.seed, files: written }, null, 2));
  else output.out(`wrote ${written.map((f) => join(out, f)).join(', ')}`);
  return EXIT.ok;
}
