import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiffLine } from '../../../src/engine/world/lineDiff.ts';
import { diffLines, formatHunks, splitLines, toHunks } from '../../../src/engine/world/lineDiff.ts';

/** Length of the longest common subsequence, by dynamic programming: the reference for minimal diffs. */
function lcs(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

const sides = (d: readonly DiffLine[]) => ({
  a: d.filter((l) => l.op !== '+').map((l) => l.text),
  b: d.filter((l) => l.op !== '-').map((l) => l.text),
});

describe('splitLines', () => {
  it.each([
    ['', []],
    ['a', ['a']],
    ['a\n', ['a']],
    ['a\n\nb\n', ['a', '', 'b']],
  ])('%j', (text, lines) => {
    expect(splitLines(text)).toEqual(lines);
  });
});

describe('diffLines', () => {
  it.each([
    { a: [], b: [], diff: [] },
    { a: ['x'], b: [], diff: ['-x'] },
    { a: [], b: ['x'], diff: ['+x'] },
    { a: ['a', 'b', 'c'], b: ['a', 'c'], diff: [' a', '-b', ' c'] },
    { a: ['a', 'b', 'c'], b: ['a', 'B', 'c'], diff: [' a', '-b', '+B', ' c'] },
    { a: ['a', 'b'], b: ['b', 'a'], diff: ['-a', ' b', '+a'] },
  ])('$a → $b', ({ a, b, diff }) => {
    expect(diffLines(a, b).map((l) => `${l.op}${l.text}`)).toEqual(diff);
  });

  it('reproduces both sides and keeps as many lines as the longest common subsequence', () => {
    const file = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 14 });
    fc.assert(
      fc.property(file, file, (a, b) => {
        const d = diffLines(a, b);
        expect(sides(d)).toEqual({ a, b });
        expect(d.filter((l) => l.op === ' ').length).toBe(lcs(a, b));
      }),
    );
  });
});

describe('toHunks', () => {
  const old = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];

  it.each([
    {
      name: 'one change in the middle, three lines of context',
      b: ['1', '2', '3', '4', '5', 'six', '7', '8', '9', '10', '11', '12'],
      text: '@@ -3,7 +3,7 @@\n 3\n 4\n 5\n-6\n+six\n 7\n 8\n 9',
    },
    {
      name: 'changes far apart make two hunks',
      b: ['one', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', 'twelve'],
      text: '@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+twelve',
    },
    {
      name: 'a new file starts at line 0 on the old side',
      a: [],
      b: ['x', 'y'],
      text: '@@ -0,0 +1,2 @@\n+x\n+y',
    },
  ])('$name', ({ a, b, text }) => {
    expect(formatHunks(toHunks(diffLines(a ?? old, b)))).toBe(text);
  });

  it('has no hunks when nothing changed', () => {
    expect(toHunks(diffLines(old, old))).toEqual([]);
  });
});
