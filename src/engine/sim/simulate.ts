import type { Edge, Endpoint, Fault, Scenario, Segment, Service } from '../scenario/schema.ts';
import { parseDuration, parseTimestamp } from '../scenario/units.ts';
import type { LogStream } from '../world/logStore.ts';
import { LogStore } from '../world/logStore.ts';
import type { World } from '../world/world.ts';
import type { RequestLog } from './logFormats.ts';
import { formatAccess, formatEvent, formatJson, formatLogfmt } from './logFormats.ts';
import { Rng } from './rng.ts';

/** Options for a run. The seed defaults to the scenario's own. */
export interface SimulateOptions {
  readonly seed?: number;
}

interface ActiveFault {
  readonly fault: Fault;
  readonly fromMs: number;
  readonly untilMs: number;
}

/** An endpoint with its durations parsed and its calls resolved, so the request loop does no lookups. */
interface CompiledEndpoint {
  readonly service: Service;
  readonly endpoint: Endpoint;
  readonly method: string;
  readonly path: string;
  readonly latencyMs: number;
  readonly calls: CompiledCall[];
}

interface CompiledCall {
  readonly callee: CompiledEndpoint;
  readonly route: string;
  readonly edge: Edge;
  readonly timeoutMs: number;
}

interface CallResult {
  readonly status: number;
  readonly durationMs: number;
}

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'shop-android/5.12.0 (Pixel 8; Android 15)',
];

