import { didYouMean } from './diagnostics.ts';
import type { FaultKind } from './faultKinds.ts';
import { faultStartText } from './faultStart.ts';
import type { Scenario, Service } from './schema.ts';
import { formatDuration, parseDuration, parseTimestamp } from './units.ts';

type Add = (path: PropertyKey[], message: string) => void;

/** Kinds that act on a call edge and need `edge:`. */
const EDGE_KINDS: ReadonlySet<FaultKind> = new Set([
  'edge-latency',
  'packet-loss',
  'dns-failure',
  'retry-storm',
  'connection-pool-exhaustion',
  'cache-stampede',
  'credential-rotation',
  'quota-exhausted',
  'thundering-herd',
]);

/** Kinds whose only symptom is what the author declares, so they must declare one. */
const DECLARED_KINDS: ReadonlySet<FaultKind> = new Set(['timezone-defect', 'silent-data-error', 'custom']);

/** Kinds that act on a call's shared state (its connection pool, its cache), which every region shares. */
const SHARED_STATE: Partial<Readonly<Record<FaultKind, string>>> = {
  'cache-stampede': 'cache',
  'connection-pool-exhaustion': 'connection pool',
};

/**
 * Checks each fault against the system: its service, edge, route, segment, region and trigger exist, the
 * kind has the parameters it needs, and it can leave a symptom.
 */
