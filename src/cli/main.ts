import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { BENCH_HELP, benchCommand } from './bench.ts';
import { EXPORT_HELP, exportCommand } from './export.ts';
import type { FuzzOptions } from './fuzz.ts';
import { FUZZ_HELP, fuzzCommand } from './fuzz.ts';
import type { GamedayCliOptions } from './gameday.ts';
import { GAMEDAY_HELP, gamedayCommand } from './gameday.ts';
import { INSPECT_HELP, inspectCommand } from './inspect.ts';
import type { LintCliOptions } from './lint.ts';
import { LINT_HELP, lintCommand } from './lint.ts';
import type { NewOptions } from './new.ts';
import { NEW_HELP, newCommand } from './new.ts';
import type { Output } from './output.ts';
import { EXIT, processOutput, UsageError } from './output.ts';
import type { QueryOptions } from './query.ts';
import { QUERY_HELP, queryCommand } from './query.ts';
import { SCHEMA_HELP, schemaCommand } from './schema.ts';
import type { ServeOptions } from './serve.ts';
import { SERVE_HELP, serveCommand } from './serve.ts';
import type { SolveOptions } from './solve.ts';
import { SOLVE_HELP, solveCommand } from './solve.ts';
import { VALIDATE_HELP, validateCommand } from './validate.ts';

const HELP = `twoam: the command line of 2AM, the debugging practice simulator

Usage: twoam <command> [options]

Commands:
  validate <file...>   check scenario files and print file:line:col: problems
  lint <file...>       check scenarios are fair and solvable: symptoms, clues, shortcuts, leaks, variants
  new <id> --fault K   write a starting scenario with a fault of kind K, valid and lint-clean
  query <file>         run a LogQL or PromQL query over a scenario's world, a log file or a metrics file
  solve <scenario>     play a scenario with a bot (reference, guess, shotgun, random) and score it
  serve <scenario>     serve a scenario's world over the Prometheus and Loki HTTP APIs, for Grafana
  gameday [scenario...]  run a team game day: rooms, join links, facilitator console, leaderboard
  inspect <scenario>   summarise a scenario's world: services, window, how much of each signal
  export <scenario>    write a scenario's world as logs, OpenMetrics, OTLP JSON, changes and a git repo
  schema               print or write the JSON Schema of scenario files (for editors)
  bench                generate the standard-size world, time queries on it, and compare with the budgets
  fuzz                 try mutated scenarios and queries: tried, rejected, uncaught, over budget

Options:
  --json               print one JSON document instead of text
  -h, --help           show help (also: twoam <command> --help)

Exit status: 0 ok, 1 the input has problems, 2 usage error.`;

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

/** A subcommand: its help, the options it accepts beyond --json and --help, and what it does. */
interface Command {
  readonly help: string;
  readonly options?: Options;
  run(positionals: string[], values: Values, output: Output): Promise<number>;
}

const COMMON: Options = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };

