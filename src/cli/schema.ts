import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ScenarioSchema } from '../engine/scenario/schema.ts';
import type { Output } from './output.ts';
import { EXIT } from './output.ts';

export const SCHEMA_HELP = `Usage: twoam schema [--out FILE] [--check]

Prints the JSON Schema of scenario files, generated from the schema the engine validates with.
Editors with a YAML language server use it for completion and hover text: a scenario's first line
  # yaml-language-server: $schema=./schema.json
points at scenarios/schema.json, which \`npm run schema\` rewrites.

--out FILE   write the schema to FILE instead of printing it
--check      with --out: do not write; exit 1 when FILE differs from the generated schema
Exit status: 0 ok, 1 the file is out of date (--check), 2 usage error.`;

/**
 * The JSON Schema of a scenario as authors write it: `io: 'input'` leaves fields with defaults optional.
 * Formatted with two-space indentation and a final newline, so the committed file is stable.
 */
export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', target: 'draft-7' });
  const titled = {
    ...schema,
    title: '2AM scenario',
    description:
      'A scenario of 2AM, the debugging practice simulator: a fake production system, its history and its hidden faults.',
  };
  return `${JSON.stringify(titled, null, 2)}\n`;
}

/** Writes, checks or prints the JSON Schema. */
export async function schemaCommand(
  out: string | undefined,
  check: boolean,
  output: Output,
): Promise<number> {
  const text = scenarioJsonSchema();
  if (out === undefined) {
    output.out(text.trimEnd());
    return EXIT.ok;
  }
  if (check) {
    const current = await readFile(out, 'utf8').catch(() => '');
    if (current === text) return EXIT.ok;
    output.err(`${out} is out of date: run npm run schema`);
    return EXIT.problems;
  }
  await writeFile(out, text);
  return EXIT.ok;
}
