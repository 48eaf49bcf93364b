import type { ExtractionParam } from './ast.ts';
import { followJsonPath } from './jsonPath.ts';
import type { BaseNames, MutableLabels } from './pipelineLabels.ts';
import { sanitizeLabelKey, setError, setExtracted } from './pipelineLabels.ts';

type Base = BaseNames;

function parseJson(line: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(line) as unknown };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : 'invalid JSON' };
  }
}

function flatten(obj: Record<string, unknown>, prefix: string, labels: MutableLabels, base: Base): void {
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const name = prefix === '' ? sanitizeLabelKey(key) : `${prefix}_${sanitizeLabelKey(key)}`;
    if (name === '') continue;
    if (typeof value === 'string') setExtracted(labels, base, name, value);
    else if (typeof value === 'number' || typeof value === 'boolean')
      setExtracted(labels, base, name, String(value));
    else if (value !== null && typeof value === 'object' && !Array.isArray(value))
      flatten(value as Record<string, unknown>, name, labels, base);
    // Arrays and nulls are skipped, as Loki's json parser does; `json x="a[0]"` reaches into arrays.
  }
}

/**
 * `| json`: every string, number and boolean of a JSON object becomes a label, nested keys joined with `_`
 * (`{"req":{"method":"GET"}}` → `req_method="GET"`). A line that is not a JSON object gets
 * `__error__="JSONParserErr"`.
 */
export function applyJson(line: string, labels: MutableLabels, base: Base): void {
  const parsed = parseJson(line);
  if (!parsed.ok) {
    setError(labels, 'JSONParserErr', parsed.message);
    return;
  }
  const v = parsed.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    setError(labels, 'JSONParserErr', "Value looks like object, but can't find closing '}' symbol");
    return;
  }
  flatten(v as Record<string, unknown>, '', labels, base);
}

/** `| json a="b.c", first="list[0]"`: only the listed paths; a missing path gives the empty string. */
export function applyJsonParams(
  line: string,
  params: readonly ExtractionParam[],
  labels: MutableLabels,
  base: Base,
): void {
  if (line === '') return;
  const c = line[0];
  const parsed = c === '{' || c === '[' || c === '"' ? parseJson(line) : undefined;
  if (!parsed?.ok) {
    setError(labels, 'JSONParserErr', parsed ? parsed.message : 'line is not JSON');
    return;
  }
  for (const p of params) {
    const v = followJsonPath(parsed.value, p.path);
    const text =
      v === undefined || v === null
        ? ''
        : typeof v === 'string'
          ? v
          : typeof v === 'object'
            ? JSON.stringify(v)
            : String(v);
    setExtracted(labels, base, p.label, text);
  }
}

/** `| unpack`: a JSON object of strings becomes labels, and its `_entry` key replaces the line (Promtail's `pack`). */
export function applyUnpack(line: string, labels: MutableLabels, base: Base): string {
  if (line === '') return line;
  const parsed = parseJson(line);
  if (
    !parsed.ok ||
    parsed.value === null ||
    typeof parsed.value !== 'object' ||
    Array.isArray(parsed.value)
  ) {
    setError(labels, 'JSONParserErr', parsed.ok ? 'expecting json object' : parsed.message);
    return line;
  }
  let out = line;
  for (const [key, value] of Object.entries(parsed.value as Record<string, unknown>)) {
    if (typeof value !== 'string') continue;
    if (key === '_entry') out = value;
    else {
      const name = sanitizeLabelKey(key);
      if (name !== '') setExtracted(labels, base, name, value);
    }
  }
  return out;
}
