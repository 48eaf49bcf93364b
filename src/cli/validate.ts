import { readFile } from 'node:fs/promises';
import type { ScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import { formatScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import { loadScenario } from '../engine/scenario/load.ts';
import type { Output } from './output.ts';
import { EXIT } from './output.ts';

export const VALIDATE_HELP = `Usage: twoam validate <file...> [--variant N] [--json]

Checks scenario files: YAML syntax, the schema, and every cross-reference.
Prints one line per problem as file:line:col: path: message.
--variant N checks variant N of a scenario with variants (0, the default, is the file as written).
Exit status: 0 when every file is valid, 1 when any has problems, 2 on usage errors.`;

/** Validates each file; prints problems; returns the exit code. */
export async function validateCommand(
  files: readonly string[],
  output: Output,
  variant = 0,
): Promise<number> {
  const reports: { file: string; valid: boolean; diagnostics: readonly ScenarioDiagnostic[] }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const reason =
        (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      reports.push({
        file,
        valid: false,
        diagnostics: [
          { file, line: 1, col: 1, path: '', severity: 'error', message: `cannot read: ${reason}` },
        ],
      });
      continue;
    }
    const { scenario, diagnostics } = loadScenario(text, file, { variant });
    reports.push({ file, valid: scenario !== undefined, diagnostics });
  }
  const valid = reports.every((r) => r.valid);
  if (output.json) {
    output.out(JSON.stringify({ valid, files: reports }, null, 2));
  } else {
    for (const r of reports) {
      if (r.valid) output.out(`${r.file}: ok`);
      for (const d of r.diagnostics) output.out(formatScenarioDiagnostic(d));
    }
  }
  return valid ? EXIT.ok : EXIT.problems;
}
