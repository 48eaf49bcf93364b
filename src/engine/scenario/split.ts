import type { Document } from 'yaml';
import { CST, isMap, isPair, isScalar, isSeq, Lexer } from 'yaml';
import { parseScenarioYaml } from './parse.ts';
import { resolveVariant } from './variants.ts';

// A built-in scenario ships in parts. The player part is the file with the referee's fields made neutral:
// the solution is a placeholder, hints keep their price but not their text, mitigations keep the costs a
// player sees but not which ones are right nor the debrief's notes, the channel loses its hidden tags, and
// comments go. It still loads as a whole scenario, so the simulation, the tools and the world host run on
// it unchanged, and every line stays where it was, so a problem still points at the file's own line. The
// rest is fetched when it is needed: the whole file at the first submission, one hint's text when bought.

/** What the placeholder solution and hints say in place of the author's text. */
export const SEALED_TEXT = 'Sealed until the debrief.';

/** A built-in scenario's parts: what a player may load, and each hint's text apart. */
export interface ScenarioParts {
  /** The player part: a scenario text with no solution, clue, hint text or verdict in it. */
  readonly player: string;
  /** Each hint's part: its text as written, with the variants it may name (see {@link hintOfPart}). */
  readonly hints: readonly string[];
}

type Doc = Record<string, unknown>;

const isRecord = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The scenario document as a player part holds it: referee fields neutral, everything the simulation and
 * the tools read as written (variant parameters included, so every variant resolves the same way).
 */
export function playerDocument(raw: Doc): Doc {
  const services = (raw.system as { services?: { id?: unknown }[] } | undefined)?.services ?? [];
  const faults = (raw.faults as { kind?: unknown }[] | undefined) ?? [];
  const out: Doc = { ...raw };
  // A stand-in that passes the schema and the cross-references: a service and a fault kind the file names
  // anyway, and a clue matched by nothing.
  out.solution = {
    rootCause: { component: services[0]?.id, fault: faults[0]?.kind },
    explanation: SEALED_TEXT,
    clues: [{ id: 'sealed', description: SEALED_TEXT, alert: 'sealed' }],
  };
  if (Array.isArray(raw.hints))
    out.hints = raw.hints.map((h) =>
      isRecord(h) && h.cost !== undefined ? { text: SEALED_TEXT, cost: h.cost } : { text: SEALED_TEXT },
    );
  if (isRecord(raw.mitigations))
    out.mitigations = Object.fromEntries(
      Object.entries(raw.mitigations)
        .filter(([, v]) => isRecord(v) && v.cost !== undefined)
        .map(([id, v]) => [id, { cost: (v as Doc).cost }]),
    );
  if (Array.isArray(raw.channel))
    out.channel = raw.channel.map((m) => {
      if (!isRecord(m)) return m;
      const { helps: _helps, misleading: _misleading, ...open } = m;
      return open;
    });
  // Variant parameters may hold the referee's words too (a clue's text that varies): only what the rest of
  // the player part names is kept.
  if (raw.variants !== undefined)
    out.variants = variantsUsedBy(raw.variants, { ...out, variants: undefined });
  return out;
}

/**
 * The variants section with only the parameters, and the fields of grouped values, that `doc` names in a
 * `${…}`. Each parameter draws from the seed and its own name, so the ones left take the same values.
 */
export function variantsUsedBy(variants: unknown, doc: unknown): unknown {
  if (!isRecord(variants) || !isRecord(variants.params)) return variants;
  const named = new Set<string>();
  for (const [, expr] of JSON.stringify(doc).matchAll(/\$\{([^}]*)\}/g))
    for (const [word] of (expr ?? '').matchAll(/[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?/g)) {
      named.add(word);
      named.add(word.split('.')[0]!);
    }
  const params: Doc = {};
  for (const [name, param] of Object.entries(variants.params)) {
    if (!named.has(name)) continue;
    if (!isRecord(param) || !Array.isArray(param.choose)) {
      params[name] = param;
      continue;
    }
    const keep = (option: unknown) =>
      isRecord(option)
        ? Object.fromEntries(Object.entries(option).filter(([field]) => named.has(`${name}.${field}`)))
        : option;
    params[name] = { ...param, choose: param.choose.map(keep) };
  }
  return { ...variants, params };
}

