import { formatDuration, formatTimestamp, parseTimestamp } from './units.ts';
import type { VariantParam, Variants, VariantValue } from './variantSchema.ts';
import { parseSignedDuration, VariantsSchema } from './variantSchema.ts';

/** A problem found while substituting a variant: where in the document, and what is wrong. */
export interface VariantProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A resolved variant: the document with every `${…}` replaced, the values chosen, and any problems. */
export interface ResolvedVariant {
  readonly value: unknown;
  readonly seed: number;
  readonly values: Readonly<Record<string, VariantValue>>;
  readonly problems: readonly VariantProblem[];
}

/**
 * Substitutes a variant into a scenario as parsed from YAML, before validation. Pure and deterministic:
 * the same document and seed give the same result; seed 0 is the scenario as written (every parameter at
 * its first choice or default). A document without a valid `variants` section comes back unchanged, so its
 * schema errors are reported by validation.
 *
 * @example
 * const value = applyVariant(parsed.value, 3); // then ScenarioSchema.safeParse(value)
 */
export function applyVariant(raw: unknown, variantSeed: number): unknown {
  return resolveVariant(raw, variantSeed).value;
}

/** Like {@link applyVariant}, also returning the chosen values and the `${…}` references that cannot resolve. */
export function resolveVariant(raw: unknown, variantSeed: number): ResolvedVariant {
  const none = { value: raw, seed: variantSeed, values: {}, problems: [] };
  if (!isRecord(raw) || raw.variants === undefined) return none;
  const parsed = VariantsSchema.safeParse(raw.variants);
  if (!parsed.success) return none;
  const values = variantValues(parsed.data, variantSeed);
  const problems: VariantProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(raw)) {
    // The section itself stays as written: its `choose` lists may hold strings that look like references.
    out[key] = key === 'variants' ? v : substitute(v, values, [key], problems);
  }
  return { value: out, seed: variantSeed, values, problems };
}

/** The value every parameter takes in a variant. */
export function variantValues(variants: Variants, variantSeed: number): Record<string, VariantValue> {
  const values: Record<string, VariantValue> = {};
  for (const [name, param] of Object.entries(variants.params)) values[name] = pick(name, param, variantSeed);
  return values;
}

function pick(name: string, param: VariantParam, variantSeed: number): VariantValue {
  if ('choose' in param) {
    if (variantSeed === 0) return param.choose[0]!;
    return param.choose[Math.floor(draw(variantSeed, name) * param.choose.length)]!;
  }
  const isDuration = typeof param.between[0] === 'string';
  const lo = toNumber(param.between[0]);
  const hi = toNumber(param.between[1]);
  const step = param.step === undefined ? defaultStep(lo, hi, isDuration) : Math.abs(toNumber(param.step));
  // A range of more steps than a draw can tell apart (or than a number holds) is read as the first 2^31.
  const steps = Math.floor((hi - lo) / step + 1e-9);
  const count = Number.isNaN(steps) ? 0 : Math.min(2 ** 31, steps);
  let k: number;
  if (variantSeed !== 0) k = Math.floor(draw(variantSeed, name) * (count + 1));
  else if (param.default !== undefined)
    return isDuration ? formatSigned(toNumber(param.default)) : (param.default as number);
  else k = Math.round(count / 2);
  const v = lo + Math.min(k, count) * step;
  return isDuration ? formatSigned(v) : roundLike(v, step);
}

function defaultStep(lo: number, hi: number, isDuration: boolean): number {
  if (isDuration) return lo % 60_000 === 0 && hi % 60_000 === 0 ? 60_000 : 1000;
  return Number.isInteger(lo) && Number.isInteger(hi) ? 1 : 0.01;
}

function toNumber(v: number | string): number {
  return typeof v === 'number' ? v : (parseSignedDuration(v) ?? 0);
}

function formatSigned(ms: number): string {
  return ms < 0 ? `-${formatDuration(-ms)}` : formatDuration(ms);
}

/** Rounds away binary noise (0.30000000000000004) to the precision of the step. */
function roundLike(v: number, step: number): number {
  const decimals = Math.min(10, (String(step).split('.')[1] ?? '').length);
  return Number(v.toFixed(decimals));
}

