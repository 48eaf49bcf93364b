/**
 * Translates Go RE2 syntax, which Loki uses, into JavaScript regular expressions. Only the differences
 * people meet in log queries are handled: leading flag groups such as `(?i)`, `(?P<name>…)` groups,
 * `\z` and `\A`, and POSIX classes like `[[:digit:]]`. Anything JavaScript cannot express is reported.
 */

/** A translated regex, or a message and the offset in the RE2 source it refers to. */
export type RegexTranslation =
  | { readonly ok: true; readonly regex: RegExp; readonly names: readonly string[] }
  | { readonly ok: false; readonly message: string; readonly offset: number };

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/**
 * Compiles RE2 `source` as JavaScript. `anchored` wraps it as Prometheus label matchers do (`^(?:…)$`);
 * line filters and the `regexp` parser search anywhere in the line.
 *
 * @example
 * translateGoRegexp('(?i)timeout', false) // → /timeout/i
 */
export function translateGoRegexp(source: string, anchored: boolean): RegexTranslation {
  let flags = '';
  let rest = source;
  let offset = 0;
  const lead = /^\(\?([imsU]+)\)/.exec(rest);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'U') return { ok: false, message: 'the (?U) ungreedy flag is not supported here', offset: 0 };
      if (!flags.includes(f)) flags += f;
    }
    rest = rest.slice(lead[0].length);
    offset = lead[0].length;
  }
  let out = '';
  let inClass = false;
  const names: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '\\') {
      const e = rest[i + 1];
      if (e === undefined)
        return { ok: false, message: 'trailing backslash at end of expression', offset: offset + i };
      if (!inClass && e === 'z') out += '(?![\\s\\S])';
      else if (!inClass && e === 'A') out += '(?<![\\s\\S])';
      else if (e === 'Q') {
        const end = rest.indexOf('\\E', i + 2);
        const literal = rest.slice(i + 2, end < 0 ? rest.length : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? rest.length : end + 1;
        continue;
      } else out += c + e;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && rest[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(rest.slice(i));
        const cls = m ? POSIX_CLASSES[m[2]!] : undefined;
        if (m && cls !== undefined) {
          if (m[1])
            return { ok: false, message: `negated class [:^${m[2]}:] is not supported`, offset: offset + i };
          out += cls;
          i += m[0].length - 1;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in RE2; JavaScript needs it escaped.
      if (rest[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && rest[i + 1] === '?') {
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest.slice(i));
      if (named) {
        names.push(named[1]!);
        out += `(?<${named[1]}>`;
        i += named[0].length - 1;
        continue;
      }
      const next = rest[i + 2];
      if (next !== ':' && next !== '=' && next !== '!')
        return {
          ok: false,
          message: 'flags are only supported at the start of the expression, as in (?i)text',
          offset: offset + i,
        };
    }
    out += c;
  }
  if (inClass) return { ok: false, message: 'missing closing ]', offset: source.length };
  const unicode = /\\[pP]\{/.test(out);
  const body = anchored ? `^(?:${out})$` : out;
  // Prometheus and Loki label matchers let `.` match newlines; line filters follow plain RE2.
  if (anchored && !flags.includes('s')) flags += 's';
  try {
    return { ok: true, regex: new RegExp(body, flags + (unicode ? 'u' : '')), names };
  } catch (err) {
    const reason =
      err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '') : '';
    return { ok: false, message: `invalid regular expression: ${reason || 'cannot compile'}`, offset: 0 };
  }
}
