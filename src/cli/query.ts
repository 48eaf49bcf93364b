import { readFile } from 'node:fs/promises';
import { describeEvidence } from '../engine/investigation/evidence.ts';
import type { ToolRequest, ToolResult } from '../engine/investigation/tools.ts';
import { runTool } from '../engine/investigation/tools.ts';
import { withGapWarnings } from '../engine/query/gapNotices.ts';
import type { LogQLResult } from '../engine/query/logql/index.ts';
import { evaluateLogQL, MAX_LIMIT, toLokiJSON } from '../engine/query/logql/index.ts';
import { instantQuery, rangeQuery, toPrometheusJSON } from '../engine/query/promql/index.ts';
import { formatFloatF } from '../engine/query/promql/literals.ts';
import type { QueryResult } from '../engine/query/types.ts';
import { formatDiagnostic } from '../engine/query/types.ts';
import { formatScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import { loadScenario } from '../engine/scenario/load.ts';
import { parseDuration, parseTimestamp } from '../engine/scenario/units.ts';
import { simulate } from '../engine/sim/simulate.ts';
import type { Labels } from '../engine/world/labels.ts';
import type { LogStore } from '../engine/world/logStore.ts';
import type { MetricStore } from '../engine/world/metricStore.ts';
import { readOpenMetrics } from '../engine/world/openMetrics.ts';
import { readLogFile } from '../engine/world/readLogFile.ts';
import type { World } from '../engine/world/world.ts';
import type { Output } from './output.ts';
import { EXIT, UsageError } from './output.ts';

export const QUERY_HELP = `Usage:
  twoam query <scenario.yaml> --logql '<query>' [--start T] [--end T] [--limit N] [--step D] [--seed N] [--variant N] [--json]
  twoam query <scenario.yaml> --promql '<query>' [--time T | --start T --end T --step D] [--seed N] [--variant N] [--json]
  twoam query --logs FILE [--labels name=value,...] --logql '<query>' [--start T] [--end T] [--limit N]
  twoam query --metrics FILE.om --promql '<query>' [--time T | --start T --end T --step D]
  twoam query <scenario.yaml> --traces 'service=cart status=error minDuration=500ms' [--limit N]
  twoam query <scenario.yaml> --grep 'discount.percent' | --code 'show a41f9c2' | --code 'cat src/x.ts@a41f9c2#L40-L48'

Queries a scenario's simulated world, or data you bring: a plain log file (one entry per line; a line
without a time of its own takes the previous line's) or an OpenMetrics / Prometheus text file.

Times (T) are RFC 3339 (2026-10-25T01:00:00Z) or Unix seconds; steps (D) are durations (15s, 1m) or
seconds. A scenario's window is the default range; for a file, the range of its data.
--traces searches traces with Tempo-style tag words (service, name, status, minDuration, maxDuration,
attributes) or opens one trace by id; --grep searches the scenario's code, --code runs a code query
(grep, cat, show). They print one line per item with the reference the case board pins.
LogQL log queries print the newest lines first (default limit 100); metric queries (LogQL or PromQL) are
instant with --time, otherwise range queries.

--json answers in the shape of Loki's and Prometheus' HTTP APIs.
Exit status: 0 ok, 1 the query or input has problems, 2 usage error.`;

/** The options this command reads. */
export interface QueryOptions {
  readonly logql?: string;
  readonly promql?: string;
  readonly logs?: string;
  readonly metrics?: string;
  readonly labels?: string;
  readonly start?: string;
  readonly end?: string;
  readonly time?: string;
  readonly step?: string;
  readonly limit?: string;
  readonly seed?: string;
  readonly traces?: string;
  readonly grep?: string;
  readonly code?: string;
  /** The scenario's variant to query (0, the file as written, by default); its world uses the variant's number as seed. */
  readonly variant?: string;
}

function time(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const iso = parseTimestamp(text);
  if (iso !== undefined) return iso;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  throw new UsageError(`--${name} "${text}" is not an RFC 3339 time or Unix seconds`);
}

function step(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : parseDuration(text);
  if (ms === undefined || ms <= 0)
    throw new UsageError(`--step "${text}" is not a positive duration such as 15s`);
  return ms;
}

function parseLabels(text: string | undefined): Labels {
  const labels: Record<string, string> = {};
  for (const pair of (text ?? '').split(',').filter(Boolean)) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)=(.*)$/.exec(pair.trim());
    if (!m) throw new UsageError(`--labels "${pair}" is not name=value`);
    labels[m[1]!] = m[2]!;
  }
  if (Object.keys(labels).length === 0) labels.filename = 'stdin';
  return labels;
}

