import { checkCrossReferences } from './crossRefs.ts';
import type { ScenarioDiagnostic } from './diagnostics.ts';
import { didYouMean, formatPath } from './diagnostics.ts';
import { locateInValue } from './locateInValue.ts';
import type { ParsedYaml } from './parse.ts';
import { locate, parseScenarioYaml } from './parse.ts';
import type { Scenario } from './schema.ts';
import { ScenarioSchema } from './schema.ts';
import type { VariantValue } from './variantSchema.ts';
import { resolveVariant } from './variants.ts';

/** The result of loading a scenario: the scenario when valid, and every problem found, in file order. */
export interface LoadResult {
  readonly scenario?: Scenario;
  readonly diagnostics: readonly ScenarioDiagnostic[];
  /** The variant played and the value of each of its parameters (empty when the scenario has none). */
  readonly variant?: { readonly seed: number; readonly values: Readonly<Record<string, VariantValue>> };
}

/** How to load: which variant of the scenario to play (0, the default, is the file as written). */
export interface LoadOptions {
  readonly variant?: number;
}

/**
 * Loads a scenario from YAML text: parse (with limits), schema validation, cross-references. Never throws
 * for bad input; every problem names the file, line and column.
 *
 * @example
 * const { scenario, diagnostics } = loadScenario(text, 'scenarios/tutorial.yaml');
 * if (!scenario) for (const d of diagnostics) print(formatScenarioDiagnostic(d));
 */
export function loadScenario(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const { parsed, diagnostics } = parseScenarioYaml(text, file);
  if (!parsed) return { diagnostics };

  // Variants are substituted before validation; the structure is unchanged, so every path still points at
  // the template's line.
  const resolved = resolveVariant(parsed.value, options.variant ?? 0);
  if (resolved.problems.length > 0) {
    return {
      diagnostics: sortDiagnostics(
        resolved.problems.map((p) => ({
          file,
          ...locate(parsed, p.path),
          path: formatPath(p.path),
          severity: 'error' as const,
          message: p.message,
        })),
      ),
    };
  }
  const variant = { seed: resolved.seed, values: resolved.values };
  const result = ScenarioSchema.safeParse(resolved.value, { reportInput: true });
  if (!result.success) {
    const out: ScenarioDiagnostic[] = [];
    for (const issue of result.error.issues) out.push(...issueDiagnostics(parsed, issue));
    return { diagnostics: sortDiagnostics(out) };
  }
  const problems = checkCrossReferences(result.data).map((p) => {
    const { line, col } =
      p.offset === undefined ? locate(parsed, p.path) : locateInValue(parsed, text, p.path, p.offset);
    return {
      file,
      line,
      col,
      path: formatPath(p.path),
      severity: 'error' as const,
      message: p.message,
    };
  });
  if (problems.length > 0) return { diagnostics: sortDiagnostics(problems), variant };
  return { scenario: result.data, diagnostics: [], variant };
}

interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly input?: unknown;
  readonly expected?: string;
}

function issueDiagnostics(parsed: ParsedYaml, issue: Issue): ScenarioDiagnostic[] {
  const base = { file: parsed.file, severity: 'error' as const };
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const known = knownKeys(issue.path);
    return issue.keys.map((key) => {
      const { line, col } = locate(parsed, issue.path, key);
      return {
        ...base,
        line,
        col,
        path: formatPath([...issue.path, key]),
        message: `unknown key "${key}"${didYouMean(key, known)}`,
      };
    });
  }
  const { line, col } = locate(parsed, issue.path);
  return [{ ...base, line, col, path: formatPath(issue.path), message: humanMessage(issue) }];
}

function humanMessage(issue: Issue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return `required (${issue.expected ?? 'a value'})`;
  if (issue.code === 'invalid_value' && issue.values) {
    const hint = typeof issue.input === 'string' ? didYouMean(issue.input, issue.values.map(String)) : '';
    return `${JSON.stringify(issue.input)} is not allowed${hint}; use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}

/** The keys the schema accepts at a path, for "did you mean" on unknown keys. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  // Walk the zod shape alongside the path; array indices step into the element schema.
  let schema: unknown = ScenarioSchema;
  for (const step of path) {
    schema = unwrap(schema);
    const def = (schema as { def?: { type?: string; element?: unknown; shape?: Record<string, unknown> } })
      .def;
    if (typeof step === 'number' && def?.type === 'array') schema = def.element;
    else if (def?.shape && typeof step === 'string') schema = def.shape[step];
    else return [];
  }
  schema = unwrap(schema);
  const shape = (schema as { def?: { shape?: Record<string, unknown> } }).def?.shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (s?.def && (s.def.type === 'default' || s.def.type === 'optional' || s.def.type === 'nullable')) {
    s = s.def.innerType as typeof s;
  }
  return s;
}

function sortDiagnostics(ds: ScenarioDiagnostic[]): ScenarioDiagnostic[] {
  return ds.sort((a, b) => a.line - b.line || a.col - b.col);
}
