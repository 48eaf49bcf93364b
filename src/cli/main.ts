import { parseArgs } from 'node:util';
import type { Output } from './output.ts';
import { EXIT, processOutput, UsageError } from './output.ts';
import { VALIDATE_HELP, validateCommand } from './validate.ts';

const HELP = `twoam: the command line of 2AM, the debugging practice simulator

Usage: twoam <command> [options]

Commands:
  validate <file...>   check scenario files and print file:line:col: problems

Options:
  --json               print one JSON document instead of text
  -h, --help           show help (also: twoam <command> --help)

Exit status: 0 ok, 1 the input has problems, 2 usage error.`;

interface Command {
  readonly help: string;
  run(positionals: string[], output: Output): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  validate: {
    help: VALIDATE_HELP,
    run: (files, output) => {
      if (files.length === 0) throw new UsageError('validate needs at least one file');
      return validateCommand(files, output);
    },
  },
};

/** Runs the command line and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    process.stderr.write(`twoam: ${(err as Error).message}\n\n${HELP}\n`);
    return EXIT.usage;
  }
  const [name, ...rest] = parsed.positionals;
  const output = processOutput(parsed.values.json === true);
  if (!name) {
    (parsed.values.help ? output.out : output.err)(HELP);
    return parsed.values.help ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    output.err(`twoam: unknown command "${name}"\n\n${HELP}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    output.out(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, output);
  } catch (err) {
    if (err instanceof UsageError) {
      output.err(`twoam ${name}: ${err.message}\n\n${command.help}`);
      return EXIT.usage;
    }
    throw err;
  }
}
