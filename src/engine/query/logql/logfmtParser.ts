import type { ExtractionParam } from './ast.ts';
import type { BaseNames, MutableLabels } from './pipelineLabels.ts';
import { sanitizeLabelKey, setError, setExtracted } from './pipelineLabels.ts';

/** One `key=value` pair handed to a callback, or an error. */
type Emit = (key: string, value: string | undefined) => void;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * Scans a logfmt line as go-logfmt does: `key=value`, `key="quoted \"value\""`, and bare `key` (value
 * undefined). Returns an error message for malformed input. In lenient mode a bad token is skipped and
 * scanning goes on, which is Loki's default since 2.9.
 */
function scanLogfmt(line: string, emit: Emit, strict: boolean): string | undefined {
  const n = line.length;
  let i = 0;
  let firstError: string | undefined;
  const fail = (msg: string): boolean => {
    firstError ??= msg;
    if (strict) return true;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    return false;
  };
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === 61 /* = */ || isSpace(c) || c === 34 /* " */) break;
      i++;
    }
    const key = line.slice(keyStart, i);
    if (key === '') {
      if (fail(`logfmt syntax error at pos ${i + 1}: unexpected '${line[i]}'`)) return firstError;
      continue;
    }
    if (i >= n || isSpace(line.charCodeAt(i))) {
      emit(key, undefined);
      continue;
    }
    if (line.charCodeAt(i) === 34) {
      if (fail(`logfmt syntax error at pos ${i + 1}: unexpected '"'`)) return firstError;
      continue;
    }
    i++; // '='
    if (i < n && line.charCodeAt(i) === 34) {
      let j = i + 1;
      let escaped = false;
      while (j < n) {
        const c = line.charCodeAt(j);
        if (c === 92 /* \ */) {
          escaped = true;
          j += 2;
        } else if (c === 34) break;
        else j++;
      }
      if (j >= n) {
        if (fail(`logfmt syntax error at pos ${n + 1}: unterminated quoted value`)) return firstError;
        continue;
      }
      const raw = line.slice(i, j + 1);
      let value = raw.slice(1, -1);
      if (escaped) {
        try {
          value = JSON.parse(raw) as string;
        } catch {
          value = value.replace(/\\(.)/g, '$1');
        }
      }
      emit(key, value);
      i = j + 1;
      continue;
    }
    const valueStart = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    emit(key, line.slice(valueStart, i));
  }
  return firstError;
}

/** Options of `| logfmt`. */
export interface LogfmtOptions {
  readonly params: readonly ExtractionParam[];
  readonly strict: boolean;
  readonly keepEmpty: boolean;
}

/**
 * `| logfmt`: each `key=value` becomes a label. Bare keys are kept (with an empty value) only with
 * `--keep-empty`; with `--strict` the first malformed token stops parsing and sets
 * `__error__="LogfmtParserErr"`. With parameters (`| logfmt a="b"`) only the listed keys are extracted.
 */
export function applyLogfmt(line: string, opts: LogfmtOptions, labels: MutableLabels, base: BaseNames): void {
  const wanted =
    opts.params.length > 0 ? new Map(opts.params.map((p) => [String(p.path[0]), p.label])) : undefined;
  if (wanted) for (const p of opts.params) if (!base.has(p.label)) labels.set(p.label, '');
  const err = scanLogfmt(
    line,
    (key, value) => {
      if (value === undefined && !opts.keepEmpty) return;
      if (wanted) {
        const label = wanted.get(key);
        if (label !== undefined) setExtracted(labels, base, label, value ?? '');
        return;
      }
      const name = sanitizeLabelKey(key);
      if (name !== '') setExtracted(labels, base, name, value ?? '');
    },
    opts.strict,
  );
  if (err !== undefined && opts.strict) setError(labels, 'LogfmtParserErr', err);
}