/**
 * Runs the scenario's system over its window and returns the world it produced. Every request walks its
 * endpoint's call graph; faults change outcomes for the requests they match; each service then logs what
 * it saw, so callers' errors and callees' errors agree. Deterministic for a scenario and seed.
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): World {
  const seed = options.seed ?? scenario.seed;
  const rng = new Rng(seed);
  const startMs = parseTimestamp(scenario.window.start)!;
  const endMs = parseTimestamp(scenario.window.end)!;
  const logs = new LogStore();

  const services = new Map(scenario.system.services.map((s) => [s.id, s]));
  const edges = new Map<string, Edge>(scenario.system.edges.map((e) => [`${e.from}->${e.to}`, e]));
  const naming = rng.fork('instances');
  const instances: Record<string, string[]> = {};
  const streams = new Map<string, LogStream>();
  for (const svc of scenario.system.services) {
    // Stateful services keep ordinal names, as a StatefulSet would; others get Deployment pod names.
    const stateful = svc.kind === 'database' || svc.kind === 'cache' || svc.kind === 'queue';
    const replicaSet = naming.hex(6);
    instances[svc.id] = Array.from({ length: svc.instances }, (_, i) =>
      stateful ? `${svc.id}-${i}` : `${svc.id}-${replicaSet}-${naming.hex(5)}`,
    );
    for (const inst of instances[svc.id]!) {
      streams.set(inst, logs.streamFor({ service: svc.id, instance: inst, env: 'prod' }));
    }
  }

  const eventTimes = new Map(scenario.timeline.map((e) => [e.id, parseTimestamp(e.at)!]));
  const faults: ActiveFault[] = scenario.faults.map((fault) => ({
    fault,
    fromMs: fault.from ? parseTimestamp(fault.from)! : eventTimes.get(fault.trigger!)!,
    untilMs: fault.until ? parseTimestamp(fault.until)! : Number.POSITIVE_INFINITY,
  }));

  const formatOf = (svc: Service) =>
    svc.logFormat ?? (svc.kind === 'frontend' || svc.kind === 'gateway' ? 'access' : 'json');
  const writers = { access: formatAccess, json: formatJson, logfmt: formatLogfmt };

  const traffic = rng.fork('traffic');
  const latency = rng.fork('latency');
  const ids = rng.fork('ids');
  const outcomes = rng.fork('outcomes');

  const pickSegment = (): Segment | undefined => {
    let r = traffic.next();
    for (const seg of scenario.system.segments) {
      if (r < seg.share) return seg;
      r -= seg.share;
    }
    return undefined;
  };

  const compiled = new Map<string, CompiledEndpoint>();
  for (const svc of scenario.system.services) {
    for (const ep of svc.endpoints) {
      const [method = 'GET', path = '/'] = ep.route.split(' ');
      compiled.set(`${svc.id} ${ep.route}`, {
        service: svc,
        endpoint: ep,
        method,
        path,
        latencyMs: parseDuration(ep.latency)!,
        calls: [],
      });
    }
  }
  for (const ce of compiled.values()) {
    for (const c of ce.endpoint.calls) {
      const edge = edges.get(`${ce.service.id}->${c.service}`)!;
      ce.calls.push({
        callee: compiled.get(`${c.service} ${c.route}`)!,
        route: c.route,
        edge,
        timeoutMs: parseDuration(edge.timeout)!,
      });
    }
  }
  const faultLatency = new Map(faults.map((a) => [a.fault, parseDuration(a.fault.addedLatency)!]));

  const call = (
    ce: CompiledEndpoint,
    atMs: number,
    segment: Segment | undefined,
    traceId: string,
    clientIp: string,
    userAgent: string,
  ): CallResult => {
    const svc = ce.service;
    const instance = traffic.pick(instances[svc.id]!);
    const spanId = ids.hex(16);
    const own = latency.logNormal(ce.latencyMs, 0.35);
    let elapsed = own * 0.5;
    let status = 200;
    let message = 'request completed';
    let level: RequestLog['level'] = 'info';
    let stack: readonly string[] | undefined;

    for (const c of ce.calls) {
      const callee = c.callee.service;
      let ok = false;
      for (let attempt = 0; attempt <= c.edge.retries && !ok; attempt++) {
        const res = call(c.callee, atMs + elapsed, segment, traceId, clientIp, userAgent);
        if (res.durationMs > c.timeoutMs) {
          elapsed += c.timeoutMs;
          status = 504;
          message = `call to ${callee.id} timed out after ${c.edge.timeout}`;
        } else {
          elapsed += res.durationMs;
          ok = res.status < 500;
          if (!ok) {
            status = svc.kind === 'frontend' || svc.kind === 'gateway' ? 502 : 500;
            message = `call to ${callee.id} ${c.route} failed with status ${res.status}`;
          }
        }
      }
      if (!ok) {
        level = 'error';
        break;
      }
    }

    if (status === 200) {
      for (const active of faults) {
        const f = active.fault;
        if (f.service !== svc.id || atMs < active.fromMs || atMs >= active.untilMs) continue;
        if (f.route && f.route !== ce.endpoint.route) continue;
        if (f.segment && f.segment !== segment?.id) continue;
        elapsed += faultLatency.get(f)!;
        if (outcomes.chance(f.errorRate)) {
          status = f.status;
          level = f.log?.level ?? 'error';
          message = f.log?.message ?? `request failed with status ${f.status}`;
          stack = f.log?.stack;
        }
      }
    }
    elapsed += own * 0.5;

    const record: RequestLog = {
      tsMs: Math.round(atMs + elapsed),
      level,
      method: ce.method,
      path: ce.path,
      status,
      durationMs: elapsed,
      clientIp,
      userAgent,
      bytes: status < 400 ? 512 + traffic.int(8000) : 150 + traffic.int(50),
      traceId,
      spanId,
      message,
      instance,
      service: svc.id,
      fields: segment?.attrs,
      stack,
    };
    logs.append(streams.get(instance)!, record.tsMs, writers[formatOf(svc)](record));
    return { status, durationMs: elapsed };
  };

  // Traffic: Poisson arrivals each second for every endpoint users call directly.
  for (const ce of compiled.values()) {
    {
      const rate = ce.endpoint.rate ?? 0;
      if (rate <= 0) continue;
      for (let second = startMs; second < endMs; second += 1000) {
        const n = traffic.poisson(rate);
        for (let i = 0; i < n; i++) {
          const at = second + traffic.next() * 1000;
          const clientIp = `10.${traffic.int(4)}.${traffic.int(256)}.${1 + traffic.int(254)}`;
          call(ce, at, pickSegment(), ids.hex(32), clientIp, traffic.pick(USER_AGENTS));
        }
      }
    }
  }

  // Background noise: periodic lines that have nothing to do with the incident, some of them alarming.
  const noise = rng.fork('noise');
  for (const n of scenario.noise) {
    const svc = services.get(n.service)!;
    const every = parseDuration(n.every)!;
    for (let t = startMs + noise.next() * every; t < endMs; t += every * (0.8 + noise.next() * 0.4)) {
      const instance = noise.pick(instances[svc.id]!);
      logs.append(
        streams.get(instance)!,
        Math.round(t),
        formatEvent(formatOf(svc), Math.round(t), n.level, svc.id, instance, n.message),
      );
    }
  }

  logs.seal();
  return { scenario, seed, startMs, endMs, logs, instances };
}
