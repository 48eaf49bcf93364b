/**
 * Go's string escapes, shared by the LogQL and PromQL readers: both languages take Go string literals, and
 * each words its own errors the way Loki or Prometheus does.
 */

/** Go's single-character escapes inside a double-quoted string (PromQL also takes `\'`). */
export const GO_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/**
 * An escape that could not be read, at `at` (the offset of its backslash in the body): one Go does not
 * know, `\x`/`\u`/`\U` without its hex digits (`malformed`) or naming no character, octal without three
 * digits, or a backslash that ends the body.
 */
export type EscapeProblem =
  | { readonly kind: 'unknown'; readonly at: number; readonly escape: string }
  | {
      readonly kind: 'hex';
      readonly at: number;
      readonly escape: string;
      readonly digits: string;
      readonly malformed: boolean;
    }
  | { readonly kind: 'octal'; readonly at: number; readonly digits: string }
  | { readonly kind: 'end'; readonly at: number };

/** Decodes the escapes of a quoted string's body (without its quotes), with `escapes` as the simple ones. */
export function decodeGoEscapes(
  body: string,
  escapes: Readonly<Record<string, string>>,
): { readonly value: string } | { readonly problem: EscapeProblem } {
  if (!body.includes('\\')) return { value: body };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return { problem: { kind: 'end', at: i } };
    const simple = escapes[e];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const digits = body.slice(i + 2, i + 2 + hexLen);
      const malformed = digits.length !== hexLen || !/^[0-9a-fA-F]+$/.test(digits);
      const code = malformed ? -1 : Number.parseInt(digits, 16);
      if (code < 0 || code > 0x10ffff)
        return { problem: { kind: 'hex', at: i, escape: e, digits, malformed } };
      out += String.fromCodePoint(code);
      i += 1 + hexLen;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const digits = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(digits)) return { problem: { kind: 'octal', at: i, digits } };
      out += String.fromCharCode(Number.parseInt(digits, 8));
      i += 3;
      continue;
    }
    return { problem: { kind: 'unknown', at: i, escape: e } };
  }
  return { value: out };
}
