import type { Alias, Document, Node as YamlNode } from 'yaml';
import { isAlias, isCollection, isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import type { ScenarioDiagnostic } from './diagnostics.ts';
import { hasWideText, withOneByteText } from './oneByteText.ts';

/** Limits that keep an untrusted scenario file from exhausting memory or time. */
export const SCENARIO_LIMITS = {
  maxBytes: 2_000_000,
  maxDepth: 32,
  maxAliases: 100,
} as const;

/** A parsed YAML document with what is needed to position later diagnostics. */
export interface ParsedYaml {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  readonly value: unknown;
}

/**
 * Parses scenario YAML as untrusted input: size, nesting and alias limits; unknown tags are errors, never
 * resolved to code. Returns the plain value and the document for positioning, or the errors.
 */
export function parseScenarioYaml(
  text: string,
  file: string,
): { parsed?: ParsedYaml; diagnostics: ScenarioDiagnostic[] } {
  const at = (line: number, col: number, message: string): ScenarioDiagnostic => ({
    file,
    line,
    col,
    path: '',
    severity: 'error',
    message,
  });
  if (text.length > SCENARIO_LIMITS.maxBytes) {
    return {
      diagnostics: [
        at(1, 1, `file is ${text.length} bytes; scenarios are limited to ${SCENARIO_LIMITS.maxBytes} bytes`),
      ],
    };
  }
  try {
    return parseChecked(text, file, at);
  } catch (err) {
    // The YAML library is not expected to throw; if it does, the file is still refused, not the caller.
    return { diagnostics: [at(1, 1, `YAML: the file could not be read (${(err as Error).message})`)] };
  }
}

function parseChecked(
  text: string,
  file: string,
  at: (line: number, col: number, message: string) => ScenarioDiagnostic,
): { parsed?: ParsedYaml; diagnostics: ScenarioDiagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    version: '1.2',
    schema: 'core',
    customTags: [],
    strict: true,
  });
  const pos = (offset: number) => lines.linePos(offset);
  const diagnostics: ScenarioDiagnostic[] = [];
  for (const err of [...doc.errors, ...doc.warnings]) {
    const { line, col } = pos(err.pos[0]);
    const message = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    // The YAML parser descends once per level of flow nesting (`[[[…`) and gives up deep down.
    const tooDeep = /call stack/i.test(message);
    diagnostics.push(
      at(
        line,
        col,
        tooDeep ? `nesting is deeper than ${SCENARIO_LIMITS.maxDepth} levels` : `YAML: ${message}`,
      ),
    );
  }
  if (diagnostics.length > 0) return { diagnostics };

  const depthProblem = findTooDeep(doc.contents, 0);
  if (depthProblem) {
    const { line, col } = pos(depthProblem.range?.[0] ?? 0);
    return { diagnostics: [at(line, col, `nesting is deeper than ${SCENARIO_LIMITS.maxDepth} levels`)] };
  }
  const loop = findSelfAlias(doc.contents, []);
  if (loop) {
    const { line, col } = pos(loop.range?.[0] ?? 0);
    return {
      diagnostics: [
        at(line, col, `alias *${loop.source} refers to a node that contains it: a value cannot hold itself`),
      ],
    };
  }
  const tagged = findTag(doc.contents);
  if (tagged) {
    const { line, col } = pos(tagged.range?.[0] ?? 0);
    return { diagnostics: [at(line, col, `YAML tag "${tagged.tag}" is not allowed in a scenario`)] };
  }

  let value: unknown;
  try {
    // maxAliasCount refuses "billion laughs" documents whose aliases expand exponentially.
    value = doc.toJS({ maxAliasCount: SCENARIO_LIMITS.maxAliases });
  } catch (err) {
    return { diagnostics: [at(1, 1, `YAML: ${(err as Error).message}`)] };
  }
  // One wide character in the file (an em dash) leaves every string cut from it wide: the world's log
  // lines are built from them, and would be held and copied two bytes a character.
  if (hasWideText(text)) value = withOneByteText(value);
  return { parsed: { file, doc, lines, value }, diagnostics: [] };
}

function findTooDeep(node: unknown, depth: number): YamlNode | undefined {
  if (!isCollection(node)) return undefined;
  if (depth >= SCENARIO_LIMITS.maxDepth) return node;
  for (const item of node.items) {
    const child = isPair(item) ? item.value : item;
    const found = findTooDeep(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** An alias inside the node its anchor names (`a: &x [*x]`), which would make the value endless. */
function findSelfAlias(node: unknown, open: readonly string[]): Alias | undefined {
  if (isAlias(node)) return open.includes(node.source) ? node : undefined;
  if (!isCollection(node)) return undefined;
  const inside = node.anchor ? [...open, node.anchor] : open;
  for (const item of node.items) {
    const found = isPair(item)
      ? (findSelfAlias(item.key, inside) ?? findSelfAlias(item.value, inside))
      : findSelfAlias(item, inside);
    if (found) return found;
  }
  return undefined;
}

function findTag(node: unknown): YamlNode | undefined {
  if (isScalar(node) || isCollection(node)) {
    // The core schema's own tags are harmless; anything else would ask for a custom constructor.
    if (node.tag && !/^tag:yaml\.org,2002:(str|int|float|bool|null|map|seq)$/.test(node.tag)) return node;
  }
  if (isCollection(node)) {
    for (const item of node.items) {
      const found = isPair(item) ? (findTag(item.key) ?? findTag(item.value)) : findTag(item);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The line and column of the value at `path` in the document, or of its nearest existing ancestor when the
 * value is missing. With `key`, points at the key of the entry instead (for unknown keys).
 */
export function locate(
  parsed: ParsedYaml,
  path: readonly PropertyKey[],
  key?: string,
): { line: number; col: number } {
  let node: unknown = parsed.doc.contents;
  for (const step of path) {
    if (!isCollection(node)) break;
    const next = node.get(step as string | number, true);
    if (next === undefined) break;
    node = next;
  }
  let offset = (node as YamlNode | undefined)?.range?.[0] ?? 0;
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    const keyNode = pair?.key as YamlNode | undefined;
    if (keyNode?.range) offset = keyNode.range[0];
  }
  return parsed.lines.linePos(offset);
}
