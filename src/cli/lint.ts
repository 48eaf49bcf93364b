import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import type { LintDiagnostic, LintReport } from '../engine/scenario/lint/lintScenario.ts';
import { DEFAULT_LINT_VARIANTS, formatLintDiagnostic } from '../engine/scenario/lint/lintScenario.ts';
import { LintThreads } from './lintThreads.ts';
import type { Output } from './output.ts';
import { EXIT, UsageError } from './output.ts';

/**
 * Threads `twoam lint` uses when not told: two (the variants' worlds cost as much as the file's own) unless
 * other work already keeps every core busy. A second thread first spends a few seconds of CPU loading and
 * warming up its own code, which pays only on a core others leave free: with two cores busy elsewhere it
 * cost time. What others use is measured over a quarter of a second while lint waits, not read from the
 * load average: that counts the minute before, and so an author's own lint run just finished, which would
 * put an edit, lint, edit, lint session on one thread.
 */
export async function defaultLintThreads(sampleMs = 250): Promise<number> {
  const cores = availableParallelism();
  if (cores < 2) return 1;
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const after = cpuTimes();
  const total = after.total - before.total;
  const busyCores = total > 0 ? ((total - (after.idle - before.idle)) / total) * cores : 0;
  return busyCores < cores - 0.5 ? 2 : 1;
}

/** CPU time spent by all cores since boot, and the part of it idle (milliseconds). */
function cpuTimes(): { total: number; idle: number } {
  let total = 0;
  let idle = 0;
  for (const { times } of cpus()) {
    total += times.user + times.nice + times.sys + times.idle + times.irq;
    idle += times.idle;
  }
  return { total, idle };
}

/** Help for `twoam lint`. */
export const LINT_HELP = `Usage: twoam lint <file...> [--variants N] [--variant N] [--threads N] [--json]

Checks that scenario files make fair, solvable incidents, beyond what validate checks:
  symptomless-fault   a fault that changes no log line, metric or span (a run without it is the same)
  unreachable-clue    a clue no query returns, a clue query that shows other things, a failing path query
  shortcut            the root cause reachable without the chain: guess bot > 35, shotgun bot > 60, or one
                      broad error query showing only the root-cause component's errors
  answer-leak         the fault kind, the trigger event or the explanation in the file name, title,
                      summary, page, tickets or doc titles
  variant             a variant that does not load, loses a clue, or breaks the bots' bars; unused parameters
  too-few-tools       key clues found with fewer than three tools
  bot-bar             the reference bot below 90, the random bot above 10
  mitigations         no action marked right, a right one that does not clear the symptoms played at the
                      page, or no wrong one weighed whose consequences differ visibly; a wrong one on
                      nothing the story names
Prints one line per finding as file:line:col: severity: message [rule].

Options:
  --variants N   how many variants (seeds 1…N) to load and play besides the one linted (default ${DEFAULT_LINT_VARIANTS})
  --variant N    lint variant N in full instead of the file as written (variant 0)
  --threads N    threads to lint on: the variants are played on the others while this one lints the file
                 as written (default 2 unless other work keeps every core busy); the findings are the same with any number
  --json         print {"ok", "files": [{"file", "errors", "warnings", "bots", "diagnostics"}]}

Exit status: 0 when no file has errors (warnings alone pass), 1 when any has, 2 on usage errors.`;

/** Options of `twoam lint`. */
export interface LintCliOptions {
  readonly variants?: string;
  readonly variant?: string;
  readonly threads?: string;
}

function count(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} "${text}" is not a whole number`);
  return Number(text);
}

/** Lints each file; prints findings; returns the exit code. */
export async function lintCommand(
  files: readonly string[],
  o: LintCliOptions,
  output: Output,
): Promise<number> {
  if (files.length === 0) throw new UsageError('lint needs at least one file');
  const variants = count(o.variants, '--variants', DEFAULT_LINT_VARIANTS);
  const variant = count(o.variant, '--variant', 0);
  const threads = o.threads === undefined ? await defaultLintThreads() : count(o.threads, '--threads', 2);
  if (threads < 1) throw new UsageError('--threads must be at least 1');
  const reports: { file: string; report: LintReport }[] = [];
  const lint = new LintThreads(threads);
  try {
    for (const file of files)
      reports.push({ file, report: await lintFile(file, lint, { variants, variant }) });
  } finally {
    await lint.close();
  }
  const errors = (r: LintReport) => r.diagnostics.filter((d) => d.severity === 'error').length;
  const ok = reports.every((r) => errors(r.report) === 0);
  if (output.json) {
    const files = reports.map(({ file, report }) => ({
      file,
      errors: errors(report),
      warnings: report.diagnostics.length - errors(report),
      ...(report.bots ? { bots: report.bots } : {}),
      diagnostics: report.diagnostics,
    }));
    output.out(JSON.stringify({ ok, files }, null, 2));
  } else {
    for (const { file, report } of reports) {
      for (const d of report.diagnostics) output.out(formatLintDiagnostic(d));
      const e = errors(report);
      const w = report.diagnostics.length - e;
      const bots = report.bots
        ? `; bots: ${Object.entries(report.bots)
            .map(([b, s]) => `${b} ${s}`)
            .join(', ')}`
        : '';
      output.out(`${file}: ${e} error(s), ${w} warning(s)${bots}`);
    }
  }
  return ok ? EXIT.ok : EXIT.problems;
}

/** Lints one file, or reports why it cannot be read. */
async function lintFile(
  file: string,
  lint: LintThreads,
  options: { variants: number; variant: number },
): Promise<LintReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    const d: LintDiagnostic = {
      file,
      line: 1,
      col: 1,
      path: '',
      severity: 'error',
      message: `cannot read: ${reason}`,
      rule: 'validate',
    };
    return { diagnostics: [d] };
  }
  return lint.lint(text, file, options);
}