/** A uniform number in [0, 1) from the variant seed and the parameter's name, so adding one parameter leaves the others' values as they were. */
function draw(variantSeed: number, name: string): number {
  // FNV-1a over the name, mixed with the seed, then murmur3's finaliser twice so neighbouring seeds
  // land far apart.
  let h = 0x811c9dc5;
  for (const ch of name) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h = fmix(fmix(h ^ Math.imul(variantSeed | 0, 0x9e3779b1)) ^ Math.floor(variantSeed / 4_294_967_296));
  return h / 4_294_967_296;
}

function fmix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function substitute(
  node: unknown,
  values: Readonly<Record<string, VariantValue>>,
  path: (string | number)[],
  problems: VariantProblem[],
): unknown {
  if (typeof node === 'string') return substituteString(node, values, path, problems);
  if (Array.isArray(node)) return node.map((item, i) => substitute(item, values, [...path, i], problems));
  if (isRecord(node)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      // Keys vary too, so a map keyed by ids (`mitigations: { rollback:${culprit.trigger}: … }`) follows the answer.
      const key = substituteString(k, values, [...path, k], problems);
      if (key !== k && (String(key) in node || String(key) in out)) {
        problems.push({ path: [...path, k], message: `"${k}" becomes "${key}", a key the map already has` });
      }
      out[String(key)] = substitute(v, values, [...path, k], problems);
    }
    return out;
  }
  return node;
}

const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const NAME = /^([A-Za-z][A-Za-z0-9_]*)(?:\.([A-Za-z][A-Za-z0-9_]*))?$/;
const SHIFT = /^(\S+)\s*([+-])\s*([A-Za-z][A-Za-z0-9_]*)$/;

function substituteString(
  text: string,
  values: Readonly<Record<string, VariantValue>>,
  path: (string | number)[],
  problems: VariantProblem[],
): unknown {
  if (!text.includes('${')) return text;
  // A string that is one reference to a number or a boolean keeps its type (`instances: ${count}`).
  const whole = /^\$\{([^}]*)\}$/.exec(text);
  if (whole) {
    const v = evaluate(whole[1]!.trim(), values, path, problems);
    if (v !== undefined) return v;
    return text;
  }
  return text.replace(REFERENCE, (match, expr: string | undefined) => {
    if (expr === undefined) return '${'; // `$${` writes a literal `${`
    const v = evaluate(expr.trim(), values, path, problems);
    return v === undefined ? match : String(v);
  });
}

/**
 * The value of one `${…}` expression, or undefined to leave it as written: references to names that are
 * not parameters are left alone, because code files in a scenario hold template literals of their own.
 */
function evaluate(
  expr: string,
  values: Readonly<Record<string, VariantValue>>,
  path: (string | number)[],
  problems: VariantProblem[],
): string | number | boolean | undefined {
  const name = NAME.exec(expr);
  if (name) {
    const [, param, field] = name;
    if (!(param! in values)) return undefined;
    const v = values[param!]!;
    if (field === undefined) {
      if (typeof v === 'object') {
        problems.push({
          path,
          message: `\${${param}} is a group of values; name one, e.g. \${${param}.${Object.keys(v)[0]}}`,
        });
        return undefined;
      }
      return v;
    }
    if (typeof v !== 'object' || !(field in v)) {
      const known = typeof v === 'object' ? `; it has ${Object.keys(v).join(', ')}` : '';
      problems.push({
        path,
        message: `\${${param}.${field}}: this variant's ${param} has no field "${field}"${known}`,
      });
      return undefined;
    }
    return v[field];
  }
  const shift = SHIFT.exec(expr);
  if (shift) {
    const [, base, sign, param] = shift;
    const at = parseTimestamp(base!);
    if (at === undefined) return undefined;
    const v = values[param!];
    if (v === undefined) {
      problems.push({ path, message: `\${${expr}}: "${param}" is not a parameter of variants.params` });
      return undefined;
    }
    const ms = typeof v === 'string' ? parseSignedDuration(v) : undefined;
    if (ms === undefined) {
      problems.push({
        path,
        message: `\${${expr}}: ${param} must be a duration to move a time (it is ${JSON.stringify(v)})`,
      });
      return undefined;
    }
    return formatTimestamp(at + (sign === '-' ? -ms : ms));
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
