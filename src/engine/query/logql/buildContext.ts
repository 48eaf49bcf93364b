import type { SyntaxNode } from '@lezer/common';
import { compileRegex } from '../regex.ts';
import type { Diagnostic } from '../types.ts';
import { errorAt } from '../types.ts';
import type { RegexLiteral } from './ast.ts';
import { parseDurationMs, unquoteString } from './literals.ts';

/**
 * What the tree-to-AST builders share: the query text, the diagnostics found so far, and readers for the
 * leaves (strings, regexes, durations) that report a positioned error instead of throwing.
 */
export class BuildContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly text: string) {}

  /** Records an error over `[from, to)` of the query. */
  error(from: number, to: number, message: string): void {
    this.diagnostics.push(errorAt(this.text, from, to, message));
  }

  /** Records an error over a node. */
  errorOn(node: SyntaxNode, message: string): void {
    this.error(node.from, node.to, message);
  }

  /** The source text of a node. */
  src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  /** The value of a String node, or undefined after reporting why it is not one. */
  string(node: SyntaxNode | null): string | undefined {
    if (!node) return undefined;
    const r = unquoteString(this.src(node));
    if (r.ok) return r.value;
    const at = Math.min(node.from + r.offset, node.to);
    this.error(at, Math.max(at, node.to), r.message);
    return undefined;
  }

  /** A String node compiled as an RE2 regex (anchored for label matchers). */
  regex(node: SyntaxNode | null, anchored: boolean): RegexLiteral | undefined {
    const source = this.string(node);
    if (source === undefined || !node) return undefined;
    const r = compileRegex(source, { anchored });
    if (r.ok) return { source, regex: r.regex, from: node.from, to: node.to };
    this.errorOn(node, `invalid regular expression: ${r.reason} in ${JSON.stringify(source)}`);
    return undefined;
  }

  /** A Duration node in milliseconds. */
  duration(node: SyntaxNode | null): number | undefined {
    if (!node) return undefined;
    const r = parseDurationMs(this.src(node));
    if (r.ok) return r.value;
    this.errorOn(node, r.message);
    return undefined;
  }
}

/** The children of a node, without comments. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
  return out;
}

/**
 * Flattens a left-recursive list rule (`List { Item | List "," Item }`) into its items, in order.
 * The grammar builds pipelines, matchers and label lists this way.
 */
export function flattenList(node: SyntaxNode | null, listName: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  let cur: SyntaxNode | null = node;
  while (cur) {
    const kids = childrenOf(cur);
    const nested = kids.find((k) => k.name === listName) ?? null;
    const items = kids.filter((k) => k.name !== listName && k.name !== ',');
    out.unshift(...items);
    cur = nested;
  }
  return out;
}

/** Every descendant of `node` named `name`, in document order. */
export function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const walk = (n: SyntaxNode): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}
