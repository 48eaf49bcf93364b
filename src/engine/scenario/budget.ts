import type { RefProblem } from './crossRefs.ts';
import { SIM_BUDGET } from './limits.ts';
import { keptFrom } from './retention.ts';
import type { Endpoint, Scenario, Service } from './schema.ts';
import { segmentsOf } from './schema.ts';
import { formatDuration, parseDuration, parseTimestamp } from './units.ts';

/** The simulation's tick and scrape interval (as `TICK_MS` in the simulation), and its probe period. */
const TICK_MS = 15_000;
const PROBE_EVERY_MS = 10_000;
/**
 * How far a request's own time can stretch past its latency at worst: the log-normal draw's far tail
 * (about 9 times the median) times the slow-down of an instance short of CPU and memory (about 50 times).
 */
const WORST_STRETCH = 9 * 50;
/** The longest garbage-collection pause a request can wait behind, and the longest backoff between retries. */
const WORST_PAUSE_MS = 3_000;
const WORST_BACKOFF_MS = 2 * (50 << 10);
const DAY_MS = 86_400_000;

/** What generating a scenario's window costs, by the measures {@link SIM_BUDGET} bounds. */
export interface SimCost {
  /** Requests over the whole window, and the spans they walk at worst: the model runs them all. */
  readonly requests: number;
  readonly spans: number;
  /** Requests while the stores keep their log lines or traces (all of them unless a retention is set), and their spans. */
  readonly keptRequests: number;
  readonly keptSpans: number;
  readonly backgroundLines: number;
  readonly instances: number;
  readonly instanceTicks: number;
}

interface EndpointRef {
  readonly path: readonly PropertyKey[];
  readonly service: string;
  readonly route: string;
}

const number = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Checks that generating the scenario's window stays within {@link SIM_BUDGET}: requests and the spans
 * they walk, the longest a request can take, background lines, instances and their metric series. Each
 * problem points at the field that contributes most, says how much the window would hold and the limit,
 * and what to lower. Expects a scenario whose references resolve (run after the other cross-checks).
 *
 * @example
 * checkBudget(scenario) // [{ path: ['system','services',0,'endpoints',0,'rate'], message: 'the 1h30m window would receive about 5,427,000 requests…' }]
 */
export function checkBudget(s: Scenario): RefProblem[] {
  return measure(s).problems;
}

/** What generating the scenario's window costs, by the measures {@link SIM_BUDGET} bounds (references must resolve). */
export function simCost(s: Scenario): SimCost {
  return measure(s).cost;
}

