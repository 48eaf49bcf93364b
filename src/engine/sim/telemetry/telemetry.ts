import type { Labels } from '../../world/labels.ts';
import type { EpModel, InstModel } from '../model/model.ts';
import { shardOf } from '../model/shards.ts';
import type { Run } from '../run.ts';
import { errorType } from '../traffic/failures.ts';
import { ERR_NONE, ERR_UPSTREAM } from '../traffic/spans.ts';

/** Metric slots of one instance's runtime and resources. */
export interface Telemetry {
  readonly labels: Labels;
  readonly cpu: number;
  readonly throttled: number;
  readonly rss: number;
  readonly wss: number;
  readonly memLimit: number;
  readonly restarts: number;
  readonly gcSum: number;
  readonly gcCount: number;
  readonly fds: number;
  readonly maxFds: number;
  readonly fsAvail: number;
  readonly fsSize: number;
  readonly up: number;
  readonly retrans: number;
  /** Always 1, labelled with the version the instance runs: `count by (version)` tells the builds apart. */
  readonly build: number;
}

const GC_METRIC: Readonly<Record<string, string>> = {
  go: 'go_gc_duration_seconds',
  java: 'jvm_gc_pause_seconds',
  python: 'python_gc_duration_seconds',
  c: 'process_gc_duration_seconds',
};

/** The GC summary a runtime exposes: Go's, the JVM's (Micrometer) or Node's (prom-client). */
export function gcMetric(language: string | undefined): string {
  return GC_METRIC[language ?? ''] ?? 'nodejs_gc_duration_seconds';
}

/** Creates the runtime and resource series of an instance. */
export function instanceTelemetry(run: Run, inst: InstModel): Telemetry {
  const m = run.metrics;
  const shard = shardOf(inst);
  const labels: Labels = {
    service: inst.svc.id,
    instance: inst.name,
    ...(inst.region ? { region: inst.region } : {}),
    ...(shard >= 0 ? { shard: String(shard) } : {}),
  };
  const s = (name: string, extra?: Labels, v = 0) => m.series({ __name__: name, ...labels, ...extra }, v);
  const lim = inst.svc.spec.limits;
  const gc = gcMetric(inst.svc.spec.language);
  return {
    labels,
    cpu: s('process_cpu_seconds_total'),
    throttled: s('container_cpu_cfs_throttled_seconds_total'),
    rss: s('process_resident_memory_bytes'),
    wss: s('container_memory_working_set_bytes'),
    memLimit: s('container_spec_memory_limit_bytes', undefined, lim.memoryMb * 1048576),
    restarts: s('kube_pod_container_status_restarts_total'),
    gcSum: s(`${gc}_sum`),
    gcCount: s(`${gc}_count`),
    fds: s('process_open_fds'),
    maxFds: s('process_max_fds', undefined, lim.fds),
    fsAvail: s('node_filesystem_avail_bytes', { mountpoint: '/data' }),
    fsSize: s('node_filesystem_size_bytes', { mountpoint: '/data' }, lim.diskGb * 1073741824),
    up: s('up', undefined, 1),
    build: s('app_build_info', { version: inst.version }, 1),
    retrans: s('node_netstat_Tcp_RetransSegs'),
  };
}

/**
 * Slots by instance and a second index (a route or a peer service) in one flat array, with the key each
 * was found for (-1: none yet); rows are added as instances are (a scale-out, a replaced pod).
 */
class SlotGrid {
  keys: Int32Array;
  slots: Int32Array;
  private rows = 16;

  constructor(private readonly cols: number) {
    this.keys = new Int32Array(this.rows * cols).fill(-1);
    this.slots = new Int32Array(this.rows * cols).fill(-1);
  }

  /** The cell of an instance and a route or peer. */
  cell(inst: number, col: number): number {
    if (inst >= this.rows) this.grow(inst + 1);
    return inst * this.cols + col;
  }

  private grow(rows: number): void {
    this.rows = Math.max(rows, this.rows * 2);
    const keys = new Int32Array(this.rows * this.cols).fill(-1);
    const slots = new Int32Array(this.rows * this.cols).fill(-1);
    keys.set(this.keys);
    slots.set(this.slots);
    this.keys = keys;
    this.slots = slots;
  }
}

/**
 * Lazily created per-request series, keyed by numbers so the request loop does no string work. Each kind
 * keeps, per instance and route (or peer), the key and slot it found last, so the usual case is two array
 * reads; a key met for the first time in a while is looked up in a map.
 */