export function checkFaults(
  s: Scenario,
  services: ReadonlyMap<string, Service>,
  segments: readonly string[],
  events: readonly string[],
  edgeKeys: ReadonlySet<string>,
  add: Add,
): void {
  const serviceIds = [...services.keys()];
  // A fault's `counter` multiplies what a request counts, so it names a counter driven by requests.
  const metricNames = [
    ...new Set(s.metrics.filter((m) => (m.type ?? 'counter') === 'counter' && m.route).map((m) => m.name)),
  ];
  const faultIds = s.faults.map((f) => f.id);
  faultIds.forEach((fid, i) => {
    if (faultIds.indexOf(fid) !== i) add(['faults', i, 'id'], `duplicate fault id "${fid}"`);
  });
  s.faults.forEach((f, i) => {
    const at = (...rest: PropertyKey[]) => ['faults', i, ...rest];
    const svc = services.get(f.service);
    if (!svc) add(at('service'), `unknown service "${f.service}"${didYouMean(f.service, serviceIds)}`);
    else if (f.route) {
      // On an edge the route is the callee's operation the caller calls (a query, an endpoint of the peer).
      const owner = f.edge ? services.get(f.edge.to) : svc;
      const routes = owner?.endpoints.map((e) => e.route) ?? [];
      if (owner && !routes.includes(f.route))
        add(at('route'), `"${owner.id}" has no route "${f.route}"${didYouMean(f.route, routes)}`);
    }
    if (svc && f.region && !svc.regions.includes(f.region)) {
      add(at('region'), `"${f.service}" runs in no region "${f.region}"${didYouMean(f.region, svc.regions)}`);
    } else if (f.region && SHARED_STATE[f.kind]) {
      add(
        at('region'),
        `a ${f.kind} fault acts on the call's ${SHARED_STATE[f.kind]}, which every region shares: \`region\` cannot narrow it; vary the service or the edge instead, or remove \`region\``,
      );
    }
    if (f.segment && !segments.includes(f.segment))
      add(at('segment'), `unknown segment "${f.segment}"${didYouMean(f.segment, [...segments])}`);
    if (f.trigger && !events.includes(f.trigger))
      add(at('trigger'), `unknown timeline event "${f.trigger}"${didYouMean(f.trigger, [...events])}`);
    f.enabledBy.forEach((e, j) => {
      if (!events.includes(e))
        add([...at('enabledBy'), j], `unknown timeline event "${e}"${didYouMean(e, [...events])}`);
    });
    if (!f.trigger && !f.from && !f.releasedBy) {
      add(
        at(),
        f.kind === 'thundering-herd'
          ? 'a thundering-herd needs `releasedBy` (the fault whose end lets the waiting clients back in), a `trigger` or a `from` time'
          : 'a fault needs a `trigger` (a timeline event) or a `from` time: faults do not appear from nowhere',
      );
    }
    if (f.releasedBy !== undefined) checkRelease(s, i, add);
    if (f.edge) {
      if (f.edge.from !== f.service)
        add(at('edge', 'from'), `the edge must start at the fault's service "${f.service}"`);
      if (!edgeKeys.has(`${f.edge.from}->${f.edge.to}`))
        add(at('edge'), `system.edges has no edge from ${f.edge.from} to ${f.edge.to}`);
    } else if (EDGE_KINDS.has(f.kind)) {
      add(at(), `a ${f.kind} fault acts on a call edge: add \`edge: { from: ${f.service}, to: <callee> }\``);
    }
    if (f.kind === 'connection-pool-exhaustion' && f.edge) {
      const edge = s.system.edges.find((e) => e.from === f.edge!.from && e.to === f.edge!.to);
      if (edge && edge.pool === undefined)
        add(at('edge'), 'connection-pool-exhaustion needs a pool on the edge: set `pool:` in system.edges');
    }
    if (f.kind === 'thundering-herd' && f.edge && svc) checkHerdEntry(s, i, add);
    if (f.kind === 'cache-stampede' && f.edge && services.get(f.edge.to)?.kind !== 'cache')
      add(at('edge', 'to'), 'cache-stampede acts on an edge to a service of kind cache');
    if ((f.kind === 'queue-backlog' || f.kind === 'poison-message') && svc && !receivesAsync(s, f.service))
      add(at('service'), `${f.kind} needs "${f.service}" to consume from a queue (an async call to it)`);
    if (f.kind === 'data-loss') checkDataLoss(s, f, at, add);
    else if (f.restorable !== undefined)
      add(
        at('restorable'),
        `only a data-loss fault deletes data a restore could bring back; remove \`restorable\``,
      );
    if (f.kind === 'split-brain' && svc) {
      checkSplitBrain(svc, f.region, at, add);
      // Once split, the two sides stay apart (replication does not start again by itself): a second split
      // of the same database has nothing left to split, and its gauges would be written twice.
      const earlier = s.faults.findIndex(
        (g, j) => j < i && g.kind === 'split-brain' && g.service === f.service,
      );
      if (earlier >= 0)
        add(
          at('service'),
          `"${f.service}" already splits in faults[${earlier}]${s.faults[earlier]!.id ? ` ("${s.faults[earlier]!.id}")` : ''}: once split, its sides stay apart until reconciled; keep one split-brain fault on it`,
        );
    }
    if (
      DECLARED_KINDS.has(f.kind) &&
      !f.log &&
      !f.counter &&
      !f.metrics?.length &&
      f.errorRate === undefined &&
      !f.addedLatency
    ) {
      add(
        at(),
        `a ${f.kind} fault has no built-in symptom: declare \`log\`, \`counter\`, \`metrics\`, \`errorRate\` or \`addedLatency\``,
      );
    }
    if (f.rampUp && f.until) {
      const fromMs = parseTimestamp(faultStartText(s, f) ?? '');
      const lastsMs = fromMs === undefined ? undefined : parseTimestamp(f.until)! - fromMs;
      if (lastsMs !== undefined && lastsMs > 0 && parseDuration(f.rampUp)! > lastsMs)
        add(
          at('rampUp'),
          `the fault ends at ${f.until}, ${formatDuration(lastsMs)} after it starts, before its ${f.rampUp} ramp is over: shorten \`rampUp\` to ${formatDuration(lastsMs)} or less, or move \`until\``,
        );
    }
    if (f.counter && !metricNames.includes(f.counter.name)) {
      add(
        at('counter', 'name'),
        `unknown business metric "${f.counter.name}"${didYouMean(f.counter.name, metricNames)}: declare it under metrics, a counter with a \`route\` (for other metrics, use the fault's \`metrics\`)`,
      );
    }
  });
}

