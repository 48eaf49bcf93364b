import fc from 'fast-check';
import { parse, stringify } from 'yaml';

// Mutated scenario files, made from the built-in ones: a value set to an edge of what it may hold, a key
// dropped, a list grown, the traffic turned up, or the text itself broken. Each case is one seed's draw,
// so a finding is repeated by its seed and index.

/** A scenario file to try: a name that says how it was made, and its text. */
export interface ScenarioCase {
  readonly name: string;
  readonly text: string;
}

/** A built-in scenario to mutate: its file name and text. */
export interface BaseScenario {
  readonly file: string;
  readonly text: string;
}

type Json = unknown;
type Path = readonly (string | number)[];

const NUMBERS = [
  0,
  -1,
  1,
  0.5,
  1e-9,
  10,
  64,
  65,
  100,
  1000,
  1001,
  10_000,
  1e6,
  1e9,
  2 ** 31,
  2 ** 53,
  1e308,
  -1e308,
];
const DURATIONS = [
  '0s',
  '0ms',
  '1ms',
  '0.001ms',
  '1s',
  '59s',
  '1m',
  '5m',
  '1h',
  '24h',
  '30d',
  '1000000h',
  '9999999999y',
  '1y1y',
  '',
];
const SHIFTS = [0, 60_000, 3_600_000, 86_400_000, -86_400_000, 365 * 86_400_000, 1000 * 365 * 86_400_000];
// Variant references are written with `$` + `{` so they read as the scenario writes them, not as templates.
const REF = String.fromCharCode(36, 123);
const STRINGS = [
  '',
  'x',
  'a'.repeat(600),
  `${REF}count}`,
  REF,
  `$${REF}x}`,
  `${REF}2026-10-25T01:00:00Z + shift}`,
  'ünïcödé ✓',
  '\u0000',
  'GET /',
  '{service="x"}',
];
const ODD_VALUES: readonly Json[] = [null, [], {}, 'x', 0, true, [[[[[[]]]]]], { a: { b: { c: 1 } } }];

/** Edits that push a scenario toward the simulation's budgets, as an author might by accident. */
const AMPLIFY: readonly ((doc: Record<string, Json>, k: number) => void)[] = [
  (d, k) => {
    eachEndpoint(d, (ep) => {
      if (typeof ep.rate === 'number') ep.rate = Math.min(1000, ep.rate * 10 ** (1 + (k % 4)));
    });
  },
  (d) => {
    const w = d.window as { start?: string; end?: string } | undefined;
    if (w?.start) w.end = new Date(Date.parse(w.start) + 86_400_000).toISOString().replace('.000Z', 'Z');
  },
  (d, k) => {
    eachService(d, (svc) => {
      svc.instances = 1 + (k % 64);
    });
  },
  (d, k) => {
    d.traffic = { ...(d.traffic as object), daily: Array.from({ length: 24 }, () => 1 + (k % 10)) };
  },
  (d, k) => {
    const at = windowStart(d);
    pushTo(d, 'timeline', {
      id: `surge-${k}`,
      at,
      kind: 'traffic',
      factor: 1 + (k % 100),
      description: 'surge',
    });
  },
  (d, k) => {
    eachEdge(d, (e) => {
      e.retries = k % 11;
    });
  },
  (d, k) => {
    pushTo(d, 'noise', {
      service: firstService(d),
      every: DURATIONS[k % DURATIONS.length],
      message: 'noise',
    });
  },
  (d, k) => {
    const every = DURATIONS[k % DURATIONS.length];
    const service = firstService(d);
    pushTo(d, 'timeline', {
      id: `cron-${k}`,
      at: windowStart(d),
      kind: 'cron',
      service,
      every,
      description: 'job',
    });
  },
  (d, k) => {
    eachEndpoint(d, (ep) => {
      ep.latency = DURATIONS[k % DURATIONS.length];
    });
  },
  (d, k) => {
    eachEdge(d, (e) => {
      e.timeout = DURATIONS[k % DURATIONS.length];
    });
  },
  (d, k) => {
    eachEndpoint(d, (ep) => {
      const calls = ep.calls;
      if (Array.isArray(calls) && calls.length > 0)
        ep.calls = Array.from({ length: 1 + (k % 32) }, () => calls[0]);
    });
  },
  (d, k) => {
    const faults = d.faults as Record<string, Json>[] | undefined;
    if (faults?.[0]) faults[0].addedLatency = DURATIONS[k % DURATIONS.length];
  },
];