function measure(s: Scenario): { cost: SimCost; problems: RefProblem[] } {
  const problems: RefProblem[] = [];
  const startMs = parseTimestamp(s.window.start)!;
  const endMs = parseTimestamp(s.window.end)!;
  const windowMs = Math.max(0, endMs - startMs);
  const window = formatDuration(windowMs);
  const kept = keptFrom(s, startMs, endMs);
  const textFromMs = Math.min(kept.logs, kept.traces);
  const textWindow = formatDuration(endMs - textFromMs);
  const retained = textFromMs > startMs;

  const endpoints = new Map<string, { ref: EndpointRef; service: Service; endpoint: Endpoint }>();
  s.system.services.forEach((service, si) => {
    service.endpoints.forEach((endpoint, ei) => {
      const path = ['system', 'services', si, 'endpoints', ei];
      endpoints.set(`${service.id} ${endpoint.route}`, {
        ref: { path, service: service.id, route: endpoint.route },
        service,
        endpoint,
      });
    });
  });
  const edges = new Map(s.system.edges.map((e) => [`${e.from}->${e.to}`, e]));
  const added = addedLatencyByService(s);

  // Spans one request walks, and the latest of its lines, from each endpoint: memoised over the call
  // graph, which the cross-checks have found acyclic.
  const spans = new Map<string, number>();
  const lastLineMs = new Map<string, number>();
  const walk = (key: string): void => {
    if (spans.has(key)) return;
    const { service: svc, endpoint } = endpoints.get(key)!;
    let count = 1;
    let own = parseDuration(endpoint.latency)! * WORST_STRETCH + (added.get(svc.id) ?? 0) + WORST_PAUSE_MS;
    let deepest = 0;
    for (const call of endpoint.calls) {
      const callee = `${call.service} ${call.route}`;
      walk(callee);
      const edge = edges.get(`${svc.id}->${call.service}`)!;
      const attempts = (call.async ? 1 : edge.retries + 1) * (call.times ?? 1);
      count += attempts * (1 + spans.get(callee)!);
      own += attempts * (parseDuration(edge.timeout)! + parseDuration(edge.poolTimeout)! + WORST_BACKOFF_MS);
      deepest = Math.max(deepest, lastLineMs.get(callee)!);
    }
    spans.set(key, count);
    lastLineMs.set(key, own + deepest);
  };
  for (const key of endpoints.keys()) walk(key);

  // Requests and spans over the whole window, and while logs or traces are kept: each with the endpoint
  // that contributes most, which a problem points at.
  const requests = new Tally();
  const work = new Tally();
  const keptRequests = new Tally();
  const keptWork = new Tally();
  for (const [key, { ref, endpoint }] of endpoints) {
    const rate = endpoint.rate ?? 0;
    if (rate <= 0) continue;
    const perRequest = spans.get(key)!;
    if (perRequest > SIM_BUDGET.spansPerRequest)
      problems.push({
        path: [...ref.path, 'calls'],
        message: `one request to "${ref.route}" can walk ${number(perRequest)} spans with every call and retry taken; at most ${number(SIM_BUDGET.spansPerRequest)}: lower the retries on its edges or the calls below it`,
      });
    if (lastLineMs.get(key)! > SIM_BUDGET.requestMs)
      problems.push({
        path: ref.path,
        message: `one request to "${ref.route}" can take up to ${formatDuration(lastLineMs.get(key)!)} with every timeout and retry taken; at most ${formatDuration(SIM_BUDGET.requestMs)}: lower the latencies, timeouts or retries on its call path`,
      });
    const n = rate * trafficShape(s, startMs, endMs, ref);
    const k = retained ? rate * trafficShape(s, textFromMs, endMs, ref) : n;
    requests.add(ref, n);
    work.add(ref, n * perRequest);
    keptRequests.add(ref, k);
    keptWork.add(ref, k * perRequest);
  }
  // Requests whose lines and traces are kept cost the most: text, and the memory to hold it.
  const textPart = retained
    ? `last ${textWindow} of the window, whose logs or traces are kept,`
    : `${window} window`;
  const keepLess =
    windowMs > DAY_MS && !retained
      ? 'keep logs and traces for less (observability.logs.retention, observability.traces.retention), '
      : retained
        ? 'keep logs and traces for less, '
        : '';
  // Before that, requests leave only their samples: cheaper, but the model still walks every one. The
  // first measure over its limit is reported.
  const over = [
    {
      tally: keptRequests,
      limit: SIM_BUDGET.requests,
      says: (top: string) =>
        `the ${textPart} would receive about ${number(keptRequests.total)} requests (${top}); at most ${number(SIM_BUDGET.requests)}: ${keepLess}lower the rates or the traffic factors, or shorten the window`,
      to: 'to',
    },
    {
      tally: keptWork,
      limit: SIM_BUDGET.spans,
      says: (top: string) =>
        `the ${textPart}'s requests would walk about ${number(keptWork.total)} spans (${top}); at most ${number(SIM_BUDGET.spans)}: ${keepLess}lower the rates, the calls or retries per request, or shorten the window`,
      to: 'from',
    },
    {
      tally: requests,
      limit: SIM_BUDGET.windowRequests,
      says: (top: string) =>
        `the ${window} window would receive about ${number(requests.total)} requests (${top}); at most ${number(SIM_BUDGET.windowRequests)}: lower the rates or the traffic factors, or shorten the window`,
      to: 'to',
    },
    {
      tally: work,
      limit: SIM_BUDGET.windowSpans,
      says: (top: string) =>
        `the ${window} window's requests would walk about ${number(work.total)} spans (${top}); at most ${number(SIM_BUDGET.windowSpans)}: lower the rates, the calls or retries per request, or shorten the window`,
      to: 'from',
    },
  ].find((m) => m.tally.top !== undefined && m.tally.total > m.limit);
  if (over) {
    const top = over.tally.top!;
    problems.push({
      path: [...top.ref.path, 'rate'],
      message: over.says(`${number(top.value)} ${over.to} "${top.ref.route}"`),
    });
  }

  const logsKept = formatDuration(endMs - kept.logs);
  const background = checkBackground(
    s,
    endMs - kept.logs,
    kept.logs > startMs ? `last ${logsKept} of the window, whose logs are kept,` : `${window} window`,
  );
  const instances = checkInstances(s, startMs, endMs, window);
  problems.push(...background.problems, ...instances.problems);
  return {
    cost: {
      requests: requests.total,
      spans: work.total,
      keptRequests: keptRequests.total,
      keptSpans: keptWork.total,
      backgroundLines: background.lines,
      instances: instances.instances,
      instanceTicks: instances.instanceTicks,
    },
    problems,
  };
}

