import type { QueryBudget } from '../engine/query/budget.ts';
import { underBudget } from '../engine/query/budget.ts';
import { evaluateLogQL } from '../engine/query/logql/index.ts';
import { instantQuery, rangeQuery } from '../engine/query/promql/index.ts';
import type { Diagnostic } from '../engine/query/types.ts';
import type { ScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import { loadScenario } from '../engine/scenario/load.ts';
import { createRun } from '../engine/sim/simulate.ts';
import type { World } from '../engine/world/world.ts';
import type { QueryCase, QueryVocabulary } from './fuzzQueries.ts';

/**
 * What trying one input found: `accepted` (a scenario generated, a query answered), `rejected` (every
 * problem reported with a position), `unpositioned` (a problem reported without one), `uncaught` (an
 * exception escaped the engine), `overBudget` (a query its budget stopped).
 */
export type FuzzOutcome =
  | { readonly kind: 'accepted' | 'rejected' }
  | { readonly kind: 'unpositioned' | 'uncaught' | 'overBudget'; readonly detail: string };

/** How much of a valid scenario's window to generate: all of it, or its first minutes (to keep a test short). */
export interface ScenarioCheckOptions {
  readonly minutes?: number;
}

/**
 * Loads a scenario file and, when it is valid, generates its world. Every problem must carry a line and a
 * column inside the file; nothing may throw.
 *
 * @example checkScenarioText(text, 'mutated.yaml', { minutes: 10 }) // { kind: 'rejected' }
 */
export function checkScenarioText(
  text: string,
  file: string,
  options: ScenarioCheckOptions = {},
): FuzzOutcome {
  try {
    const { scenario, diagnostics } = loadScenario(text, file);
    if (!scenario) {
      if (diagnostics.length === 0)
        return { kind: 'unpositioned', detail: 'refused with no problem reported' };
      const bad = diagnostics.find((d) => !scenarioPositioned(d, text));
      return bad
        ? { kind: 'unpositioned', detail: `${bad.line}:${bad.col}: ${bad.message}` }
        : { kind: 'rejected' };
    }
    const run = createRun(scenario);
    const until = options.minutes === undefined ? run.sys.endMs : run.sys.startMs + options.minutes * 60_000;
    run.advanceTo(Math.min(until, run.sys.endMs));
    run.world();
    return { kind: 'accepted' };
  } catch (err) {
    return { kind: 'uncaught', detail: describe(err) };
  }
}

function scenarioPositioned(d: ScenarioDiagnostic, text: string): boolean {
  const lines = text.split('\n').length;
  return (
    Number.isInteger(d.line) &&
    Number.isInteger(d.col) &&
    d.line >= 1 &&
    d.line <= lines + 1 &&
    d.col >= 1 &&
    d.message.length > 0
  );
}

/**
 * Runs a query over a world as the game does: LogQL over the window (and at its end, as an instant
 * query), PromQL at one time and over the window, all under `budget` as the servers and the worker run
 * them. Every error must be positioned within the query; a query the budget stops is `overBudget`.
 */
export function checkQuery(world: World, q: QueryCase, budget?: QueryBudget): FuzzOutcome {
  try {
    const answer = underBudget(budget, () =>
      q.language === 'logql'
        ? [
            evaluateLogQL(world.logs, q.text, { startMs: world.startMs, endMs: world.endMs, limit: 100 }),
            evaluateLogQL(world.logs, q.text, { startMs: world.startMs, endMs: world.endMs, instant: true }),
          ]
        : [
            instantQuery(world.metrics, q.text, world.endMs - 60_000),
            rangeQuery(world.metrics, q.text, world.startMs, world.endMs, 60_000),
          ],
    );
    if (!answer.ok) return { kind: 'overBudget', detail: 'stopped by its budget' };
    const results = answer.value;
    let rejected = false;
    for (const r of results) {
      if (r.ok) continue;
      rejected = true;
      if (r.errors.length === 0) return { kind: 'unpositioned', detail: 'an error result with no error' };
      const bad = r.errors.find((e) => !queryPositioned(e, q.text));
      if (bad) return { kind: 'unpositioned', detail: `${bad.from}-${bad.to}: ${bad.message}` };
    }
    return { kind: rejected ? 'rejected' : 'accepted' };
  } catch (err) {
    return { kind: 'uncaught', detail: describe(err) };
  }
}

function queryPositioned(e: Diagnostic, text: string): boolean {
  return (
    Number.isInteger(e.from) &&
    Number.isInteger(e.to) &&
    e.from >= 0 &&
    e.from <= e.to &&
    e.to <= text.length &&
    e.line >= 1 &&
    e.col >= 1 &&
    e.message.length > 0
  );
}

/** The names a world's queries can use: its services, metric names and label names. */
export function vocabularyOf(world: World): QueryVocabulary {
  const metrics = new Set<string>();
  for (const s of world.metrics.series) if (s.labels.__name__) metrics.add(s.labels.__name__);
  return {
    services: world.scenario.system.services.map((s) => s.id),
    metrics: [...metrics].sort().slice(0, 40),
    labels: world.metrics.labelNames().filter((l) => l !== '__name__'),
  };
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const at = err.stack?.split('\n').find((l) => l.includes('/src/')) ?? '';
  return `${err.name}: ${err.message}${at ? ` ${at.trim()}` : ''}`;
}

/**
 * A budget of `budgetMs` of this process' CPU time from now: on a shared machine the clock runs on while
 * other work has the cores, CPU time does not.
 */
export function cpuBudget(budgetMs: number): QueryBudget {
  const start = process.cpuUsage();
  return {
    expired: () => {
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000 > budgetMs;
    },
  };
}
