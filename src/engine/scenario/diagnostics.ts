/** A problem in a scenario file, positioned so an editor or terminal can jump to it. */
export interface ScenarioDiagnostic {
  readonly file: string;
  /** 1-based line and column. */
  readonly line: number;
  readonly col: number;
  /** Where in the document, as `system.edges[3].to`; empty for problems of the file itself. */
  readonly path: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** Formats a path array as `system.edges[3].to`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Formats a diagnostic as `file:line:col: path: message`, the form compilers and editors understand. */
export function formatScenarioDiagnostic(d: ScenarioDiagnostic): string {
  const where = d.path ? `${d.path}: ` : '';
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}:${d.col}: ${prefix}${where}${d.message}`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest known name to `name`, if it is close enough to be a likely typo. */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  // A prefix match ("billing-db" for "billing-db-primary") is a likely intent even when far in edits.
  if (best !== undefined && bestDistance > limit) {
    for (const candidate of known)
      if (candidate.startsWith(name) || name.startsWith(candidate)) return candidate;
    return undefined;
  }
  return best;
}

/** ` (did you mean "x"?)` or nothing. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const s = suggest(name, known);
  return s !== undefined && s !== name ? ` (did you mean "${s}"?)` : '';
}
