import type { Tree } from '@lezer/common';

/**
 * Limits a query's size and nesting before anything recursive walks it. The builders, the type checker
 * and the evaluators recurse once per level, so tens of thousands of nested parentheses would overflow
 * the stack and surface as a RangeError instead of a positioned error; no real query comes near these.
 */

/** Most parentheses, brackets and braces open at once. */
export const MAX_NESTING = 256;

/** Deepest syntax tree accepted (a level of parentheses is about two tree levels, as is an operator). */
export const MAX_TREE_DEPTH = 1_000;

/** A limit exceeded at `from` (an offset into the query). */
export interface LimitProblem {
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

/**
 * The first bracket that opens more than {@link MAX_NESTING} levels, skipping strings and `#` comments.
 * Cheap and run before the grammar, which slows down a great deal on deep nesting.
 */
export function nestingProblem(text: string): LimitProblem | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i = endOfString(text, i);
      continue;
    }
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      if (eol < 0) break;
      i = eol;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      depth++;
      if (depth > MAX_NESTING)
        return {
          from: i,
          to: i + 1,
          message: `query is nested too deeply: more than ${MAX_NESTING} levels of parentheses, brackets or braces`,
        };
    } else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

/** Offset of the quote closing the string that opens at `start` (or the end of the text). */
function endOfString(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quote !== '`') i++;
    else if (c === quote) return i;
  }
  return text.length;
}

/**
 * The first node deeper than {@link MAX_TREE_DEPTH} in a parsed tree, as long operator chains such as
 * `a ^ a ^ a …` nest without any parenthesis. The walk is iterative, so it cannot overflow itself.
 */
export function treeDepthProblem(tree: Tree): LimitProblem | undefined {
  let depth = 0;
  let problem: LimitProblem | undefined;
  tree.iterate({
    enter(node) {
      if (problem) return false;
      depth++;
      if (depth > MAX_TREE_DEPTH) {
        problem = {
          from: node.from,
          to: node.to,
          message: `query is nested too deeply: more than ${MAX_TREE_DEPTH} levels of operators and calls`,
        };
        return false;
      }
      return undefined;
    },
    leave() {
      depth--;
    },
  });
  return problem;
}