/** A total over the entry endpoints, and the endpoint that adds most to it. */
class Tally {
  total = 0;
  top: { readonly ref: EndpointRef; readonly value: number } | undefined;

  add(ref: EndpointRef, value: number): void {
    this.total += value;
    if (!this.top || value > this.top.value) this.top = { ref, value };
  }
}

/**
 * An entry endpoint's requests over the window per unit of its rate: the tick-by-tick sum of the daily
 * shape times the traffic factors (every endpoint's, its own when a shift names its route, and the mix of
 * users when shifts name slices of them), in seconds.
 */
function trafficShape(s: Scenario, startMs: number, endMs: number, ref: EndpointRef): number {
  const segments = segmentsOf(s);
  const sliceOf = (e: Scenario['timeline'][number]) =>
    e.route === undefined && (e.region !== undefined || e.segment !== undefined)
      ? segments.map(
          (seg) => seg.id === e.segment || (e.region !== undefined && seg.attrs.region === e.region),
        )
      : undefined;
  const shifts = s.timeline
    .filter(
      (e) =>
        e.kind === 'traffic' &&
        e.factor !== undefined &&
        (e.route === undefined || (e.service === ref.service && e.route === ref.route)),
    )
    .map((e) => ({
      at: parseTimestamp(e.at)!,
      factor: e.factor!,
      own: e.route !== undefined,
      slice: sliceOf(e),
    }))
    .sort((a, b) => a.at - b.at);
  const daily = s.traffic.daily;
  const sliceFactors = segments.map(() => 1);
  let factor = 1;
  let own = 1;
  let mix = 1;
  let next = 0;
  let total = 0;
  // As the simulation does: a tick takes the factors of the last shifts before its end, and its start's hour.
  for (let t0 = startMs; t0 < endMs; t0 += TICK_MS) {
    const t1 = Math.min(t0 + TICK_MS, endMs);
    for (; next < shifts.length && shifts[next]!.at < t1; next++) {
      const shift = shifts[next]!;
      if (shift.slice) {
        shift.slice.forEach((hit, i) => {
          if (hit) sliceFactors[i] = shift.factor;
        });
        mix = Math.max(0, 1 + segments.reduce((sum, seg, i) => sum + seg.share * (sliceFactors[i]! - 1), 0));
      } else if (shift.own) own = shift.factor;
      else factor = shift.factor;
    }
    const hour = new Date(t0).getUTCHours();
    total += (daily ? daily[hour]! : 1) * factor * own * mix * ((t1 - t0) / 1000);
  }
  return total;
}

