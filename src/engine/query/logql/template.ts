import type { TemplatePart } from './ast.ts';

/**
 * The part of Go's text/template that `line_format` and `label_format` use most: `{{.label}}`,
 * `{{ .a }}`, `{{__line__}}`, and string functions applied with a pipe (`{{ .method | ToUpper }}`) or
 * as a call (`{{ ToUpper .method }}`). Loki passes labels as a map of strings, so a missing label prints
 * as the empty string.
 */

/** A compiled template, or why it is not one and where (offset into the template text). */
export type TemplateParse =
  | { readonly ok: true; readonly parts: readonly TemplatePart[] }
  | { readonly ok: false; readonly message: string; readonly offset: number };

const FUNCS: Readonly<Record<string, (s: string) => string>> = {
  ToUpper: (s) => s.toUpperCase(),
  ToLower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  title: (s) => s.replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()),
  trim: (s) => s.trim(),
  trimSpace: (s) => s.trim(),
};

/** Names of the template functions this game knows, for messages and completion. */
export const TEMPLATE_FUNCTIONS: readonly string[] = Object.keys(FUNCS);

/** Compiles a template. */
export function parseTemplate(text: string): TemplateParse {
  const parts: TemplatePart[] = [];
  let pos = 0;
  let pending = '';
  while (pos < text.length) {
    const open = text.indexOf('{{', pos);
    if (open < 0) {
      pending += text.slice(pos);
      break;
    }
    let literal = text.slice(pos, open);
    let start = open + 2;
    if (text[start] === '-' && /\s/.test(text[start + 1] ?? '')) {
      literal = literal.trimEnd();
      start++;
    }
    pending += literal;
    const close = text.indexOf('}}', start);
    if (close < 0) return { ok: false, message: 'unclosed action: add }}', offset: open };
    let end = close;
    let trimAfter = false;
    if (text[close - 1] === '-' && /\s/.test(text[close - 2] ?? '') && close - 1 > start) {
      end = close - 1;
      trimAfter = true;
    }
    const action = parseAction(text.slice(start, end), start);
    if (!action.ok) return action;
    if (pending !== '') parts.push({ kind: 'text', text: pending });
    pending = '';
    parts.push(action.part);
    pos = close + 2;
    if (trimAfter) while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  }
  if (pending !== '') parts.push({ kind: 'text', text: pending });
  return { ok: true, parts };
}

type ActionParse =
  | { readonly ok: true; readonly part: TemplatePart }
  | { readonly ok: false; readonly message: string; readonly offset: number };

function parseAction(body: string, offset: number): ActionParse {
  const stages = body.split('|').map((s) => s.trim());
  const first = stages[0]!.split(/\s+/).filter((w) => w !== '');
  const funcs: string[] = [];
  let field: string | undefined;
  for (const word of first) {
    if (word.startsWith('.') || word === '__line__' || word === '__timestamp__') {
      if (field !== undefined) return { ok: false, message: `unexpected ${word} in action`, offset };
      field = word.startsWith('.') ? word.slice(1) : word;
    } else funcs.unshift(word);
  }
  for (const stage of stages.slice(1)) {
    if (!/^[A-Za-z_]\w*$/.test(stage))
      return { ok: false, message: `expected a function name after | in {{${body}}}`, offset };
    funcs.push(stage);
  }
  if (field === undefined)
    return {
      ok: false,
      message: `unsupported action {{${body}}}: use {{.label}}, {{__line__}} or {{ .label | ToUpper }}`,
      offset,
    };
  if (field !== '__line__' && field !== '__timestamp__' && !/^[A-Za-z_]\w*$/.test(field))
    return { ok: false, message: `invalid label name "${field}" in {{${body}}}`, offset };
  for (const f of funcs)
    if (!(f in FUNCS))
      return {
        ok: false,
        message: `unknown template function "${f}" (this game knows ${TEMPLATE_FUNCTIONS.join(', ')})`,
        offset,
      };
  return { ok: true, part: { kind: 'field', name: field, funcs } };
}

/** Renders a compiled template against a line's labels. */
export function renderTemplate(
  parts: readonly TemplatePart[],
  labels: ReadonlyMap<string, string>,
  line: string,
  tsMs: number,
): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'text') {
      out += p.text;
      continue;
    }
    let v =
      p.name === '__line__'
        ? line
        : p.name === '__timestamp__'
          ? Number.isFinite(tsMs)
            ? new Date(tsMs).toISOString()
            : ''
          : (labels.get(p.name) ?? '');
    for (const f of p.funcs) v = FUNCS[f]!(v);
    out += v;
  }
  return out;
}