/**
 * Splits a scenario file into its parts, or undefined when it does not parse. The player part keeps every
 * line of the file where it was; should an unusual layout defeat that, it is the same document as JSON.
 */
export function splitScenario(text: string, file: string): ScenarioParts | undefined {
  const { parsed } = parseScenarioYaml(text, file);
  if (!parsed || !isRecord(parsed.value)) return undefined;
  const raw = parsed.value;
  const expected = playerDocument(raw);
  const inPlace = neutralInPlace(text, parsed.doc, raw, expected);
  const player =
    inPlace !== undefined && sameDocument(parseScenarioYaml(inPlace, file).parsed?.value, expected)
      ? inPlace
      : `${JSON.stringify(expected, null, 1)}\n`;
  const hints = Array.isArray(raw.hints)
    ? raw.hints.map((h) => hintPart(raw.variants, isRecord(h) ? String(h.text ?? '') : ''))
    : [];
  return { player, hints };
}

/** Whether two parsed documents hold the same values (keys come out in the same order from both). */
function sameDocument(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A hint's part: its text, and the variants it names. */
function hintPart(variants: unknown, text: string): string {
  return JSON.stringify({ variants: variantsUsedBy(variants, text), text });
}

/** A hint's text in a variant, from its part. */
export function hintOfPart(part: string, variant: number): string | undefined {
  try {
    const value = resolveVariant(JSON.parse(part), variant).value;
    return isRecord(value) && typeof value.text === 'string' ? value.text : undefined;
  } catch {
    return undefined;
  }
}

/** One edit of the text: the range replaced and what replaces it. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly with: string;
}

/**
 * The file with the referee's fields rewritten in place: a top-level section becomes its neutral value in
 * flow style on its key's line (the variants only when some of their values are the referee's), and a
 * channel message's hidden tag and every comment become blanks. The lines each edit spans stay, empty, so
 * the lines after it keep their numbers.
 */
function neutralInPlace(text: string, doc: Document.Parsed, raw: Doc, expected: Doc): string | undefined {
  if (!isMap(doc.contents)) return undefined;
  const edits: Edit[] = [];
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key) || !pair.key.range || !pair.value?.range) return undefined;
    const key = String(pair.key.value);
    const rewritten = JSON.stringify(expected[key]) !== JSON.stringify(raw[key]);
    if (['solution', 'hints', 'mitigations'].includes(key) || (key === 'variants' && rewritten))
      edits.push({
        start: pair.key.range[1],
        end: pair.value.range[1],
        with: `: ${JSON.stringify(expected[key])}`,
      });
    if (key === 'channel' && isSeq(pair.value))
      for (const message of pair.value.items) {
        if (!isMap(message)) continue;
        for (const tag of message.items) {
          if (!isPair(tag) || !isScalar(tag.key) || !['helps', 'misleading'].includes(String(tag.key.value)))
            continue;
          // A tag inside braces would leave a stray comma: the JSON fallback takes that file.
          if (message.flow || !tag.key.range || !isScalar(tag.value) || !tag.value.range) return undefined;
          edits.push({ start: tag.key.range[0], end: tag.value.range[1], with: '' });
        }
      }
  }
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === CST.DOCUMENT || token === CST.FLOW_END || token === CST.SCALAR) continue;
    if (token.startsWith('#')) edits.push({ start: offset, end: offset + token.length, with: '' });
    offset += token.length;
  }
  return applyEdits(text, edits);
}

/** Applies edits that do not overlap (a comment inside a rewritten section is dropped with it). */
function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    if (edit.start < at) continue;
    const gone = text.slice(edit.start, edit.end);
    const lines = gone.split('\n').length - 1;
    // A blank keeps the line's width when nothing replaces it on the line, so columns after it stay too.
    out += text.slice(at, edit.start) + (edit.with || ' '.repeat(gone.split('\n')[0]!.length));
    out += '\n'.repeat(lines);
    at = edit.end;
  }
  return out + text.slice(at);
}
