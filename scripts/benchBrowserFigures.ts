import type { Scenario } from '../src/engine/scenario/schema.ts';

/** The budgets `npm run bench:browser` measures against, in milliseconds. */
export const BROWSER_BUDGETS = {
  /** From Run to the result drawn, the median over the built-in scenarios' reference queries. */
  referenceP50Ms: 150,
  /** From Run to the result drawn for every series or every line of the standard world. */
  everythingMs: 1000,
  /** From choosing a built-in scenario to the first query possible. */
  openMs: 2000,
} as const;

/** A reference query the bench runs through the page, as the trainee would. */
export interface BenchQuery {
  readonly tool: 'logs' | 'metrics' | 'traces' | 'code';
  readonly query: string;
}

const RUN_TOOLS: ReadonlySet<string> = new Set(['logs', 'metrics', 'traces', 'code']);

/**
 * The queries of a scenario's reference path that are run with a tool's Run (changes and the inbox are
 * read, not queried), each once: the same query twice in a row would draw nothing new.
 */
export function referenceQueries(scenario: Pick<Scenario, 'solution'>): BenchQuery[] {
  const out: BenchQuery[] = [];
  for (const step of scenario.solution.path) {
    if (!RUN_TOOLS.has(step.tool) || !step.query.trim()) continue;
    const query = { tool: step.tool as BenchQuery['tool'], query: step.query.trim() };
    const last = out.at(-1);
    if (last?.tool === query.tool && last.query === query.query) continue;
    out.push(query);
  }
  return out;
}

/** The trace search form's fields that a Tempo tag-search text fills in. */
export interface TraceFormFields {
  readonly service: string;
  readonly operation: string;
  readonly status: string;
  readonly minDuration: string;
  readonly maxDuration: string;
  readonly attributes: string;
}

/**
 * Splits a tag-search text (`service=cart name="POST /checkout" status=error minDuration=1s user.id=7`)
 * into the form's fields; words the form has no field for go to the attributes, as typed.
 */
export function traceFormOf(query: string): TraceFormFields {
  const fields = { service: '', operation: '', status: '', minDuration: '', maxDuration: '' };
  const attributes: string[] = [];
  for (const m of query.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
    const [word, key, raw] = m as unknown as [string, string, string];
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    if (key === 'service') fields.service = value;
    else if (key === 'name') fields.operation = value;
    else if (key === 'status') fields.status = value;
    else if (key === 'minDuration') fields.minDuration = value;
    else if (key === 'maxDuration') fields.maxDuration = value;
    else attributes.push(word);
  }
  return { ...fields, attributes: attributes.join(' ') };
}

/** The median of some figures (the mean of the middle two when there is an even number); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `123 ms`, right-aligned in `width`. */
export function msText(ms: number, width = 7): string {
  return `${Number.isFinite(ms) ? Math.round(ms) : '–'} ms`.padStart(width);
}

/** `ok` or `OVER` against a budget. */
export function verdict(ms: number, budgetMs: number): 'ok' | 'OVER' {
  return Number.isFinite(ms) && ms <= budgetMs ? 'ok' : 'OVER';
}
