import type { PatternExpr } from './ast.ts';

/** A parsed pattern, or why it is not one and where (offset into the pattern text). */
export type PatternParse =
  | { readonly ok: true; readonly pattern: PatternExpr }
  | { readonly ok: false; readonly message: string; readonly offset: number };

const CAPTURE = /<(_|[A-Za-z_][A-Za-z0-9_]*)>/g;

/**
 * Parses a Loki pattern such as `<ip> - - <_> "<method> <uri> <_>" <status>`. As in Loki, a parser pattern
 * needs at least one named capture and two captures may not touch (nothing would tell where one ends).
 */
export function parsePattern(text: string, requireNamed: boolean): PatternParse {
  const pieces: { kind: 'lit' | 'cap'; value: string; at: number }[] = [];
  let last = 0;
  for (const m of text.matchAll(CAPTURE)) {
    const at = m.index;
    if (at > last) pieces.push({ kind: 'lit', value: text.slice(last, at), at: last });
    pieces.push({ kind: 'cap', value: m[1]!, at });
    last = at + m[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'lit', value: text.slice(last), at: last });
  const names = pieces.filter((p) => p.kind === 'cap' && p.value !== '_').map((p) => p.value);
  if (requireNamed && names.length === 0)
    return {
      ok: false,
      message: 'a pattern needs at least one named capture such as <status> (<_> captures nothing)',
      offset: 0,
    };
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) return { ok: false, message: `duplicate capture name <${n}> in pattern`, offset: 0 };
    seen.add(n);
  }
  let i = 0;
  let prefix = '';
  if (pieces[0]?.kind === 'lit') {
    prefix = pieces[0].value;
    i = 1;
  }
  const parts: { name: string; until: string }[] = [];
  for (; i < pieces.length; i++) {
    const cap = pieces[i]!;
    const next = pieces[i + 1];
    if (next?.kind === 'cap')
      return {
        ok: false,
        message: `captures <${cap.value}> and <${next.value}> touch: put literal text between them`,
        offset: next.at,
      };
    parts.push({ name: cap.value, until: next?.value ?? '' });
    i++;
  }
  return { ok: true, pattern: { prefix, parts } };
}

/**
 * Matches a line as Loki's pattern parser does: the leading literal must start the line, then each capture
 * runs to the next occurrence of the literal after it. When a literal is missing, the capture takes the rest
 * of the line and matching stops. Returns `[name, value]` pairs for named captures, or undefined.
 */
export function matchPattern(p: PatternExpr, line: string): [string, string][] | undefined {
  if (line.length === 0) return undefined;
  if (p.prefix !== '' && !line.startsWith(p.prefix)) return undefined;
  let pos = p.prefix.length;
  const out: [string, string][] = [];
  for (const part of p.parts) {
    if (part.until === '') {
      if (part.name !== '_') out.push([part.name, line.slice(pos)]);
      return out;
    }
    const at = line.indexOf(part.until, pos);
    if (at < 0) {
      if (part.name !== '_') out.push([part.name, line.slice(pos)]);
      return out;
    }
    if (part.name !== '_') out.push([part.name, line.slice(pos, at)]);
    pos = at + part.until.length;
  }
  return out;
}

/**
 * Whether a whole line fits a pattern, for the `|>` and `!>` line filters: the prefix, then each literal in
 * order with anything between, the last one ending the line. Taking each middle literal at its first
 * occurrence is enough (as in glob matching), so this is linear in the line, whatever the pattern.
 */
export function fitsPattern(p: PatternExpr, line: string): boolean {
  if (!line.startsWith(p.prefix)) return false;
  let pos = p.prefix.length;
  const parts = p.parts;
  if (parts.length === 0) return line.length === pos;
  for (let i = 0; i < parts.length - 1; i++) {
    const until = parts[i]!.until;
    const at = line.indexOf(until, pos);
    if (at < 0) return false;
    pos = at + until.length;
  }
  const last = parts[parts.length - 1]!.until;
  return line.length - last.length >= pos && line.endsWith(last);
}
