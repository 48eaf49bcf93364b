import type { Scenario, Service } from '../../scenario/schema.ts';
import { parseDuration, parseTimestamp } from '../../scenario/units.ts';
import type { Rng } from './rng.ts';

/** How a service writes logs; resolved from its kind and language when the scenario leaves it out. */
export type LogFormat = 'access' | 'json' | 'logfmt' | 'logback' | 'postgres' | 'redis';

/** A service ready for the request loop: everything parsed, instances named. */
export interface SvcModel {
  readonly idx: number;
  readonly id: string;
  readonly spec: Service;
  readonly format: LogFormat;
  /** Services with OpenTelemetry instrumentation write server spans and one log line per request. */
  readonly instrumented: boolean;
  /** False for a component nobody can see into: it writes no logs, metrics or spans of its own. */
  readonly observed: boolean;
  readonly proxy: boolean;
  /** Instance indexes serving now; a deploy replaces them. */
  active: number[];
  /** Requests one instance works on at once (`concurrency`), or 0 for no limit. */
  readonly concurrency: number;
  /** Requests it took, the milliseconds they took and the calls it refused in the current tick. */
  accepted: number;
  heldMs: number;
  refused: number;
  /** Share of the calls it refuses this tick, its workers all busy (see `updateWorkers`). */
  refuseShare: number;
  version: string;
  endpoints: EpModel[];
}

/** One instance (a pod) and the resource state the tick loop keeps for it. */
export interface InstModel {
  readonly idx: number;
  readonly svc: SvcModel;
  readonly name: string;
  readonly region: string;
  /** Its place among the service's instances, from 0: the pod that replaces it takes the same place. */
  readonly slot: number;
  /** The version of the code it runs: the service's when it started, unless a change gave it another. */
  version: string;
  /** CPU milliseconds spent in the current tick. */
  busyMs: number;
  /** Requests it began serving since its autoscaler last looked (read only for a service that has one). */
  served: number;
  /** Utilisation over the last tick, 0..1+, drives queueing delay. */
  util: number;
  cpuSeconds: number;
  memBytes: number;
  restarts: number;
  /** The container died then; connections in flight are reset, new ones refused until `downUntil`. */
  killedAt: number;
  /** Requests to the instance are refused until then (a container restarting). */
  downUntil: number;
  gcCount: number;
  gcSeconds: number;
  /** A stop-the-world pause in the current tick, or NaN. */
  pauseStart: number;
  pauseEnd: number;
  fds: number;
  diskUsed: number;
  /** Still serving (false once a deploy replaced it). */
  live: boolean;
}

/** An endpoint with durations parsed and calls resolved, so the request loop does no lookups. */
export interface EpModel {
  readonly idx: number;
  readonly svc: SvcModel;
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly latencyMs: number;
  readonly cpuMs: number;
  readonly rate: number;
  readonly write: boolean;
  calls: CallModel[];
  /** Declared metrics (by index in `metrics`) driven by the successful requests here. */
  counters: number[];
}

/** A call from one endpoint to another over an edge. */
export interface CallModel {
  readonly callee: EpModel;
  readonly edge: EdgeModel;
  readonly onMiss: boolean;
  readonly async: boolean;
}

/** A call edge and its state per tick: pool use, effective retries and cache hit ratio. */
export interface EdgeModel {
  readonly idx: number;
  readonly from: SvcModel;
  readonly to: SvcModel;
  readonly timeoutMs: number;
  retries: number;
  readonly pool: number;
  readonly poolTimeoutMs: number;
  hitRatio: number;
  /** Milliseconds connections were held during the current tick (Little's law gives the pool demand). */
  heldMs: number;
  calls: number;
  /** Calls that reached the callee (the ones that held a connection). */
  reached: number;
  /** Pool state from the last tick, per caller instance. */
  inUse: number;
  pending: number;
  /** Chance a request times out waiting for a pooled connection. */
  poolFail: number;
  /** Mean wait for a pooled connection in milliseconds. */
  poolWaitMs: number;
  /** Messages waiting in a queue on this edge, and the lag they cause. */
  depth: number;
  lagMs: number;
  published: number;
}

/**
 * The compiled system. A class, not an object literal: V8 makes a literal's template the second time it
 * runs, which throws away the code compiled for the first one's objects (see `RunRngs`).
 */
export class SystemModel {
  readonly services: SvcModel[] = [];
  readonly byId = new Map<string, SvcModel>();
  readonly instances: InstModel[] = [];
  readonly endpoints: EpModel[] = [];
  readonly edges: EdgeModel[] = [];
  readonly edgeByKey = new Map<string, EdgeModel>();

  constructor(
    readonly startMs: number,
    readonly endMs: number,
  ) {}
}

const STATEFUL = new Set(['database', 'cache', 'queue']);

/** The log format a service writes when the scenario does not say. */
export function defaultFormat(svc: Service): LogFormat {
  if (svc.logFormat) return svc.logFormat;
  if (svc.kind === 'frontend' || svc.kind === 'gateway') return 'access';
  if (svc.kind === 'database') return 'postgres';
  if (svc.kind === 'cache' || svc.kind === 'queue') return 'redis';
  if (svc.language === 'go') return 'logfmt';
  if (svc.language === 'java') return 'logback';
  return 'json';
}

