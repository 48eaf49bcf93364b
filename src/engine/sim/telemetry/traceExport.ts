import type { AttrValue, SpanKind, SpanShape, TraceStore } from '../../world/traceStore.ts';
import { skewOf } from '../faults/hostSignals.ts';
import type { EpModel, InstModel, SvcModel } from '../model/model.ts';
import type { Run, SegmentModel } from '../run.ts';
import { errorType, portOf } from '../traffic/failures.ts';
import { CLIENT, CONSUMER, ERR_EFFECT, ERR_NONE, PRODUCER, SERVER } from '../traffic/spans.ts';
import { servedBy } from './peerRegions.ts';
import { concretePath, templatedEndpoints } from './requestPaths.ts';

const KIND_NAMES: Readonly<Record<number, SpanKind>> = {
  [SERVER]: 'server',
  [CLIENT]: 'client',
  [PRODUCER]: 'producer',
  [CONSUMER]: 'consumer',
};

/**
 * Attribute sets and names repeat (same instance, route, status, segment), so spans share them: a run's
 * shapes, found by three small-integer keys in turn (where, how, who), so finding one builds no string.
 */
export type SpanShapes = Map<number, Map<number, Map<number, SpanShape>>>;

/** A span's name and attributes. */
interface Described {
  readonly name: string;
  readonly attrs: Readonly<Record<string, AttrValue>>;
}

/** The trace store row of each buffered span, reused from request to request. */
let rows = new Int32Array(256);

const DB_SYSTEMS: Readonly<Record<string, string>> = {
  database: 'postgresql',
  cache: 'redis',
  queue: 'rabbitmq',
};

/**
 * Copies the walked request's spans into the trace store with OpenTelemetry semantic-convention
 * attributes. Databases, caches and queues are not instrumented, so their server side has no span: the
 * client span is the leaf, and a consumer's parent is the producer's span. `place` fills the parameters
 * of the paths the request asked for (see `pathPlace`).
 */
export function exportTrace(run: Run, traceId: string, seg: SegmentModel | undefined, place: number): void {
  const sp = run.spans;
  const { instances, endpoints, services } = run.sys;
  const segIdx = seg ? seg.number : 0;
  const shapes = run.spanShapes;
  if (rows.length < sp.n) rows = new Int32Array(sp.n * 2);
  // A host whose clock is off stamps its spans with its own time.
  const skew = skewOf(run);
  const templated = templatedEndpoints(endpoints);
  for (let i = 0; i < sp.n; i++) {
    const kind = sp.kind[i]!;
    const inst = instances[sp.inst[i]!]!;
    const svc = inst.svc;
    if (!exported(kind, svc)) continue;
    let parent = sp.parent[i]!;
    while (parent >= 0 && !exported(sp.kind[parent]!, instances[sp.inst[parent]!]!.svc))
      parent = sp.parent[parent]!;
    const ep = endpoints[sp.ep[i]!]!;
    const status = sp.status[i]!;
    const err = sp.err[i]!;
    // A lookup of a key that is gone answers 404, which a server span does not count as its own error.
    const notFound = err === ERR_EFFECT && status < 500 && run.effects[sp.effect[i]!]?.lasting === true;
    const failed =
      (err !== ERR_NONE && !notFound) || ((kind === SERVER || kind === CONSUMER) && status >= 500);
    const viaQueue = parent >= 0 && sp.kind[parent] === PRODUCER;
    const effect = sp.effect[i]!;
    // Three numbers name a shape: where (kind, instance, endpoint), how (status, error, attempt, cache miss)
    // and for whom (segment, and the queue a consumer reads).
    const where = (kind * 4096 + inst.idx) * 4096 + ep.idx;
    const how = ((((effect + 2) * 16 + err) * 16 + sp.attempt[i]!) * 2 + sp.miss[i]!) * 1024 + status;
    // A call a failover may re-point is told apart by the instance that served it too.
    const served = kind === CLIENT && run.routed[sp.peer[i]!] === 1 ? servedBy(run, i) : undefined;
    const who =
      segIdx * 4096 + (viaQueue ? sp.peer[parent]! + 1 : 0) + (served ? (served.idx + 1) * 16_777_216 : 0);
    let byHow = shapes.get(where);
    if (!byHow) {
      byHow = new Map();
      shapes.set(where, byHow);
    }
    let byWho = byHow.get(how);
    if (!byWho) {
      byWho = new Map();
      byHow.set(how, byWho);
    }
    let shape = byWho.get(who);
    if (!shape) {
      const { name, attrs } = attributesOf(
        run,
        i,
        kind,
        failed,
        viaQueue ? services[sp.peer[parent]!]!.id : '',
        seg,
      );
      shape = run.traces.shape(svc.id, name, KIND_NAMES[kind]!, failed ? 'error' : 'unset', attrs);
      byWho.set(who, shape);
    }
    rows[i] = run.traces.appendShaped(
      traceId,
      sp.hi(i),
      sp.lo(i),
      parent >= 0 ? rows[parent]! : -1,
      shape,
      Math.round((sp.start[i]! + (skew ? (skew[inst.idx] ?? 0) : 0)) * 1000) / 1000,
      Math.round(sp.dur[i]! * 1000) / 1000,
      templated[ep.idx] === 1 ? pathAttribute(run, kind, ep, place) : 0,
    );
  }
}

/**
 * Whether a span of this kind and service is written: an uninstrumented store has no server side, and a
 * component nobody can see into has no spans at all (the callee's server span hangs under the caller's
 * client span, and the time between them is the hop's).
 */