/** Edits to the text: what no parsed document can hold. */
const TEXT_EDITS: readonly ((text: string, k: number) => string)[] = [
  (t, k) => t.slice(0, k % (t.length + 1)),
  (t, k) => insertAt(t, k, ':{['[k % 3]!),
  (t, k) => insertAt(t, k, `\nloop${k}: &loop${k} [*loop${k}]\n`),
  (t, k) => t.replace(/^tags:/m, `tags: &self${k} [*self${k}]\nalso:`),
  (t, k) => `${t}\ndeep: ${'['.repeat(1 + (k % 6000))}${']'.repeat(1 + (k % 6000))}\n`,
  (t, k) => `${t}\ndeep: ${'{a: '.repeat(1 + (k % 3000))}1${'}'.repeat(1 + (k % 3000))}\n`,
  (t, k) => {
    const lines = t.split('\n');
    const i = k % lines.length;
    return [...lines.slice(0, i), lines[i]!, ...lines.slice(i)].join('\n');
  },
  (t, k) => insertAt(t, k, '\t'),
  (t, k) =>
    `${t}\nbomb: &b0 [x, x]\n${Array.from({ length: 1 + (k % 30) }, (_, i) => `b${i + 1}: &b${i + 1} [*b${i}, *b${i}]`).join('\n')}\n`,
  (t) => `${t}\n---\nsecond: document\n`,
  (t, k) => insertAt(t, k, ' !!js/function "f" '),
];

interface Op {
  readonly kind: 'leaf' | 'odd' | 'delete' | 'duplicate' | 'amplify' | 'text';
  readonly a: number;
  readonly b: number;
}

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('leaf', 'leaf', 'leaf', 'odd', 'delete', 'duplicate', 'amplify', 'amplify', 'text'),
  a: fc.nat(),
  b: fc.nat(),
});

/**
 * `count` mutated scenarios drawn from `bases` with `seed`, one at a time: the same seed and bases give
 * the same cases.
 *
 * @example for (const c of scenarioCases(bases, 7, 100)) check(c.text)
 */
export function* scenarioCases(
  bases: readonly BaseScenario[],
  seed: number,
  count: number,
): Generator<ScenarioCase> {
  const docs = bases.map((b) => ({ file: b.file, doc: parse(b.text) as Json }));
  const paths = docs.map((d) => allPaths(d.doc));
  const plans = fc.sample(
    fc.record({ base: fc.nat(), ops: fc.array(opArb, { minLength: 1, maxLength: 3 }) }),
    { seed, numRuns: count },
  );
  // Each case is written when asked for: ten thousand scenario texts at once would hold half a gigabyte.
  for (const [i, plan] of plans.entries()) {
    const which = plan.base % docs.length;
    const doc = structuredClone(docs[which]!.doc) as Record<string, Json>;
    const textEdits: Op[] = [];
    const names: string[] = [];
    for (const op of plan.ops) {
      if (op.kind === 'text') {
        textEdits.push(op);
        names.push(`text#${op.a % TEXT_EDITS.length}`);
        continue;
      }
      names.push(applyOp(doc, paths[which]!, op));
    }
    let text = textOf(doc, bases[which]!.text);
    for (const op of textEdits) text = TEXT_EDITS[op.a % TEXT_EDITS.length]!(text, op.b);
    yield { name: `${docs[which]!.file} #${i}: ${names.join(', ')}`, text };
  }
}

/** The document as YAML; a document the edits made too deep to write is tried as its base text. */
function textOf(doc: Json, base: string): string {
  try {
    return stringify(doc, { aliasDuplicateObjects: false });
  } catch {
    return base;
  }
}

