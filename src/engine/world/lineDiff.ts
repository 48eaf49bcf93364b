/** One line of a diff: kept (` `), removed from the old file (`-`) or added in the new one (`+`). */
export interface DiffLine {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

/** A unified-diff hunk: 1-based starts and line counts on each side, as in `@@ -1,4 +1,5 @@`. */
export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly DiffLine[];
}

/** Splits file content into lines; a final newline ends the last line rather than starting an empty one. */
export function splitLines(content: string): string[] {
  if (content === '') return [];
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The shortest edit script from `a` to `b` (Myers' O((N+M)D) algorithm, the one git uses by default),
 * as a sequence of kept, removed and added lines. Removals come before additions within a change, as in
 * git's output.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      // Prefer stepping down (a deletion) on ties so deletions are listed before insertions.
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace backwards to recover the path, then reverse it.
  const out: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: ' ', text: a[--x]! });
      y--;
    }
    if (d === 0) break;
    if (down) out.push({ op: '+', text: b[--y]! });
    else out.push({ op: '-', text: a[--x]! });
  }
  out.reverse();
  return out;
}

/** Groups a diff into unified hunks with `context` unchanged lines around each change (git's default is 3). */
export function toHunks(diff: readonly DiffLine[], context = 3): Hunk[] {
  const changed: number[] = [];
  diff.forEach((l, i) => {
    if (l.op !== ' ') changed.push(i);
  });
  if (changed.length === 0) return [];
  // Line numbers before each diff entry, on each side.
  const oldAt = new Int32Array(diff.length + 1);
  const newAt = new Int32Array(diff.length + 1);
  for (let i = 0; i < diff.length; i++) {
    oldAt[i + 1] = oldAt[i]! + (diff[i]!.op === '+' ? 0 : 1);
    newAt[i + 1] = newAt[i]! + (diff[i]!.op === '-' ? 0 : 1);
  }
  const hunks: Hunk[] = [];
  let from = Math.max(0, changed[0]! - context);
  let to = Math.min(diff.length, changed[0]! + 1 + context);
  const flush = (): void => {
    const lines = diff.slice(from, to);
    const oldLines = lines.filter((l) => l.op !== '+').length;
    const newLines = lines.filter((l) => l.op !== '-').length;
    // As in GNU diff, an empty side's start is the line before the change.
    hunks.push({
      oldStart: oldLines === 0 ? oldAt[from]! : oldAt[from]! + 1,
      oldLines,
      newStart: newLines === 0 ? newAt[from]! : newAt[from]! + 1,
      newLines,
      lines,
    });
  };
  for (const i of changed.slice(1)) {
    if (i - context <= to) to = Math.min(diff.length, i + 1 + context);
    else {
      flush();
      from = Math.max(0, i - context);
      to = Math.min(diff.length, i + 1 + context);
    }
  }
  flush();
  return hunks;
}

/** Writes hunks as unified-diff text (the part after the `---`/`+++` header). */
export function formatHunks(hunks: readonly Hunk[]): string {
  const out: string[] = [];
  for (const h of hunks) {
    const side = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);
    out.push(`@@ -${side(h.oldStart, h.oldLines)} +${side(h.newStart, h.newLines)} @@`);
    for (const l of h.lines) out.push(`${l.op}${l.text}`);
  }
  return out.join('\n');
}