/** Creates an instance of a service; stateful services keep ordinal names as a StatefulSet does. */
export function newInstance(
  sys: SystemModel,
  svc: SvcModel,
  ordinal: number,
  replicaSet: string,
  rng: Rng,
): InstModel {
  const regions = svc.spec.regions;
  const name = STATEFUL.has(svc.spec.kind) ? `${svc.id}-${ordinal}` : `${svc.id}-${replicaSet}-${rng.hex(5)}`;
  const inst: InstModel = {
    idx: sys.instances.length,
    svc,
    name,
    region: regions.length > 0 ? regions[ordinal % regions.length]! : '',
    slot: ordinal,
    version: svc.version,
    busyMs: 0,
    served: 0,
    util: 0,
    cpuSeconds: 3600 * (1 + rng.next() * 40),
    memBytes: svc.spec.limits.memoryMb * 1048576 * (0.35 + rng.next() * 0.1),
    restarts: 0,
    killedAt: Number.POSITIVE_INFINITY,
    downUntil: Number.NEGATIVE_INFINITY,
    gcCount: Math.floor(rng.next() * 5000),
    gcSeconds: rng.next() * 20,
    pauseStart: Number.NaN,
    pauseEnd: Number.NaN,
    fds: 40 + rng.int(60),
    diskUsed: svc.spec.limits.diskGb * 1073741824 * (0.3 + rng.next() * 0.2),
    live: true,
  };
  sys.instances.push(inst);
  return inst;
}

/** Compiles a scenario's system: parses durations, resolves calls and edges, names instances. */
export function compileSystem(scenario: Scenario, rng: Rng): SystemModel {
  const sys = new SystemModel(parseTimestamp(scenario.window.start)!, parseTimestamp(scenario.window.end)!);
  for (const spec of scenario.system.services) {
    const svc: SvcModel = {
      idx: sys.services.length,
      id: spec.id,
      spec,
      format: defaultFormat(spec),
      instrumented: !STATEFUL.has(spec.kind),
      observed: spec.observed !== false,
      proxy: spec.kind === 'frontend' || spec.kind === 'gateway',
      active: [],
      concurrency: spec.concurrency ?? 0,
      accepted: 0,
      heldMs: 0,
      refused: 0,
      refuseShare: 0,
      version: spec.version,
      endpoints: [],
    };
    sys.services.push(svc);
    (sys.byId as Map<string, SvcModel>).set(spec.id, svc);
    const replicaSet = rng.hex(6);
    for (let i = 0; i < spec.instances; i++) svc.active.push(newInstance(sys, svc, i, replicaSet, rng).idx);
    for (const ep of spec.endpoints) {
      const [method = 'GET', ...rest] = ep.route.split(' ');
      const latencyMs = parseDuration(ep.latency)!;
      const model: EpModel = {
        idx: sys.endpoints.length,
        svc,
        route: ep.route,
        method,
        path: rest.join(' ') || '/',
        latencyMs,
        cpuMs: ep.cpu ? parseDuration(ep.cpu)! : latencyMs / 4,
        rate: ep.rate ?? 0,
        write: /^(POST|PUT|PATCH|DELETE|INSERT|UPDATE|DELETE|COPY|SET|LPUSH|XADD|PUBLISH)\b/i.test(ep.route),
        calls: [],
        counters: [],
      };
      svc.endpoints.push(model);
      sys.endpoints.push(model);
    }
  }
  for (const e of scenario.system.edges) {
    const edge: EdgeModel = {
      idx: sys.edges.length,
      from: sys.byId.get(e.from)!,
      to: sys.byId.get(e.to)!,
      timeoutMs: parseDuration(e.timeout)!,
      retries: e.retries,
      pool: e.pool ?? 0,
      poolTimeoutMs: parseDuration(e.poolTimeout)!,
      hitRatio: e.hitRatio,
      heldMs: 0,
      calls: 0,
      reached: 0,
      inUse: 0,
      pending: 0,
      poolFail: 0,
      poolWaitMs: 0,
      depth: 0,
      lagMs: 0,
      published: 0,
    };
    sys.edges.push(edge);
    (sys.edgeByKey as Map<string, EdgeModel>).set(`${e.from}->${e.to}`, edge);
  }
  for (const svc of sys.services) {
    svc.spec.endpoints.forEach((ep, i) => {
      const model = svc.endpoints[i]!;
      for (const c of ep.calls) {
        const callee = sys.byId.get(c.service)!;
        // A call made several times per request (a fan-out) is that many calls, one after another.
        for (let k = 0; k < (c.times ?? 1); k++)
          model.calls.push({
            callee: callee.endpoints.find((x) => x.route === c.route)!,
            edge: sys.edgeByKey.get(`${svc.id}->${c.service}`)!,
            onMiss: c.onMiss,
            async: c.async,
          });
      }
    });
  }
  return sys;
}

/** Copies an object's fields that hold plain values (numbers, strings, booleans), leaving its references. */
export function copyScalars<T extends object>(to: T, from: T): void {
  const target = to as Record<string, unknown>;
  for (const [k, v] of Object.entries(from)) if (typeof v !== 'object' || v === null) target[k] = v;
}

/**
 * Brings `to`, a system compiled from the same scenario, to the state `from` has reached: each instance's
 * resources, which instances serve, versions and edge state. Instances `from` started since it was
 * compiled are copied into `to` too; they are returned, to be registered with `to`'s run.
 */
export function copySystemState(from: SystemModel, to: SystemModel): InstModel[] {
  const added: InstModel[] = [];
  for (const inst of from.instances) {
    const own = to.instances[inst.idx];
    if (own) copyScalars(own, inst);
    else {
      const copy: InstModel = { ...inst, svc: to.services[inst.svc.idx]! };
      to.instances.push(copy);
      added.push(copy);
    }
  }
  for (const svc of from.services) {
    const own = to.services[svc.idx]!;
    copyScalars(own, svc);
    own.active = [...svc.active];
  }
  for (const edge of from.edges) copyScalars(to.edges[edge.idx]!, edge);
  return added;
}