export class RequestSlots {
  private readonly requests = new Map<number, number>();
  private readonly hist = new Map<number, number>();
  private readonly clients = new Map<number, number>();
  /** The last status and its request series, per instance and endpoint. */
  private readonly recentRequest: SlotGrid;
  /** The last code and its client series, per instance and peer service. */
  private readonly recentClient: SlotGrid;
  /** The server histogram per instance and endpoint. */
  private readonly serverHist: SlotGrid;
  /** The client histogram per instance and peer service. */
  private readonly clientHist: SlotGrid;

  constructor(private readonly run: Run) {
    this.recentRequest = new SlotGrid(run.sys.endpoints.length);
    this.serverHist = new SlotGrid(run.sys.endpoints.length);
    this.recentClient = new SlotGrid(run.sys.services.length);
    this.clientHist = new SlotGrid(run.sys.services.length);
  }

  /** `http_server_requests_total{service,instance,route,method,status}` */
  request(inst: InstModel, ep: EpModel, status: number): number {
    const recent = this.recentRequest;
    const c = recent.cell(inst.idx, ep.idx);
    if (recent.keys[c] === status) return recent.slots[c]!;
    const key = (inst.idx * 4096 + ep.idx) * 1000 + status;
    let slot = this.requests.get(key);
    if (slot === undefined) {
      slot = this.run.metrics.series({
        __name__: ep.svc.instrumented ? 'http_server_requests_total' : 'db_server_operations_total',
        ...this.run.telemetry[inst.idx]!.labels,
        route: ep.path,
        method: ep.method,
        status: String(status),
      });
      this.requests.set(key, slot);
    }
    recent.keys[c] = status;
    recent.slots[c] = slot;
    return slot;
  }

  /** `http_server_request_duration_seconds{service,instance,route,method}` histogram */
  histogram(inst: InstModel, ep: EpModel): number {
    const grid = this.serverHist;
    const c = grid.cell(inst.idx, ep.idx);
    const known = grid.slots[c]!;
    if (known >= 0) return known;
    const key = inst.idx * 4096 + ep.idx;
    let slot = this.hist.get(key);
    if (slot === undefined) {
      slot = this.run.metrics.histogram('http_server_request_duration_seconds', {
        ...this.run.telemetry[inst.idx]!.labels,
        route: ep.path,
        method: ep.method,
      });
      this.hist.set(key, slot);
    }
    grid.slots[c] = slot;
    return slot;
  }

  /**
   * A client-side latency histogram per caller instance and peer: `http_client_request_duration_seconds`
   * for services, `db_client_operation_duration_seconds` for databases, caches and queues.
   */
  clientHistogram(inst: InstModel, peer: number): number {
    const grid = this.clientHist;
    const c = grid.cell(inst.idx, peer);
    const known = grid.slots[c]!;
    if (known >= 0) return known;
    const key = -(inst.idx * 256 + peer) - 1;
    let slot = this.hist.get(key);
    if (slot === undefined) {
      const name = this.run.sys.services[peer]!.instrumented
        ? 'http_client_request_duration_seconds'
        : 'db_client_operation_duration_seconds';
      slot = this.run.metrics.histogram(name, {
        ...this.run.telemetry[inst.idx]!.labels,
        peer: this.run.sys.services[peer]!.id,
      });
      this.hist.set(key, slot);
    }
    grid.slots[c] = slot;
    return slot;
  }

  /**
   * `http_client_requests_total{service,instance,peer,status}`; status is the code or the error type of
   * client span `span`, spelt out only when the series is first made.
   */
  client(inst: InstModel, peer: number, code: number, span: number): number {
    const recent = this.recentClient;
    const c = recent.cell(inst.idx, peer);
    if (recent.keys[c] === code) return recent.slots[c]!;
    const key = (inst.idx * 256 + peer) * 1024 + code;
    let slot = this.clients.get(key);
    if (slot === undefined) {
      const sp = this.run.spans;
      const err = sp.err[span]!;
      const status =
        err === ERR_NONE || err === ERR_UPSTREAM
          ? String(sp.status[span]!)
          : errorType(this.run, err, sp.status[span]!, sp.effect[span]!);
      const peerSvc = this.run.sys.services[peer]!;
      slot = this.run.metrics.series({
        __name__: peerSvc.instrumented ? 'http_client_requests_total' : 'db_client_operations_total',
        ...this.run.telemetry[inst.idx]!.labels,
        peer: peerSvc.id,
        status,
      });
      this.clients.set(key, slot);
    }
    recent.keys[c] = code;
    recent.slots[c] = slot;
    return slot;
  }
}
