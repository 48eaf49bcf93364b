import { formatPath } from '../diagnostics.ts';
import type { ParsedYaml } from '../parse.ts';
import { locate } from '../parse.ts';
import type { LintDiagnostic } from './lintScenario.ts';
import type { LintFinding } from './types.ts';

/** A finding positioned in the file it was found in (at its start when the file does not parse). */
export function placeFinding(parsed: ParsedYaml | undefined, file: string, f: LintFinding): LintDiagnostic {
  const { line, col } = parsed ? locate(parsed, f.path) : { line: 1, col: 1 };
  return {
    file,
    line,
    col,
    path: formatPath(f.path),
    severity: f.severity,
    message: f.message,
    rule: f.rule,
  };
}