interface Source {
  world?: World;
  logs?: LogStore;
  metrics?: MetricStore;
  startMs: number;
  endMs: number;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(
      `${path}: cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
}

/** A problem with the input the user gave (exit 1), as opposed to how the command was called. */
class InputError extends Error {}

async function openSource(positionals: readonly string[], o: QueryOptions): Promise<Source> {
  if (o.logs) {
    const logs = readLogFile(await readText(o.logs), parseLabels(o.labels));
    const first = logs.size > 0 ? logs.tsMs(0) : 0;
    const last = logs.size > 0 ? logs.tsMs(logs.size - 1) : 0;
    return { logs, startMs: first, endMs: last + 1 };
  }
  if (o.metrics) {
    const { store, diagnostics } = readOpenMetrics(await readText(o.metrics));
    if (diagnostics.length > 0) {
      throw new InputError(
        diagnostics.map((d) => `${o.metrics}:${d.line}:${d.col}: ${d.message}`).join('\n'),
      );
    }
    let startMs = Number.POSITIVE_INFINITY;
    let endMs = Number.NEGATIVE_INFINITY;
    for (const s of store.series) {
      if (s.ts.length === 0) continue;
      startMs = Math.min(startMs, s.ts[0]!);
      endMs = Math.max(endMs, s.ts[s.ts.length - 1]!);
    }
    if (!Number.isFinite(startMs)) startMs = endMs = 0;
    return { metrics: store, startMs, endMs };
  }
  const [file] = positionals;
  if (!file) throw new UsageError('name a scenario file, or pass --logs FILE or --metrics FILE');
  const variant = o.variant === undefined ? 0 : Number(o.variant);
  if (!Number.isInteger(variant) || variant < 0)
    throw new UsageError(`--variant "${o.variant}" is not a whole number`);
  const { scenario, diagnostics } = loadScenario(await readText(file), file, { variant });
  if (!scenario) throw new InputError(diagnostics.map(formatScenarioDiagnostic).join('\n'));
  const seed = o.seed === undefined ? undefined : Number(o.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError(`--seed "${o.seed}" is not an integer`);
  const simSeed = seed ?? (variant === 0 ? undefined : variant);
  const world = simulate(scenario, simSeed === undefined ? {} : { seed: simSeed });
  const metrics = (world as { metrics?: MetricStore }).metrics;
  return { logs: world.logs, metrics, world, startMs: world.startMs, endMs: world.endMs };
}

/** Prints what the trace or code tool showed: one line per item, or `{status, data}` with `--json`. */
function printTool(result: ToolResult, output: Output): number {
  if (!result.ok) {
    if (output.json) {
      output.out(JSON.stringify({ status: 'error', error: result.errors.map(formatDiagnostic).join('; ') }));
    } else for (const e of result.errors) output.err(formatDiagnostic(e));
    return EXIT.problems;
  }
  if (output.json) {
    const items = result.items.map((i) => i.evidence);
    output.out(
      JSON.stringify({ status: 'success', data: { tool: result.tool, matched: result.matched, items } }),
    );
    return EXIT.ok;
  }
  for (const item of result.items) {
    const e = item.evidence;
    // A grep hit reads best as grep prints it: path, line and the line itself.
    const text =
      e.kind === 'code' && e.startLine === e.endLine
        ? `${e.path}:${e.startLine}: ${e.text.trim()}`
        : describeEvidence(e);
    output.out(`${e.ref}  ${text}`);
  }
  if (result.matched > result.items.length)
    output.out(`(${result.matched} matched, ${result.items.length} shown)`);
  for (const notice of result.notices ?? []) output.err(`warning: ${notice}`);
  return EXIT.ok;
}

/** Runs `twoam query`; prints the answer; returns the exit code. */
export async function queryCommand(
  positionals: readonly string[],
  o: QueryOptions,
  output: Output,
): Promise<number> {
  const asked = [o.logql, o.promql, o.traces, o.grep, o.code].filter((q) => q !== undefined).length;
  if (asked !== 1) throw new UsageError('give exactly one of --logql, --promql, --traces, --grep or --code');
  if ((o.traces ?? o.grep ?? o.code) !== undefined && (o.logs || o.metrics))
    throw new UsageError("--traces, --grep and --code query a scenario's world, not a file");
  if (o.logs && o.metrics) throw new UsageError('give --logs or --metrics, not both');
  if (o.logs && o.promql) throw new UsageError('--logs files are queried with --logql');
  if (o.metrics && o.logql) throw new UsageError('--metrics files are queried with --promql');
  const limit = o.limit === undefined ? undefined : Number(o.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
    throw new UsageError(`--limit "${o.limit}" is not a positive integer`);
  if (limit !== undefined && limit > MAX_LIMIT)
    throw new UsageError(
      `--limit ${limit} is more than the ${MAX_LIMIT} lines one query may return, as in Loki`,
    );
  const at = time('time', o.time);
  const stepMs = step(o.step);

  let source: Source;
  try {
    source = await openSource(positionals, o);
  } catch (err) {
    if (err instanceof InputError) {
      output.err(err.message);
      return EXIT.problems;
    }
    throw err;
  }
  const startMs = time('start', o.start) ?? source.startMs;
  const endMs = time('end', o.end) ?? source.endMs;

  if (source.world && (o.traces ?? o.grep ?? o.code) !== undefined) {
    const request: ToolRequest =
      o.traces !== undefined
        ? { tool: 'traces', query: o.traces, limit, startMs, endMs }
        : { tool: 'code', query: o.grep !== undefined ? `grep ${o.grep}` : o.code!, startMs, endMs };
    return printTool(runTool(source.world, request), output);
  }

  let result: QueryResult | LogQLResult;
  if (o.logql !== undefined) {
    if (!source.logs) throw new UsageError('this source has no logs');
    result = evaluateLogQL(source.logs, o.logql, {
      startMs,
      endMs: at ?? endMs,
      limit,
      stepMs,
      instant: at !== undefined,
    });
  } else {
    if (!source.metrics) {
      output.err("this scenario's world has no metrics yet");
      return EXIT.problems;
    }
    result =
      at !== undefined || stepMs === undefined
        ? instantQuery(source.metrics, o.promql!, at ?? endMs)
        : rangeQuery(source.metrics, o.promql!, startMs, endMs, stepMs);
  }

  // A tool that depended on a failing component answers with what it may be missing, as a warning.
  if (source.world)
    result = withGapWarnings(
      result,
      source.world.gaps,
      o.logql !== undefined ? 'logs' : 'metrics',
      startMs,
      at ?? endMs,
    );
  if (output.json) {
    output.out(
      o.logql !== undefined ? JSON.stringify(toLokiJSON(result as LogQLResult)) : toPrometheusJSON(result),
    );
    return result.ok ? EXIT.ok : EXIT.problems;
  }
  if (!result.ok) {
    for (const e of result.errors) output.err(formatDiagnostic(e));
    return EXIT.problems;
  }
  for (const line of formatValue(result)) output.out(line);
  for (const w of result.warnings) output.err(`warning: ${w.message}`);
  return EXIT.ok;
}

function labelText(labels: Labels): string {
  const { __name__: name, ...rest } = labels;
  const pairs = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`);
  return `${name ?? ''}{${pairs.join(', ')}}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Plain-text rendering: log lines with their time and stream, or series as promtool prints them. */
function formatValue(result: Extract<QueryResult, { ok: true }>): string[] {
  const v = result.value;
  switch (v.resultType) {
    case 'streams': {
      const lines = v.result.flatMap((s) => s.entries.map((e) => ({ ...e, labels: s.labels })));
      lines.sort((a, b) => b.tsMs - a.tsMs || b.id - a.id);
      return lines.map((l) => `${iso(l.tsMs)} ${labelText(l.labels)} ${l.line}`);
    }
    case 'vector':
      return v.result.map((e) => `${labelText(e.labels)} => ${formatFloatF(e.v)} @[${e.t / 1000}]`);
    case 'matrix':
      return v.result.map(
        (s) =>
          `${labelText(s.labels)} =>\n${s.samples.map((p) => `${formatFloatF(p.v)} @[${p.t / 1000}]`).join('\n')}`,
      );
    case 'scalar':
      // promtool prints values as Go's FormatFloat(v, 'f', -1): `+Inf`, `-Inf`, `NaN`, no exponent.
      return [`scalar: ${formatFloatF(v.result.v)} @[${v.result.t / 1000}]`];
    case 'string':
      return [v.result.v];
  }
}