function applyOp(doc: Record<string, Json>, paths: readonly Path[], op: Op): string {
  if (op.kind === 'amplify') {
    AMPLIFY[op.a % AMPLIFY.length]!(doc, op.b);
    return `amplify#${op.a % AMPLIFY.length}(${op.b % 1000})`;
  }
  const path = paths[op.a % paths.length]!;
  const where = path.join('.');
  const parent = getAt(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (parent === undefined || typeof parent !== 'object' || parent === null) return `skip ${where}`;
  const holder = parent as Record<string | number, Json>;
  const old = holder[key];
  if (op.kind === 'delete') {
    if (Array.isArray(holder) && typeof key === 'number') holder.splice(key, 1);
    else delete holder[key];
    return `delete ${where}`;
  }
  if (op.kind === 'odd') {
    holder[key] = structuredClone(ODD_VALUES[op.b % ODD_VALUES.length]);
    return `odd ${where}`;
  }
  if (op.kind === 'duplicate') {
    if (!Array.isArray(old) || old.length === 0) return `skip ${where}`;
    const times = 1 + (op.b % 64);
    const item = old[op.b % old.length];
    for (let n = 0; n < times; n++) old.push(renamed(item, op.b % 2 === 0 ? `-${n}` : ''));
    return `duplicate ${where} x${times}`;
  }
  holder[key] = interesting(old, op.b);
  return `set ${where}`;
}

/** A value of the same kind as `old`, at an edge of what such a value may hold. */
function interesting(old: Json, k: number): Json {
  if (typeof old === 'number') return NUMBERS[k % NUMBERS.length];
  if (typeof old === 'boolean') return !old;
  if (typeof old === 'string') {
    const at = Date.parse(old);
    if (/^\d{4}-\d\d-\d\dT/.test(old) && !Number.isNaN(at)) {
      const moved = at + SHIFTS[k % SHIFTS.length]!;
      return Number.isNaN(new Date(moved).getTime()) ? old : new Date(moved).toISOString();
    }
    if (/^\d+(\.\d+)?(ms|s|m|h|d|w|y)/.test(old)) return DURATIONS[k % DURATIONS.length];
    return STRINGS[k % STRINGS.length];
  }
  return structuredClone(ODD_VALUES[k % ODD_VALUES.length]);
}

/** A copy of a list item with its `id` (if any) suffixed, so copies stay distinct when `suffix` is set. */
function renamed(item: Json, suffix: string): Json {
  const copy = structuredClone(item);
  if (suffix && copy && typeof copy === 'object' && !Array.isArray(copy)) {
    const rec = copy as Record<string, Json>;
    if (typeof rec.id === 'string') rec.id = `${rec.id}${suffix}`;
  }
  return copy;
}

/** Every path to a value in the document (collections and leaves), outside the code files' text. */
function allPaths(doc: Json): Path[] {
  const out: Path[] = [];
  const walk = (v: Json, path: (string | number)[]): void => {
    if (path.length > 0) out.push(path);
    if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, [...path, i]);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) if (k !== 'content' && k !== 'diff') walk(x, [...path, k]);
  };
  walk(doc, []);
  return out;
}

function getAt(doc: Json, path: Path): Json {
  let v: Json = doc;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, Json>)[step];
  }
  return v;
}

function insertAt(text: string, k: number, what: string): string {
  const at = k % (text.length + 1);
  return text.slice(0, at) + what + text.slice(at);
}

type Rec = Record<string, Json>;

function services(d: Rec): Rec[] {
  const sys = d.system as Rec | undefined;
  return Array.isArray(sys?.services)
    ? (sys.services as Rec[]).filter((s) => s && typeof s === 'object')
    : [];
}

function eachService(d: Rec, f: (svc: Rec) => void): void {
  for (const svc of services(d)) f(svc);
}

function eachEndpoint(d: Rec, f: (ep: Rec) => void): void {
  for (const svc of services(d))
    if (Array.isArray(svc.endpoints))
      for (const ep of svc.endpoints as Rec[]) if (ep && typeof ep === 'object') f(ep);
}

function eachEdge(d: Rec, f: (edge: Rec) => void): void {
  const sys = d.system as Rec | undefined;
  if (Array.isArray(sys?.edges)) for (const e of sys.edges as Rec[]) if (e && typeof e === 'object') f(e);
}

function pushTo(d: Rec, key: string, item: Json): void {
  if (!Array.isArray(d[key])) d[key] = [];
  (d[key] as Json[]).push(item);
}

function windowStart(d: Rec): Json {
  return (d.window as Rec | undefined)?.start ?? '2026-10-25T01:00:00Z';
}

function firstService(d: Rec): Json {
  return services(d)[0]?.id ?? 'web';
}
