/**
 * Placeholders in a noise line's message that take a new value on every line it writes, as the ids in
 * real background lines do (`upstream: "http://listings:8080/v1/listings/{{int:10000-99999}}"`,
 * `request {{hex:16}} aborted`): a line that named the same listing every time would read as written.
 */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const INT = /^int:(\d{1,15})-(\d{1,15})$/;
const HEX = /^hex:(\d{1,2})$/;

/** One part of a message: text as written, or a value drawn for each line. */
export type NoisePart =
  | string
  | { readonly kind: 'int'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'hex'; readonly digits: number };

/** Why a message's placeholders cannot be written, or undefined when they can (or it has none). */
export function noisePlaceholderProblem(message: string): string | undefined {
  for (const m of message.matchAll(PLACEHOLDER)) {
    const body = m[1]!;
    const int = INT.exec(body);
    if (int) {
      if (Number(int[1]) > Number(int[2]))
        return `placeholder "${m[0]}" runs from ${int[1]} down to ${int[2]}: write the smaller number first`;
      continue;
    }
    const hex = HEX.exec(body);
    if (hex) {
      const n = Number(hex[1]);
      if (n < 1 || n > 32) return `placeholder "${m[0]}" asks for ${n} hex digits: from 1 to 32`;
      continue;
    }
    return `unknown placeholder "${m[0]}": write {{int:LO-HI}} for a whole number or {{hex:N}} for N hex digits`;
  }
  return undefined;
}

/** A valid message split into text and placeholders; a message without any is one part. */
export function noiseParts(message: string): NoisePart[] {
  const parts: NoisePart[] = [];
  let from = 0;
  for (const m of message.matchAll(PLACEHOLDER)) {
    parts.push(message.slice(from, m.index));
    const int = INT.exec(m[1]!);
    const hex = HEX.exec(m[1]!);
    if (int) parts.push({ kind: 'int', lo: Number(int[1]), hi: Number(int[2]) });
    else if (hex) parts.push({ kind: 'hex', digits: Number(hex[1]) });
    else parts.push(m[0]);
    from = m.index + m[0].length;
  }
  parts.push(message.slice(from));
  return parts.filter((p) => p !== '');
}
