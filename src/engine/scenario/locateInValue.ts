import type { Node as YamlNode } from 'yaml';
import { isCollection, isScalar } from 'yaml';
import type { ParsedYaml } from './parse.ts';
import { locate } from './parse.ts';

/**
 * The line and column, in the scenario file, of a character inside a string value: e.g. the place a PromQL
 * expression stops parsing. Works for plain, quoted and block scalars by walking the value and its source
 * text side by side: the source is the value plus quotes, escapes, indentation and folded line breaks.
 * Falls back to the start of the value when the two cannot be aligned.
 */
export function locateInValue(
  parsed: ParsedYaml,
  source: string,
  path: readonly PropertyKey[],
  offset: number,
): { line: number; col: number } {
  let node: unknown = parsed.doc.contents;
  for (const step of path) {
    if (!isCollection(node)) return locate(parsed, path);
    node = node.get(step as string | number, true);
  }
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return locate(parsed, path);
  const [start, end] = node.range;
  const at = alignOffset(node, source.slice(start, end), offset);
  return parsed.lines.linePos(start + (at ?? 0));
}

/** The offset in the scalar's source text of the value's character at `offset`, or undefined. */
function alignOffset(node: YamlNode & { type?: string }, src: string, offset: number): number | undefined {
  const value = String((node as { value: unknown }).value);
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  let j = 0;
  const indent = block ? blockIndent(src) : 0;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') j = 1;
  if (block) {
    // Skip the `|` or `>` header line; the first content line sets the indentation.
    j = src.indexOf('\n') + 1;
    if (j === 0) return undefined;
    j += indent;
  }
  const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r';
  for (let i = 0; i < Math.min(offset, value.length); i++) {
    const c = value[i]!;
    const space = isSpace(c);
    while (j < src.length && (space ? !isSpace(src[j]) : src[j] !== c)) j++;
    if (j >= src.length) return undefined;
    const newline = src[j] === '\n';
    j++;
    if (newline) {
      // Indentation after a line break is not part of the value: a block scalar keeps only what is
      // indented beyond its first line, a flow scalar folds it all away.
      const limit = block ? indent : Number.POSITIVE_INFINITY;
      for (let k = 0; k < limit && src[j] === ' '; k++) j++;
    }
  }
  return j;
}

/** The indentation of a block scalar's first content line. */
function blockIndent(src: string): number {
  const first = src.indexOf('\n') + 1;
  let n = 0;
  while (src[first + n] === ' ') n++;
  return n;
}