/**
 * `releasedBy` names another fault, one that ends (its `until`), and stands instead of a start: the herd
 * is the clients that waited out that fault coming back when it is over.
 */
function checkRelease(s: Scenario, i: number, add: Add): void {
  const f = s.faults[i]!;
  const at = ['faults', i, 'releasedBy'];
  if (f.kind !== 'thundering-herd') {
    add(
      at,
      `only a thundering-herd is released by another fault's end; give this ${f.kind} a \`trigger\` or \`from\``,
    );
    return;
  }
  if (f.trigger || f.from) {
    add(
      at,
      'a herd released by a fault starts when that fault ends: remove `trigger` and `from`, or `releasedBy`',
    );
    return;
  }
  const others = s.faults.filter((o) => o !== f).map((o) => o.id);
  const released = s.faults.find((o) => o !== f && o.id === f.releasedBy);
  if (!released) {
    add(
      at,
      f.releasedBy === f.id
        ? 'a herd cannot be released by its own end: name the outage the clients waited out'
        : `unknown fault "${f.releasedBy}"${didYouMean(f.releasedBy!, others)}${others.length === 0 ? ': add the outage the clients waited out to faults' : ''}`,
    );
  } else if (!released.until) {
    add(
      at,
      `fault "${released.id}" never ends (it has no \`until\`), so nobody comes back: give it an \`until\`, the moment the herd is released`,
    );
  }
}

/** The herd is the users of an endpoint of the caller that calls the flooded service, all coming back at once. */
function checkHerdEntry(s: Scenario, i: number, add: Add): void {
  const f = s.faults[i]!;
  const caller = s.system.services.find((x) => x.id === f.service);
  const entries = (caller?.endpoints ?? []).filter((ep) => (ep.rate ?? 0) > 0);
  if (entries.some((ep) => ep.calls.some((c) => c.service === f.edge!.to && !c.async))) return;
  const callers = s.system.services
    .filter((x) =>
      x.endpoints.some((ep) => (ep.rate ?? 0) > 0 && ep.calls.some((c) => c.service === f.edge!.to)),
    )
    .map((x) => x.id);
  add(
    ['faults', i, 'service'],
    `a thundering-herd is the users of "${f.service}" coming back at once, so it needs an endpoint of "${f.service}" that users call (a \`rate\`) and that calls "${f.edge!.to}"${callers.length > 0 ? `; such endpoints are on ${callers.join(', ')}` : ''}`,
  );
}

/** A service consumes from a queue when some queue endpoint calls it. */
function receivesAsync(s: Scenario, serviceId: string): boolean {
  return s.system.services.some(
    (svc) => svc.kind === 'queue' && svc.endpoints.some((e) => e.calls.some((c) => c.service === serviceId)),
  );
}

/** Checks timeline events that need a service or a number, and calls marked async or onMiss. */
export function checkTimelineAndCalls(s: Scenario, services: ReadonlyMap<string, Service>, add: Add): void {
  s.timeline.forEach((e, i) => {
    if ((e.kind === 'deploy' || e.kind === 'rollback') && !e.service)
      add(['timeline', i], `a ${e.kind} names the \`service\` it rolls out`);
    if (e.kind === 'traffic' && e.factor === undefined)
      add(['timeline', i], 'a traffic shift needs `factor`, the new multiplier of every rate');
    if (e.route !== undefined)
      checkShiftedRoute(e, services, (message) => add(['timeline', i, 'route'], message));
  });
  s.system.services.forEach((svc, si) => {
    svc.endpoints.forEach((ep, ei) => {
      ep.calls.forEach((c, ci) => {
        const path = ['system', 'services', si, 'endpoints', ei, 'calls', ci];
        if (c.async && services.get(c.service)?.kind !== 'queue')
          add([...path, 'async'], 'only calls to a service of kind queue are async');
        if (c.onMiss && services.get(ep.calls[ci - 1]?.service ?? '')?.kind !== 'cache')
          add([...path, 'onMiss'], 'onMiss follows a call to a service of kind cache');
        if (c.times !== undefined && c.times > 1 && c.async)
          add(
            [...path, 'times'],
            'an async call is published once per request: drop `times`, or fan out in the consumer',
          );
      });
    });
  });
}