/** The latency each service's faults can add to one of its requests, all at once. */
function addedLatencyByService(s: Scenario): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of s.faults) {
    if (!f.addedLatency) continue;
    // An edge fault slows the caller's calls; counting it on the service too keeps the bound above both.
    out.set(f.service, (out.get(f.service) ?? 0) + parseDuration(f.addedLatency)!);
  }
  return out;
}

/** Noise, cron runs and health-check probes over the window. */
function checkBackground(
  s: Scenario,
  windowMs: number,
  window: string,
): { lines: number; problems: RefProblem[] } {
  const sources: { path: PropertyKey[]; lines: number; what: string }[] = [];
  s.noise.forEach((n, i) => {
    const lines = windowMs / parseDuration(n.every)!;
    sources.push({ path: ['noise', i, 'every'], lines, what: `noise line every ${n.every}` });
  });
  s.timeline.forEach((e, i) => {
    if (e.kind === 'cron' && e.every && e.service)
      sources.push({
        path: ['timeline', i, 'every'],
        lines: windowMs / parseDuration(e.every)!,
        what: `cron run every ${e.every}`,
      });
  });
  s.system.services.forEach((svc, i) => {
    if (svc.kind === 'frontend' || svc.kind === 'gateway')
      sources.push({
        path: ['system', 'services', i, 'instances'],
        lines: (svc.instances * windowMs) / PROBE_EVERY_MS,
        what: `health-check probes of ${svc.instances} instances`,
      });
  });
  const total = sources.reduce((sum, x) => sum + x.lines, 0);
  if (total <= SIM_BUDGET.backgroundLines) return { lines: total, problems: [] };
  const top = sources.reduce((a, b) => (b.lines > a.lines ? b : a));
  const message = `the ${window} would hold about ${number(total)} background lines (${number(top.lines)} from this ${top.what}); at most ${number(SIM_BUDGET.backgroundLines)}: repeat less often, or shorten the window`;
  return { lines: total, problems: [{ path: top.path, message }] };
}

/** Instances, with those each deploy rolls out, and their metric series over the window's ticks. */
function checkInstances(
  s: Scenario,
  startMs: number,
  endMs: number,
  window: string,
): { instances: number; instanceTicks: number; problems: RefProblem[] } {
  const ticks = Math.ceil(Math.max(0, endMs - startMs) / TICK_MS);
  const rollouts = new Map<string, number>();
  for (const e of s.timeline) {
    const at = parseTimestamp(e.at)!;
    if ((e.kind === 'deploy' || e.kind === 'rollback') && e.service && at >= startMs && at < endMs)
      rollouts.set(e.service, (rollouts.get(e.service) ?? 0) + 1);
  }
  let instances = 0;
  let top = { index: 0, count: -1 };
  s.system.services.forEach((svc, i) => {
    // An autoscaler may run up to its `max` at once; each deploy rolls that many out again.
    const count = Math.max(svc.instances, svc.autoscale?.max ?? 0) * (1 + (rollouts.get(svc.id) ?? 0));
    instances += count;
    if (count > top.count) top = { index: i, count };
  });
  const path = ['system', 'services', top.index, 'instances'];
  const instanceTicks = instances * ticks;
  const problems: RefProblem[] = [];
  if (instances > SIM_BUDGET.instances)
    problems.push({
      path,
      message: `the system would run ${number(instances)} instances, counting those deploys roll out (${number(top.count)} of this service); at most ${number(SIM_BUDGET.instances)}: use fewer instances or deploys`,
    });
  else if (instanceTicks > SIM_BUDGET.instanceTicks)
    problems.push({
      path,
      message: `${number(instances)} instances over the ${window} window would keep ${number(instanceTicks)} instance-ticks of metrics; at most ${number(SIM_BUDGET.instanceTicks)}: use fewer instances, or shorten the window`,
    });
  return { instances, instanceTicks, problems };
}
