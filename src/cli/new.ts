import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { FAULT_KINDS, type FaultKind } from '../engine/scenario/faultKinds.ts';
import { scaffoldScenario } from './newScenario.ts';
import type { Output } from './output.ts';
import { EXIT, UsageError } from './output.ts';

/** Help for `twoam new`. */
export const NEW_HELP = `Usage: twoam new <id> --fault <kind> [--out FILE]

Writes a starting scenario with a fault of that kind: a small storefront system, the fault set off by a
change, a page and a ticket, a solution with clues, chain and reference path, hints and a variants block.
It validates and lints as written; comments say what to change. Without --out it prints the file.

Fault kinds: ${FAULT_KINDS.join(', ')}

Options:
  --fault KIND   the fault kind (required)
  --out FILE     write the scenario to FILE (never over an existing file)

Exit status: 0 written, 1 the file exists or cannot be written, 2 usage error.`;

/** Options of `twoam new`. */
export interface NewOptions {
  readonly fault?: string;
  readonly out?: string;
}

/** Runs `twoam new`; returns the exit code. */
export async function newCommand(positionals: string[], o: NewOptions, output: Output): Promise<number> {
  const [id] = positionals;
  if (!id)
    throw new UsageError('name the new scenario, e.g. twoam new cert-expiry --fault expired-credential');
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id) || id.length > 64)
    throw new UsageError(`"${id}" is not a scenario id: lower-case letters, digits, ".", "_" or "-"`);
  if (!o.fault || !(FAULT_KINDS as readonly string[]).includes(o.fault))
    throw new UsageError(`--fault must be one of ${FAULT_KINDS.join(', ')}`);
  const text = scaffoldScenario(id, o.fault as FaultKind);
  if (o.out === undefined) {
    output.out(text.trimEnd());
    return EXIT.ok;
  }
  if (existsSync(o.out)) {
    output.err(`${o.out}: already exists; choose another --out or remove it first`);
    return EXIT.problems;
  }
  try {
    await writeFile(o.out, text, 'utf8');
  } catch (err) {
    output.err(`${o.out}: cannot write: ${(err as Error).message}`);
    return EXIT.problems;
  }
  if (!output.json) output.out(`${o.out}: written; next: twoam validate ${o.out} && twoam lint ${o.out}`);
  else output.out(JSON.stringify({ file: o.out, id, fault: o.fault }));
  return EXIT.ok;
}