/**
 * A traffic shift naming a route multiplies that entry endpoint's rate only: it needs the service, and
 * the route must be one users call (one with a `rate`).
 */
function checkShiftedRoute(
  e: Scenario['timeline'][number],
  services: ReadonlyMap<string, Service>,
  add: (message: string) => void,
): void {
  // A failover's route is checked with the failover (see `checkTopologyRefs`).
  if (e.kind === 'failover') return;
  if (e.kind !== 'traffic') {
    add('only a traffic shift or a failover names a `route`; remove it');
    return;
  }
  const svc = e.service ? services.get(e.service) : undefined;
  if (!svc) {
    add('a traffic shift of one route names its `service` too');
    return;
  }
  const entries = svc.endpoints.filter((ep) => (ep.rate ?? 0) > 0).map((ep) => ep.route);
  if (!entries.includes(e.route!))
    add(
      `"${svc.id}" has no endpoint users call named "${e.route}"${didYouMean(e.route!, entries)}: a shift multiplies the rate of one with a \`rate\``,
    );
}

/** Services whose data lives in a database: the database itself, or a service that calls one. */
export function dataStoresOf(s: Scenario, service: string): string[] {
  const kinds = new Map(s.system.services.map((x) => [x.id, x.kind]));
  if (kinds.get(service) === 'database') return [service];
  return s.system.edges.filter((e) => e.from === service && kinds.get(e.to) === 'database').map((e) => e.to);
}

/** A data-loss fault deletes rows of a database its service reads, at the pace of its script. */
function checkDataLoss(
  s: Scenario,
  f: Scenario['faults'][number],
  at: (...p: PropertyKey[]) => PropertyKey[],
  add: Add,
): void {
  if (s.system.services.some((x) => x.id === f.service) && dataStoresOf(s, f.service).length === 0) {
    const keepers = s.system.services.filter((x) => dataStoresOf(s, x.id).length > 0).map((x) => x.id);
    add(
      at('service'),
      `data-loss needs "${f.service}" to keep its data in a database: a service of kind database, or one with an edge to one${keepers.length > 0 ? ` (${keepers.slice(0, 5).join(', ')} do)` : ''}`,
    );
  }
  if (f.rampUp)
    add(
      at('rampUp'),
      'a data-loss fault deletes at the pace of its script: set `severity` (how fast it goes) and remove `rampUp`',
    );
}

/**
 * A split brain needs a database with instances in two regions at least (a primary, not a read replica of
 * one), and the region whose replica was promoted (`region`): the other regions keep the old primary.
 */
function checkSplitBrain(
  svc: Service,
  region: string | undefined,
  at: (...rest: PropertyKey[]) => PropertyKey[],
  add: Add,
): void {
  if (svc.kind !== 'database') {
    add(at('service'), `split-brain acts on a database's primaries; "${svc.id}" is a ${svc.kind}`);
    return;
  }
  if (svc.replicaOf !== undefined) {
    add(
      at('service'),
      `split-brain acts on a database's primaries; "${svc.id}" is a read replica of "${svc.replicaOf}", which takes the writes: name "${svc.replicaOf}" as the service`,
    );
    return;
  }
  if (svc.regions.length < 2 || svc.instances < 2) {
    add(
      at('service'),
      `split-brain needs "${svc.id}" in two regions at least, an instance in each: set \`instances\` and \`regions\``,
    );
    return;
  }
  if (!region)
    add(
      at(),
      `split-brain names the region whose replica was promoted while the old primary kept its writes: add \`region:\` (one of ${svc.regions.map((r) => `"${r}"`).join(', ')})`,
    );
}
