import { RE2JS } from 're2js';
import { spend } from './budget.ts';

/**
 * The one place a user's regular expression is compiled. Prometheus and Loki use Go's RE2, whose
 * matching time grows linearly with the text, so a pattern such as `(.*.*)*=$` answers at once there;
 * JavaScript's own engine backtracks and can run for hours on it. Every query language, search box and
 * matcher of this game compiles through here, with RE2's syntax (inline flags such as `(?i)` and
 * `(?i:…)`, `(?P<name>…)`, `\z`, `[[:digit:]]`) and RE2's guarantees.
 */

/** A compiled pattern. `test` and `exec` follow the anchoring it was compiled with. */
export interface Regex {
  /** The pattern as the user wrote it. */
  readonly source: string;
  /** Names of the named capture groups, in the order they open. */
  readonly names: readonly string[];
  /** Whether the pattern matches (a part of, or for anchored patterns all of) `text`. */
  test(text: string): boolean;
  /**
   * The leftmost match with its groups, shaped as JavaScript's `RegExp.exec` result (`index`, numbered
   * groups, `groups` by name; a group that did not take part is undefined), or null.
   */
  exec(text: string): RegExpExecArray | null;
  /** Where the leftmost match starts in `text` (in UTF-16 units), or -1. */
  search(text: string): number;
}

/** How a pattern is compiled. */
export interface RegexOptions {
  /**
   * Match the whole text with `.` matching newlines, as Prometheus label matchers do (`^(?s:…)$`).
   * Unanchored patterns search anywhere in the text, as Loki's line filters and `regexp` parser do.
   */
  readonly anchored: boolean;
  /** Case-insensitive everywhere, as a search box's "ignore case" asks. Same as a leading `(?i)`. */
  readonly ignoreCase?: boolean;
}

/** A compiled pattern, or why the pattern is refused and where in it (an offset into the source). */
export type RegexCompile =
  | { readonly ok: true; readonly regex: Regex }
  | {
      readonly ok: false;
      /** RE2's reason, e.g. "missing closing )". */
      readonly reason: string;
      /** The part of the pattern the reason is about, when RE2 names one. */
      readonly fragment?: string;
      readonly offset: number;
    };

/**
 * Largest compiled program accepted, in RE2 instructions. Matching costs up to program size × text
 * length, so a pattern such as `(x{1000}){1000}` or `.{1000}` repeated would stay linear yet take
 * seconds per line; real searches compile to a few hundred instructions at most.
 */
export const MAX_PROGRAM_SIZE = 3_000;

/** Compiled patterns by options and source: a query evaluates the same few patterns many times. */
const cache = new Map<string, RegexCompile>();
const CACHE_LIMIT = 512;

// Characters that make a pattern more than plain text in RE2 syntax.
const META = /[\\.+*?()|[\]{}^$]/;

/**
 * Compiles `source` with RE2 semantics. Never throws; a refused pattern comes back with RE2's reason.
 *
 * @example
 * compileRegex('(?i)timeout|refused', { anchored: false }) // test('Connection REFUSED') → true
 * compileRegex('5..', { anchored: true })                  // test('503') → true, test('1503') → false
 */
