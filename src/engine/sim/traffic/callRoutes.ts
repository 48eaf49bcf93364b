import type { Scenario, TimelineEvent } from '../../scenario/schema.ts';
import type { EpModel, InstModel, SvcModel } from '../model/model.ts';
import type { Run } from '../run.ts';
import { eventLine } from '../telemetry/runtimeLines.ts';

/**
 * A round trip between two regions (coast to coast) that a call pays when its caller and the instance
 * serving it are not in the same region.
 */
export const CROSS_REGION_RTT_MS = 64;

/** Where one region's callers send their calls to a service (or to one of its endpoints) from a time on. */
export interface CallRoute {
  readonly svc: number;
  /** The callee endpoint whose calls move, or -1 for every endpoint of the service. */
  readonly ep: number;
  /** Only the calls that write (a database's primary takes them, its replicas the reads). */
  readonly writes?: boolean;
  /** The callers' region. */
  readonly region: string;
  /** The region whose instances serve them. */
  readonly to: string;
}

/**
 * Which services a failover (or a split database) of the scenario re-points, by service index: their calls are routed and
 * their callers' telemetry says where each call went. A world with no failover has none, and writes what
 * it always wrote.
 */
export function routedServices(scenario: Scenario, services: readonly SvcModel[]): Uint8Array {
  const routed = new Uint8Array(services.length);
  const ids = [
    ...scenario.timeline.flatMap((ev) => (ev.kind === 'failover' && ev.service ? [ev.service] : [])),
    // A database split in two sends each side's writes to its own primary: its calls are routed too.
    ...scenario.faults.flatMap((f) => (f.kind === 'split-brain' ? [f.service] : [])),
  ];
  for (const id of ids) {
    const svc = services.find((s) => s.id === id);
    if (svc) routed[svc.idx] = 1;
  }
  return routed;
}

/**
 * The region whose instances serve a call from `region` to `callee`: the latest failover of that region's
 * calls to the endpoint (or to the whole service) wins; otherwise the caller's own region.
 */
export function routedRegion(run: Run, callee: EpModel, region: string): string {
  const routes = run.callRoutes;
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]!;
    if (
      r.svc === callee.svc.idx &&
      r.region === region &&
      (r.ep < 0 || r.ep === callee.idx) &&
      (r.writes !== true || callee.write)
    )
      return r.to;
  }
  return region;
}

/**
 * Applies a failover event: from `at`, callers in the event's region send their calls to `service` (or
 * to its `route`) to the instances in region `to`. When the window shows it, the instance taking the
 * calls says it is promoted and every caller in the region says where its connections now go.
 */
export function applyFailover(run: Run, ev: TimelineEvent, at: number, visible: boolean): void {
  const svc = run.sys.byId.get(ev.service ?? '');
  if (!svc || !ev.region || !ev.to) return;
  const ep = ev.route ? svc.endpoints.find((e) => e.route === ev.route) : undefined;
  run.callRoutes.push({ svc: svc.idx, ep: ep ? ep.idx : -1, region: ev.region, to: ev.to });
  if (!visible) return;
  const all = run.sys.instances;
  const target = svc.active.map((i) => all[i]!).find((inst) => inst.region === ev.to);
  if (target) promotedLines(run, target, at, ev);
  const what = ev.route ? `${svc.id} ${ev.route}` : svc.id;
  const where = target ? `${target.name} (${ev.to})` : ev.to;
  for (const caller of run.sys.services) {
    if (!caller.instrumented || !callsService(run, caller, svc)) continue;
    for (const i of caller.active) {
      const inst = all[i]!;
      if (inst.region !== ev.region) continue;
      const t = at + 500 + (inst.slot % 8) * 150;
      run.sink.push(
        run.streams[inst.idx]!,
        t,
        eventLine(run, inst, t, 'warn', `connections to ${what} re-pointed to ${where}`),
      );
    }
  }
}

/** Whether a service calls another directly. */
function callsService(run: Run, caller: SvcModel, callee: SvcModel): boolean {
  return run.sys.edgeByKey.has(`${caller.id}->${callee.id}`);
}

/** What the instance taking the calls logs: a database's promotion, or a service's new traffic. */
function promotedLines(run: Run, inst: InstModel, at: number, ev: TimelineEvent): void {
  const stream = run.streams[inst.idx]!;
  const who = ev.automated ? 'failover controller' : 'operator';
  const lines =
    inst.svc.format === 'postgres'
      ? [
          `received promote request (${who})`,
          'redo done at 0/5A3C1F8',
          'selected new timeline ID: 2',
          'archive recovery complete',
          'database system is ready to accept connections',
        ]
      : [`now serving ${ev.region} calls (failover by ${who})`];
  lines.forEach((message, k) => {
    const t = at + 200 + k * 40;
    run.sink.push(stream, t, eventLine(run, inst, t, 'info', message));
  });
}
