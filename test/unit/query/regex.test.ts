import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import type { Regex } from '../../../src/engine/query/regex.ts';
import { compileRegex, describeRegexError, MAX_PROGRAM_SIZE } from '../../../src/engine/query/regex.ts';

function compiled(source: string, anchored: boolean, ignoreCase = false): Regex {
  const r = compileRegex(source, { anchored, ignoreCase });
  if (!r.ok) throw new Error(`${source}: ${describeRegexError(r)}`);
  return r.regex;
}

describe('RE2 semantics', () => {
  test.each([
    // Go's inline flags, at the start, in the middle, and scoped to a group.
    { source: '(?i)timeout', anchored: false, text: 'Gateway TIMEOUT', expected: true },
    { source: '(?i:PRO)d', anchored: true, text: 'prod', expected: true },
    { source: '(?i:PRO)d', anchored: true, text: 'proD', expected: false },
    { source: '((?i)PRO)', anchored: true, text: 'pRo', expected: true },
    { source: 'a(?i)b', anchored: true, text: 'aB', expected: true },
    { source: 'a(?i)b', anchored: true, text: 'AB', expected: false },
    { source: '(?s:.)', anchored: false, text: '\n', expected: true },
    // Label matchers are anchored at both ends and `.` crosses newlines there, as in Prometheus.
    { source: '5..', anchored: true, text: '503', expected: true },
    { source: '5..', anchored: true, text: '1503', expected: false },
    { source: 'a.b', anchored: true, text: 'a\nb', expected: true },
    { source: 'a.b', anchored: false, text: 'a\nb', expected: false },
    { source: 'a|b', anchored: true, text: 'ab', expected: false },
    { source: 'a|b', anchored: false, text: 'xbx', expected: true },
    { source: '', anchored: true, text: '', expected: true },
    { source: '', anchored: true, text: 'x', expected: false },
    // RE2 spellings JavaScript lacks.
    { source: '[[:digit:]]+\\z', anchored: false, text: 'id 42', expected: true },
    { source: '\\Aid', anchored: false, text: 'x id', expected: false },
    { source: '\\Q.*\\E', anchored: false, text: 'a.*b', expected: true },
    { source: '\\Q.*\\E', anchored: false, text: 'ab', expected: false },
    { source: '\\pL+', anchored: true, text: 'héllo', expected: true },
    // RE2's \s is ASCII only: a no-break space is not white space.
    { source: '\\s', anchored: false, text: 'a\u00a0b', expected: false },
  ])('$source (anchored: $anchored) on $text', ({ source, anchored, text, expected }) => {
    expect(compiled(source, anchored).test(text)).toBe(expected);
  });

  test('an unbalanced ) cannot close the anchoring group', () => {
    const r = compileRegex('a)|(b', { anchored: true });
    expect(r.ok).toBe(false);
  });

  test('exec returns numbered and named groups; search gives the UTF-16 offset', () => {
    const re = compiled('(?P<method>[A-Z]+) (\\S+)(x)?', false);
    expect(re.names).toEqual(['method']);
    const m = re.exec('> GET /cart')!;
    expect([m.index, m[0], m[1], m[2], m[3], m.groups?.method]).toEqual([
      2,
      'GET /cart',
      'GET',
      '/cart',
      undefined,
      'GET',
    ]);
    expect(compiled('b', false).search('😀ab')).toBe(3);
    expect(compiled('b+', false).search('😀ab')).toBe(3);
    expect(compiled('z', false).search('ab')).toBe(-1);
  });

  test('ignoreCase is the same as a leading (?i)', () => {
    expect(compiled('error', false, true).test('ERROR')).toBe(true);
    expect(compiled('error', false, true).search('An Error')).toBe(3);
  });
});

describe('refusals name RE2 reason and where', () => {
  test.each([
    { source: 'a(b', reason: 'missing closing )', offset: 0 },
    { source: 'x\\8', reason: 'invalid escape sequence', offset: 1 },
    { source: 'x**', reason: 'invalid nested repetition operator', offset: 1 },
    { source: '(?=a)', reason: 'invalid or unsupported Perl syntax', offset: 0 },
    { source: '(a*)\\1', reason: 'invalid escape sequence', offset: 4 },
    { source: 'a{1001}', reason: 'invalid repeat count', offset: 1 },
    { source: 'b\\', reason: 'trailing backslash at end of expression', offset: 0 },
  ])('$source', ({ source, reason, offset }) => {
    const r = compileRegex(source, { anchored: false });
    expect(r.ok ? 'compiled' : { reason: r.reason, offset: r.offset }).toEqual({ reason, offset });
  });

  test('a program too large to match quickly is refused', () => {
    const r = compileRegex('[\\s\\S]{1000}'.repeat(4), { anchored: false });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toBe(
      `expression too large (4002 instructions, at most ${MAX_PROGRAM_SIZE})`,
    );
  });
});

describe('shortcuts answer exactly as the engine does', () => {
  const unit = fc.constantFrom('a', 'b', 'K', 'k', 's', 'S', 'ſ', 'K', ' ', '=', 'é', 'İ', 'x', '\n');
  const word = fc.string({ unit, maxLength: 4 });
  const text = fc.string({ unit, maxLength: 12 });
  // re2js itself, with no shortcut in front of it.
  const engine = (source: string, anchored: boolean) => {
    const re = RE2JS.compile(anchored ? `^(?s:${source})$` : source);
    return (t: string) => re.test(t);
  };

  test('plain text and plain alternatives, anchored or not', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        text,
        (words, anchored, t) => {
          const source = words.join('|');
          const expected = engine(source, anchored)(t);
          expect(compiled(source, anchored).test(t)).toBe(expected);
        },
      ),
    );
  });

  test('(?i) words', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9 =]{1,5}$/), text, (w, t) => {
        const source = `(?i)${w}`;
        expect(compiled(source, false).test(t)).toBe(engine(source, false)(t));
      }),
    );
  });

  test('(?i) alternatives of words', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-zA-Z0-9 =]{1,4}$/), { minLength: 2, maxLength: 4 }),
        text,
        (ws, t) => {
          const source = `(?i)${ws.join('|')}`;
          expect(compiled(source, false).test(t)).toBe(engine(source, false)(t));
        },
      ),
    );
  });
});