export function compileRegex(source: string, options: RegexOptions): RegexCompile {
  const key = `${options.anchored ? 'a' : 's'}${options.ignoreCase ? 'i' : '-'}${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const compiled = compileUncached(source, options);
  // Dropping everything when full keeps the cache simple; a query never holds hundreds of patterns.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** A shorthand for callers that only need to know whether a pattern is valid: RE2's reason, or undefined. */
export function regexError(source: string): string | undefined {
  const r = compileRegex(source, { anchored: false });
  return r.ok ? undefined : describeRegexError(r);
}

/** RE2's reason with the fragment it names, as Go prints it: "missing closing ): `a(b`". */
export function describeRegexError(r: Extract<RegexCompile, { ok: false }>): string {
  return r.fragment === undefined ? r.reason : `${r.reason}: \`${r.fragment}\``;
}

function compileUncached(source: string, options: RegexOptions): RegexCompile {
  const flags = options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0;
  let bare: RE2JS;
  try {
    // The pattern alone first, so that an unbalanced `)` cannot close the anchoring group below.
    bare = RE2JS.compile(source, flags);
  } catch (e) {
    return refusal(source, e);
  }
  if (bare.programSize() > MAX_PROGRAM_SIZE) {
    return {
      ok: false,
      reason: `expression too large (${bare.programSize()} instructions, at most ${MAX_PROGRAM_SIZE})`,
      offset: 0,
    };
  }
  const names = Object.entries(bare.namedGroups())
    .sort((a, b) => a[1] - b[1])
    .map(([name]) => name);
  let re = bare;
  if (options.anchored) {
    try {
      re = RE2JS.compile(`^(?s:${source})$`, flags);
    } catch (e) {
      return refusal(source, e);
    }
  }
  return { ok: true, regex: wrap(source, names, re, options) };
}

function refusal(source: string, e: unknown): RegexCompile {
  const err = e as { getDescription?: () => string; getPattern?: () => string | null; message?: string };
  const reason =
    typeof err.getDescription === 'function'
      ? err.getDescription()
      : String(err.message ?? e).replace(/^error parsing regexp: /, '');
  const fragment = typeof err.getPattern === 'function' ? (err.getPattern() ?? undefined) : undefined;
  const at = fragment === undefined ? -1 : source.indexOf(fragment);
  return { ok: false, reason, ...(fragment === undefined ? {} : { fragment }), offset: Math.max(0, at) };
}

function wrap(source: string, names: readonly string[], re: RE2JS, options: RegexOptions): Regex {
  // Each run through RE2 counts against the running query's budget by the length of its text: linear
  // matching keeps one line cheap, but a query may run a pattern over millions of them.
  const exec = (text: string): RegExpExecArray | null => {
    spend(text.length + 1);
    // re2js shapes its result as RegExp.exec does (index, input, groups), so the cast only names the type.
    return re.exec(text) as RegExpExecArray | null;
  };
  const search = (text: string): number => exec(text)?.index ?? -1;
  const fast = options.ignoreCase ? undefined : plainText(source, options.anchored);
  if (fast) return { source, names, test: fast.test, exec, search: fast.search ?? search };
  const needles = caseFoldNeedles(source, options);
  const test = (text: string) => {
    spend(text.length + 1);
    return re.test(text);
  };
  if (needles !== undefined) {
    // Every match contains one of the needles in some mix of cases, so a line without any cannot match.
    // RE2 also folds `s` with the long s, which lower-casing leaves as it is: such a line goes to RE2.
    const prefiltered = (text: string) => {
      const lower = text.toLowerCase();
      return (needles.some((n) => lower.includes(n)) || text.includes('\u017f')) && test(text);
    };
    return { source, names, test: prefiltered, exec, search };
  }
  return { source, names, test, exec, search };
}

/**
 * Plain text, or plain alternatives such as `error|timeout`, tested without the regex engine. Loki
 * simplifies such filters the same way. Exactly RE2's answer: these patterns have nothing but literals.
 */
function plainText(
  source: string,
  anchored: boolean,
): { test: (text: string) => boolean; search?: (text: string) => number } | undefined {
  const alternatives = source.split('|');
  if (alternatives.some((a) => META.test(a))) return undefined;
  if (anchored) {
    const set = new Set(alternatives);
    return { test: (text) => set.has(text) };
  }
  if (alternatives.length === 1) {
    return { test: (text) => text.includes(source), search: (text) => text.indexOf(source) };
  }
  return { test: (text) => alternatives.some((a) => text.includes(a)) };
}

/**
 * For an unanchored `(?i)word` or `(?i)word|other|…` of ASCII letters, digits and spaces: the words in
 * lower case. Lower-casing a line turns every letter RE2 folds with an ASCII one into it (the Kelvin sign
 * becomes `k`) except the long s, which the test looks for apart.
 */
function caseFoldNeedles(source: string, options: RegexOptions): string[] | undefined {
  if (options.anchored || options.ignoreCase) return undefined;
  const m = /^\(\?i\)([A-Za-z0-9 _=:,/-]+(?:\|[A-Za-z0-9 _=:,/-]+)*)$/.exec(source);
  return m ? m[1]!.toLowerCase().split('|') : undefined;
}
