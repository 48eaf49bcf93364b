import type { Scenario } from '../scenario/schema.ts';
import type { Series } from '../world/metricStore.ts';
import type { World } from '../world/world.ts';
import { alertsOf } from './mapTelemetry.ts';

// The pressure an on-call engineer feels, read from the world's telemetry as a dashboard would: the users'
// requests that failed, the error budget they burn, the alerts that have paged. Only the request counters
// of the endpoints users call and the alert rules are read: never the faults or the answer, so a fault that
// fails no request burns no budget, and a mitigation that clears the errors stops the burn.

/** The availability objective the budget is kept against when the scenario does not say. */
export const DEFAULT_OBJECTIVE = 0.999;
/** The SLO's rolling window. */
export const SLO_WINDOW_MS = 30 * 24 * 3600_000;
/** How far back the burn rate looks, as a fast-burn alert does. */
export const BURN_LOOKBACK_MS = 5 * 60_000;

/** An endpoint users call directly: its service and the labels its request counter carries. */
export interface UserEndpoint {
  readonly service: string;
  readonly method: string;
  readonly route: string;
}

/** The error budget at a moment. */
export interface ErrorBudget {
  /** The availability objective, e.g. 0.999. */
  readonly objective: number;
  /** The share of the window's budget left (1 is untouched; below 0 once overspent). */
  readonly left: number;
  /** How many times faster than the objective allows the budget burned over the last five minutes. */
  readonly burnRate: number;
}

/** What presses on the responder at a moment of the incident clock. */
export interface Pressure {
  readonly atMs: number;
  /** Users' requests answered so far in the window (entry endpoints only). */
  readonly requests: number;
  /** Of those, the ones that failed them: a server error, or turned away (429). */
  readonly failed: number;
  readonly budget: ErrorBudget;
  /** Alert rules that have gone to firing so far (each firing of each rule once), the page among them. */
  readonly firings: number;
}

/**
 * The endpoints traffic enters the system by (those with a `rate`), on services that count their requests:
 * the ones whose failures users see.
 *
 * @example
 * userEndpoints(tutorial) // [{ service: 'web', method: 'GET', route: '/' }, …]
 */
export function userEndpoints(scenario: Pick<Scenario, 'system'>): UserEndpoint[] {
  const out: UserEndpoint[] = [];
  for (const svc of scenario.system.services) {
    if (svc.kind === 'database' || svc.kind === 'cache' || svc.kind === 'queue') continue;
    for (const ep of svc.endpoints) {
      if (!ep.rate) continue;
      const [method = 'GET', ...rest] = ep.route.split(' ');
      out.push({ service: svc.id, method, route: rest.join(' ') || '/' });
    }
  }
  return out;
}

/** A counter's value at `atMs`: its last sample by then, 0 before its first. */
function valueAt(series: Series, atMs: number): number {
  const { ts, values } = series;
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! <= atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : values[lo - 1]!;
}

/** The request counters of the users' endpoints, split into all of them and those that failed users. */
function userCounters(world: World): { all: Series[]; failed: Series[] } {
  const wanted = new Set(userEndpoints(world.scenario).map((e) => `${e.service} ${e.method} ${e.route}`));
  const services = [...new Set(userEndpoints(world.scenario).map((e) => e.service))];
  const all = world.metrics
    .select([
      { name: '__name__', op: '=', value: 'http_server_requests_total' },
      { name: 'service', op: '=~', value: services.map(escapeRegex).join('|') || '^$' },
    ])
    .filter((s) => wanted.has(`${s.labels.service} ${s.labels.method} ${s.labels.route}`));
  const failed = all.filter((s) => /^(5\d\d|429)$/.test(s.labels.status ?? ''));
  return { all, failed };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const countersCache = new WeakMap<World, { all: Series[]; failed: Series[] }>();

/** The counters per world, found once: a world only gains samples, never series, once made. */
function countersOf(world: World): { all: Series[]; failed: Series[] } {
  let found = countersCache.get(world);
  if (!found) {
    found = userCounters(world);
    countersCache.set(world, found);
  }
  return found;
}

function total(series: readonly Series[], atMs: number): number {
  let sum = 0;
  for (const s of series) sum += valueAt(s, atMs);
  return sum;
}

/** The step the budget's burn is summed over: the error ratio is taken minute by minute. */
const BUDGET_STEP_MS = 60_000;

/**
 * The pressure at `nowMs` from the world's telemetry: how many of the users' requests failed so far, the
 * error budget left and how fast it burns, and how many times an alert has fired. The budget is spent minute
 * by minute by the share of the users' requests that failed, against the share the objective allows over
 * thirty days (the days before the window are taken to have kept the objective exactly): a minute without
 * failures spends nothing, so the budget stops falling once the errors are cleared.
 *
 * @example
 * const { budget } = pressureAt(world, session.nowMs());
 * `${(budget.left * 100).toFixed(2)}% of the error budget left`;
 */
export function pressureAt(world: World, nowMs: number, objective = DEFAULT_OBJECTIVE): Pressure {
  const at = Math.max(world.startMs, Math.min(nowMs, world.endMs));
  const { all, failed } = countersOf(world);
  const requests = total(all, at);
  const bad = total(failed, at);
  const allowed = (1 - objective) * SLO_WINDOW_MS;
  let spent = 0;
  let prevAll = 0;
  let prevBad = 0;
  for (let t = world.startMs; t < at; ) {
    const next = Math.min(at, t + BUDGET_STEP_MS);
    const nowAll = next === at ? requests : total(all, next);
    const nowBad = next === at ? bad : total(failed, next);
    const served = nowAll - prevAll;
    if (served > 0) spent += (Math.max(0, nowBad - prevBad) / served) * (next - t);
    prevAll = nowAll;
    prevBad = nowBad;
    t = next;
  }
  const since = Math.max(world.startMs, at - BURN_LOOKBACK_MS);
  const recent = requests - total(all, since);
  const recentBad = bad - total(failed, since);
  const burnRate = recent > 0 ? recentBad / recent / (1 - objective) : 0;
  let firings = 0;
  const seen = new Set<string>();
  for (const a of alertsOf(world)) {
    if (a.firingAtMs === undefined || a.firingAtMs > at) continue;
    const key = `${a.alert}\n${a.firingAtMs}`;
    if (!seen.has(key)) firings++;
    seen.add(key);
  }
  return {
    atMs: at,
    requests,
    failed: bad,
    budget: { objective, left: 1 - spent / allowed, burnRate },
    firings,
  };
}

/**
 * Whether the incident was still going on at `atMs`, as a dashboard tells it: users' requests failing
 * faster than the objective allows, or an alert firing.
 */
export function ongoingAt(world: World, atMs: number, objective = DEFAULT_OBJECTIVE): boolean {
  if (pressureAt(world, atMs, objective).budget.burnRate > 1) return true;
  return alertsOf(world).some(
    (a) =>
      a.firingAtMs !== undefined &&
      a.firingAtMs <= atMs &&
      (a.resolvedAtMs === undefined || a.resolvedAtMs > atMs),
  );
}
