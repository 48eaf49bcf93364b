/**
 * Literal values as Loki reads them: Go string literals, Go/Prometheus durations and humanized byte sizes.
 * Each reader returns a value or a message; none throws.
 */

import { decodeGoEscapes, GO_ESCAPES } from '../goString.ts';

/** The result of reading a literal: a value, or why it could not be read and where (offset into the literal). */
export type LiteralResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly offset: number };

/**
 * Reads a LogQL string literal: `"…"` with Go escapes, or a raw `` `…` `` string.
 * Single quotes are Go rune literals, which Loki does not accept as strings.
 */
export function unquoteString(raw: string): LiteralResult<string> {
  const quote = raw[0];
  if (quote === '`') {
    if (raw.length < 2 || raw[raw.length - 1] !== '`')
      return { ok: false, message: 'unterminated raw string: add a closing `', offset: raw.length };
    return { ok: true, value: raw.slice(1, -1) };
  }
  if (quote === "'")
    return {
      ok: false,
      message: 'single quotes do not make a string in LogQL: use "double quotes" or `backticks`',
      offset: 0,
    };
  if (quote !== '"') return { ok: false, message: 'expected a string', offset: 0 };
  if (raw.length < 2 || raw[raw.length - 1] !== '"' || isEscapedEnd(raw))
    return { ok: false, message: 'unterminated string: add a closing "', offset: raw.length };
  const r = decodeGoEscapes(raw.slice(1, -1), GO_ESCAPES);
  if ('value' in r) return { ok: true, value: r.value };
  const p = r.problem;
  if (p.kind === 'hex')
    return { ok: false, message: `invalid escape \\${p.escape}${p.digits} in string`, offset: p.at + 1 };
  const e = p.kind === 'unknown' ? p.escape : p.kind === 'octal' ? p.digits[0]! : '';
  return {
    ok: false,
    message: `unknown escape sequence \\${e} in string: write \\\\ for a backslash, or use a \`raw string\``,
    offset: p.at + 1,
  };
}

function isEscapedEnd(raw: string): boolean {
  // `"abc\"` ends with an escaped quote, so the string is not closed.
  let backslashes = 0;
  for (let i = raw.length - 2; i > 0 && raw[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w|y)/y;

/**
 * Reads a duration in milliseconds: Go's `time.ParseDuration` units (`1.5s`, `250ms`, `1h30m`) plus the
 * `d`, `w`, `y` units of Prometheus ranges. A bare `0` is zero, as in Go.
 */
export function parseDurationMs(text: string): LiteralResult<number> {
  let s = text.trim();
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, value: 0 };
  if (s === '') return { ok: false, message: `invalid duration "${text}"`, offset: 0 };
  let total = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < s.length) {
    const at = DURATION_PART.lastIndex;
    const m = DURATION_PART.exec(s);
    if (!m)
      return {
        ok: false,
        message: `invalid duration "${text}": expected a number and a unit such as 250ms, 1.5s, 5m or 1h`,
        offset: at,
      };
    total += Number(m[1]) * DURATION_UNITS_MS[m[2]!]!;
  }
  return { ok: true, value: sign * total };
}

const BYTES_MULTIPLIER: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  ki: 1024,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  p: 1e15,
  pb: 1e15,
  pi: 1024 ** 5,
  pib: 1024 ** 5,
  e: 1e18,
  eb: 1e18,
  ei: 1024 ** 6,
  eib: 1024 ** 6,
};

/** Reads a byte size as go-humanize's `ParseBytes` does: `20MB` = 20,000,000, `1KiB` = 1024, `42` = 42. */
export function parseBytes(text: string): LiteralResult<number> {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Z]*)\s*$/.exec(text);
  const mult = m ? BYTES_MULTIPLIER[m[2]!.toLowerCase()] : undefined;
  if (!m || mult === undefined)
    return {
      ok: false,
      message: `invalid byte size "${text}": expected a number and a unit such as 512B, 20MB or 1KiB`,
      offset: 0,
    };
  return { ok: true, value: Number(m[1]) * mult };
}

/** Reads a number as Go's `strconv.ParseFloat` does, so `" 12"`, `""` and `"12abc"` are not numbers. */
export function parseGoFloat(text: string): number | undefined {
  if (
    !/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:inf|infinity|nan)$|^0x[0-9a-f]+$/i.test(text)
  )
    return undefined;
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** UTF-8 length of a string without allocating, for `bytes_over_time` and `bytes_rate`. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      // A surrogate pair is two UTF-16 units and four UTF-8 bytes.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}