const COMMANDS: Record<string, Command> = {
  bench: {
    help: BENCH_HELP,
    options: { runs: { type: 'string' }, scenario: { type: 'string' }, threads: { type: 'string' } },
    run: (_positionals, values, output) =>
      benchCommand(values as { runs?: string; scenario?: string; threads?: string }, output),
  },
  validate: {
    help: VALIDATE_HELP,
    options: { variant: { type: 'string' } },
    run: (files, values, output) => {
      if (files.length === 0) throw new UsageError('validate needs at least one file');
      const variant = values.variant === undefined ? '0' : String(values.variant);
      if (!/^\d+$/.test(variant)) throw new UsageError(`--variant "${variant}" is not a whole number`);
      return validateCommand(files, output, Number(variant));
    },
  },
  lint: {
    help: LINT_HELP,
    options: { variants: { type: 'string' }, variant: { type: 'string' }, threads: { type: 'string' } },
    run: (files, values, output) => lintCommand(files, values as LintCliOptions, output),
  },
  new: {
    help: NEW_HELP,
    options: { fault: { type: 'string' }, out: { type: 'string' } },
    run: (positionals, values, output) => newCommand(positionals, values as NewOptions, output),
  },
  query: {
    help: QUERY_HELP,
    options: Object.fromEntries(
      [
        'logql',
        'promql',
        'logs',
        'metrics',
        'labels',
        'start',
        'end',
        'time',
        'step',
        'limit',
        'seed',
        'variant',
        'traces',
        'grep',
        'code',
      ].map((name) => [name, { type: 'string' as const }]),
    ),
    run: (positionals, values, output) => queryCommand(positionals, values as QueryOptions, output),
  },
  solve: {
    help: SOLVE_HELP,
    options: { bot: { type: 'string' }, seed: { type: 'string' }, variant: { type: 'string' } },
    run: (positionals, values, output) => solveCommand(positionals, values as SolveOptions, output),
  },
  serve: {
    help: SERVE_HELP,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      seed: { type: 'string' },
      'at-original-time': { type: 'boolean' },
    },
    run: (positionals, values, output) => serveCommand(positionals, values as ServeOptions, output),
  },
  gameday: {
    help: GAMEDAY_HELP,
    options: {
      ...Object.fromEntries(
        ['host', 'port', 'data', 'teams', 'seed', 'variant'].map((name) => [
          name,
          { type: 'string' as const },
        ]),
      ),
      'at-original-time': { type: 'boolean' },
    },
    run: (positionals, values, output) => gamedayCommand(positionals, values as GamedayCliOptions, output),
  },
  inspect: {
    help: INSPECT_HELP,
    options: { seed: { type: 'string' } },
    run: (files, values, output) => inspectCommand(files, values.seed as string | undefined, output),
  },
  export: {
    help: EXPORT_HELP,
    options: { out: { type: 'string' }, seed: { type: 'string' } },
    run: (files, values, output) =>
      exportCommand(files, values.out as string | undefined, values.seed as string | undefined, output),
  },
  fuzz: {
    help: FUZZ_HELP,
    options: Object.fromEntries(
      ['scenarios', 'queries', 'seed', 'minutes', 'full-every', 'threads', 'budget-ms', 'heap-mb'].map(
        (name) => [name, { type: 'string' as const }],
      ),
    ),
    run: (_positionals, values, output) => fuzzCommand(values as FuzzOptions, output),
  },
  schema: {
    help: SCHEMA_HELP,
    options: { out: { type: 'string' }, check: { type: 'boolean' } },
    run: (_files, values, output) =>
      schemaCommand(values.out as string | undefined, values.check === true, output),
  },
};

/**
 * Joins each option that takes a value with the argument after it (`--promql -metric` becomes
 * `--promql=-metric`), as Go's flag package and promtool read them: the next argument is the value even
 * when it starts with a dash, which a PromQL expression such as `-metric` or `- - 1` may.
 */
export function attachOptionValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && i + 1 < argv.length) {
      out.push(`${arg}=${argv[i + 1]}`);
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** Runs the command line and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const name = argv.find((a) => !a.startsWith('-'));
  const command = name === undefined ? undefined : COMMANDS[name];
  const options = { ...COMMON, ...command?.options };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: attachOptionValues(argv, options), allowPositionals: true, options });
  } catch (err) {
    const help = command?.help ?? HELP;
    process.stderr.write(`twoam${name && command ? ` ${name}` : ''}: ${(err as Error).message}\n\n${help}\n`);
    return EXIT.usage;
  }
  const values = parsed.values as Values;
  const output = processOutput(values.json === true);
  if (name === undefined) {
    (values.help ? output.out : output.err)(HELP);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (!command) {
    output.err(`twoam: unknown command "${name}"\n\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    output.out(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(parsed.positionals.slice(1), values, output);
  } catch (err) {
    if (err instanceof UsageError) {
      output.err(`twoam ${name}: ${err.message}\n\n${command.help}`);
      return EXIT.usage;
    }
    throw err;
  }
}