function exported(kind: number, svc: SvcModel): boolean {
  if (!svc.observed) return false;
  return svc.instrumented || (kind !== SERVER && kind !== CONSUMER);
}

/** The span name and OpenTelemetry attributes of span `i`. */
function attributesOf(
  run: Run,
  i: number,
  kind: number,
  failed: boolean,
  queue: string,
  seg: SegmentModel | undefined,
): Described {
  const sp = run.spans;
  const inst = run.sys.instances[sp.inst[i]!]!;
  const svc = inst.svc;
  const ep = run.sys.endpoints[sp.ep[i]!]!;
  const services = run.sys.services;
  const status = sp.status[i]!;
  const err = sp.err[i]!;
  const attrs: Record<string, AttrValue> = { 'service.name': svc.id, 'service.instance.id': inst.name };
  let name: string;
  if (kind === SERVER || kind === CONSUMER) {
    name = `${ep.method} ${ep.path}`;
    attrs['http.request.method'] = ep.method;
    attrs['http.route'] = ep.path;
    // A templated route's path is the span's own (see `pathAttribute`).
    if (templatedEndpoints(run.sys.endpoints)[ep.idx] === 0) attrs['url.path'] = ep.path;
    attrs['http.response.status_code'] = status;
    if (queue !== '') {
      name = `${queue} process`;
      attrs['messaging.system'] = 'rabbitmq';
      attrs['messaging.operation.type'] = 'process';
      attrs['messaging.destination.name'] = queue;
    }
    if (seg) for (const k in seg.attrs) attrs[`app.user.${k}`] = seg.attrs[k]!;
    if (sp.effect[i]! >= 0 && err !== 2) {
      const e = run.effects[sp.effect[i]!];
      if (e?.flag) attrs['feature_flag.key'] = e.flag;
      if (e?.attrs) Object.assign(attrs, e.attrs);
    }
  } else {
    const callee = services[sp.peer[i]!]!;
    attrs['server.address'] = callee.id;
    attrs['server.port'] = portOf(callee);
    if (run.routed[callee.idx] === 1) whereItWent(run, i, inst, attrs);
    if (kind === PRODUCER) {
      name = `${callee.id} publish`;
      attrs['messaging.system'] = 'rabbitmq';
      attrs['messaging.operation.type'] = 'publish';
      attrs['messaging.destination.name'] = callee.id;
    } else if (callee.instrumented) {
      name = ep.method;
      attrs['http.request.method'] = ep.method;
      if (templatedEndpoints(run.sys.endpoints)[ep.idx] === 0)
        attrs['url.full'] = `http://${callee.id}:8080${ep.path}`;
      if (status > 0) attrs['http.response.status_code'] = status;
      if (sp.attempt[i]! > 0) attrs['http.request.resend_count'] = sp.attempt[i]!;
    } else {
      name = ep.route;
      attrs['db.system'] = DB_SYSTEMS[callee.spec.kind] ?? 'other_sql';
      attrs['db.operation.name'] = ep.method;
      attrs['db.query.text'] = ep.route;
      if (callee.spec.kind === 'cache') attrs['cache.hit'] = sp.miss[i] === 1 ? 'false' : 'true';
      // The key an operation on a hot key names (no other fault marks a store's client span it did not fail).
      const keyed = sp.effect[i]! >= 0 && err !== ERR_EFFECT ? run.effects[sp.effect[i]!]?.attrs : undefined;
      if (keyed) Object.assign(attrs, keyed);
      if (callee.spec.replicaOf !== undefined) attrs['db.replica'] = 'true';
    }
  }
  if (failed) attrs['error.type'] = errorType(run, err, status, sp.effect[i]!);
  return { name, attrs };
}

/**
 * The concrete path of a span at a templated route, as an attribute of its own rather than its shape's (a
 * shape per path would hold thousands of attribute sets): a server span's `url.path`, a client span's
 * `url.full`. 0 for a span that names no path.
 */
function pathAttribute(run: Run, kind: number, ep: EpModel, place: number): number {
  const server = kind === SERVER || kind === CONSUMER;
  if (!server && (kind !== CLIENT || !ep.svc.instrumented)) return 0;
  let ids = pathIds.get(run.traces);
  if (ids === undefined) {
    ids = new Map();
    pathIds.set(run.traces, ids);
  }
  const key = (place * run.sys.endpoints.length + ep.idx) * 2 + (server ? 1 : 0);
  let id = ids.get(key);
  if (id === undefined) {
    const path = concretePath(ep, place, run.site.host);
    id = server
      ? run.traces.ownAttribute('url.path', path)
      : run.traces.ownAttribute('url.full', `http://${ep.svc.id}:8080${path}`);
    ids.set(key, id);
  }
  return id;
}

/** The ids of the path attributes a trace store holds, by place, endpoint and side: made once each. */
const pathIds = new WeakMap<TraceStore, Map<number, number>>();

/**
 * Where a call a failover may re-point went: the caller's region, and the instance that served it and
 * its region (a database's primary, say), so a trace shows which region's calls land where.
 */
function whereItWent(run: Run, i: number, caller: InstModel, attrs: Record<string, AttrValue>): void {
  const served = servedBy(run, i);
  if (caller.region) attrs['cloud.region'] = caller.region;
  if (!served) return;
  attrs['server.address'] = served.name;
  if (served.region) attrs['app.server.region'] = served.region;
}
