import { decodeGoEscapes, GO_ESCAPES } from '../goString.ts';

/** Scalars of time units, as Prometheus' `model.ParseDuration` reads them (a year is 365 days). */
const UNIT_MS: Readonly<Record<string, number>> = {
  y: 365 * 24 * 3600_000,
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/**
 * Parses a duration such as `1h30m` into milliseconds. Units must appear at most once and in
 * decreasing order, as in Prometheus. Returns undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const re = /(\d+)(ms|y|w|d|h|m|s)/y;
  let pos = 0;
  let total = 0;
  let lastUnit = -1;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    const unit = UNIT_ORDER.indexOf(m[2]!);
    if (unit <= lastUnit) return undefined;
    lastUnit = unit;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    pos = re.lastIndex;
  }
  return pos === 0 ? undefined : total;
}

/**
 * Parses a number literal: decimal (with `_` separators), hex, `Inf`, `NaN`, or a duration in seconds,
 * with an optional sign (the grammar takes a leading `-` or `+` into the literal, as in `-1` or `+0.2`).
 */
export function parseNumber(text: string): number | undefined {
  if (text[0] === '-' || text[0] === '+') {
    const unsigned = text.slice(1);
    if (unsigned[0] === '-' || unsigned[0] === '+') return undefined;
    const value = parseNumber(unsigned);
    return value === undefined ? undefined : text[0] === '-' ? -value : value;
  }
  const lower = text.toLowerCase();
  if (lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^(\d+(_?\d)*)?(\.\d+(_?\d)*)?([eE][+-]?\d+(_?\d)*)?$/.test(text) && /\d/.test(text)) {
    return Number(text.replaceAll('_', ''));
  }
  const ms = parseDuration(text);
  return ms === undefined ? undefined : ms / 1000;
}

// Digits, a dot with no digit after it, and maybe an exponent: `2.`, `1.e3`.
const TRAILING_DOT = /(\d+(?:_?\d)*)\.(?![\d.])([eE][+-]?\d+)?/y;

/**
 * Rewrites number literals Prometheus' lexer reads but the lezer grammar does not, keeping every offset:
 * `2.` becomes `2 ` and `1.e3` becomes `1e3 `. Strings and comments are left alone.
 *
 * @example normalizeNumbers('1./6.') // → '1 /6 '
 */
export function normalizeNumbers(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = closingQuote(text, i);
      out += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      const end = eol < 0 ? text.length : eol;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (c >= '0' && c <= '9' && !/[\w:.]/.test(text[i - 1] ?? '')) {
      TRAILING_DOT.lastIndex = i;
      const m = TRAILING_DOT.exec(text);
      if (m && !/[A-Za-z_:]/.test(text[TRAILING_DOT.lastIndex] ?? '')) {
        out += `${m[1]}${m[2] ?? ''} `;
        i = TRAILING_DOT.lastIndex;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quote !== '`') i++;
    else if (c === quote || (c === '\n' && quote !== '`')) return i;
  }
  return text.length - 1;
}

/** PromQL's escapes: Go's, and `\'` in either kind of quotes. */
const ESCAPES: Readonly<Record<string, string>> = { ...GO_ESCAPES, "'": "'" };

/**
 * Unquotes a PromQL string literal (Go's escaping rules; backquoted strings are raw). Returns an
 * error message when an escape is invalid or the quote is not closed.
 */
export function unquote(text: string): { value: string } | { error: string } {
  const q = text[0];
  if (text.length < 2 || text[text.length - 1] !== q) return { error: 'unterminated quoted string' };
  const body = text.slice(1, -1);
  if (q === '`') return { value: body };
  const r = decodeGoEscapes(body, ESCAPES);
  if ('value' in r) return r;
  const p = r.problem;
  switch (p.kind) {
    case 'end':
      return { error: 'unterminated quoted string' };
    case 'hex':
      return { error: `invalid escape sequence "\\${p.escape}${p.malformed ? '' : p.digits}"` };
    case 'octal':
      return { error: `invalid escape sequence "\\${p.digits}"` };
    case 'unknown':
      return { error: `unknown escape sequence "\\${p.escape}"` };
  }
}

/** Go's `strconv.FormatFloat(v, 'f', -1, 64)`: shortest digits, never an exponent. */
export function formatFloatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  const s = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expText] = m;
  const digits = lead! + frac;
  const exp = Number(expText);
  if (exp >= 0) return sign + digits.padEnd(exp + 1, '0');
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/**
 * Formats a sample value as the Prometheus HTTP API does (Go's `AppendFloat` with 'f', or 'e' below
 * 1e-6 and from 1e21): `"+Inf"`, `"NaN"`, `"1e-07"`, `"0.25"`.
 */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  const s = String(v);
  // JavaScript switches to exponent notation at the same cut-offs as Go; only the exponent differs.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}
