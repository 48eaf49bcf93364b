/**
 * The JSON paths of `| json label="expr"`: `a.b.c`, `servers[0]`, `headers["User-Agent"]`, combined freely,
 * as Loki's jsonexpr grammar allows.
 */

/** A parsed path (keys and array indexes), or why the text is not one. */
export type JsonPathParse =
  | { readonly ok: true; readonly path: readonly (string | number)[] }
  | { readonly ok: false; readonly message: string };

/** Parses a JSON path expression. */
export function parseJsonPath(text: string): JsonPathParse {
  const path: (string | number)[] = [];
  let i = 0;
  const n = text.length;
  let expectKey = true;
  while (i < n) {
    const c = text[i]!;
    if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) return { ok: false, message: 'missing ]' };
      const inside = text.slice(i + 1, close).trim();
      if (/^\d+$/.test(inside)) path.push(Number(inside));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inside)) path.push(JSON.parse(inside) as string);
      else return { ok: false, message: `expected an index or a "quoted key" inside [], found ${inside}` };
      i = close + 1;
      expectKey = false;
      continue;
    }
    if (c === '.') {
      if (expectKey) return { ok: false, message: 'unexpected .' };
      expectKey = true;
      i++;
      continue;
    }
    const m = /^[A-Za-z0-9_\-:@$]+/.exec(text.slice(i));
    if (!m || !expectKey) return { ok: false, message: `unexpected ${JSON.stringify(c)}` };
    path.push(m[0]);
    i += m[0].length;
    expectKey = false;
  }
  if (path.length === 0 || expectKey) return { ok: false, message: 'empty path' };
  return { ok: true, path };
}

/** Follows a path through a parsed JSON value. */
export function followJsonPath(value: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = value;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
      cur = Object.hasOwn(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return cur;
}
