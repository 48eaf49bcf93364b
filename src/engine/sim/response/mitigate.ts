import type { FaultKind } from '../../scenario/faultKinds.ts';
import type { TimelineEvent } from '../../scenario/schema.ts';
import { parseDuration, parseTimestamp } from '../../scenario/units.ts';
import type { LogStream } from '../../world/logStore.ts';
import { jobServiceOf, restoreData } from '../faults/dataLoss.ts';
import type { InstModel, SvcModel } from '../model/model.ts';
import { newInstance } from '../model/model.ts';
import { STARTUP_MS, scaleReplicas } from '../model/replicas.ts';
import type { Run } from '../run.ts';
import { k8sEvent } from '../telemetry/runtimeLines.ts';
import { instanceStarted } from '../traffic/resources.ts';
import type { Mitigation } from './palette.ts';

/** Faults that live in a service's code: a hot fix of that service ends them. */
const CODE_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  'bad-deploy',
  'flag-rollout',
  'timezone-defect',
  'silent-data-error',
  'custom',
  'memory-leak',
  'cache-stampede',
  'poison-message',
  // A fixed client spreads its reconnects: the burst behind it is over.
  'thundering-herd',
]);

/** Kinds whose services keep their disk across a restart, as a StatefulSet keeps its volumes. */
const STATEFUL = new Set(['database', 'cache', 'queue']);

/** How long a renewed certificate is valid. */
const YEAR_MS = 365 * 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Applies a mitigation to a run at `atMs` (the run has reached the tick holding it) and returns the change
 * it makes, as the change log records it. Nothing here decides the outcome: the action changes the system
 * (versions, instances, routes, limits, which faults are still in force) and the request and resource
 * models play it out, so a rollback that ends a bad deploy's fault clears its errors while a restart of a
 * leaking service only resets the leak.
 */
export function applyMitigation(run: Run, m: Mitigation, atMs: number): TimelineEvent {
  const doneMs = atMs + (parseDuration(m.cost) ?? 0);
  const svc = m.service ? run.sys.byId.get(m.service) : undefined;
  const change = {
    id: `mitigation-${m.id.replace(/[:/]/g, '-')}`,
    at: iso(atMs),
    author: 'you (incident response)',
  };
  switch (m.kind) {
    case 'rollback': {
      const ev = run.scenario.timeline.find((e) => e.id === m.event)!;
      const target = run.sys.byId.get(ev.service ?? '')!;
      endFaults(run, setOffBy(ev.id), doneMs);
      const version = previousVersion(run, ev);
      rollOut(run, target, atMs, doneMs, version, `rollback to ${version}`);
      return { ...change, kind: 'rollback', service: target.id, version, description: m.label };
    }
    case 'revert': {
      const ev = run.scenario.timeline.find((e) => e.id === m.event)!;
      endFaults(run, setOffBy(ev.id), doneMs);
      const revert: TimelineEvent = {
        ...change,
        at: iso(doneMs),
        kind: ev.kind,
        ...(ev.service ? { service: ev.service } : {}),
        ...(ev.key ? { key: ev.key, value: 'previous value restored' } : {}),
        description: m.label,
      };
      schedule(run, revert);
      return revert;
    }
    case 'renew': {
      // The new certificate is in place once the action is done: what its expiry broke works again.
      const ev = run.scenario.timeline.find((e) => e.id === m.event)!;
      endFaults(run, setOffBy(ev.id), doneMs);
      const renewed: TimelineEvent = {
        ...change,
        at: iso(doneMs),
        kind: 'certificate',
        ...(ev.service ? { service: ev.service } : {}),
        ...(ev.region ? { region: ev.region } : {}),
        expires: iso(doneMs + YEAR_MS),
        description: `${m.label} (valid until ${iso(doneMs + YEAR_MS).slice(0, 10)})`,
      };
      schedule(run, renewed);
      return renewed;
    }
    case 'restart':
      // A job running in one of the pods dies with it: its deletions stop, what it deleted stays deleted.
      endFaults(run, (e) => e.kind === 'data-loss' && jobServiceOf(run, e) === svc, atMs + STARTUP_MS);
      // A restart brings each pod back with the code it ran: one left on an old version stays on it.
      rollOut(run, svc!, atMs, doneMs, undefined, 'rollout restart');
      run.resetAt[svc!.idx] = doneMs;
      return { ...change, kind: 'deploy', service: svc!.id, version: svc!.version, description: m.label };
    case 'hotfix': {
      // A fixed caller stops sending every operation to one key (it spreads or caches it): the key cools.
      endFaults(
        run,
        (e) =>
          (e.svc === svc && CODE_FAULTS.has(e.kind)) || (e.kind === 'hot-key' && callsInto(run, svc!, e.svc)),
        doneMs,
      );
      const version = `${svc!.version}-hotfix.1`;
      rollOut(run, svc!, atMs, doneMs, version, 'hot fix');
      run.resetAt[svc!.idx] = doneMs;
      return { ...change, kind: 'deploy', service: svc!.id, version, description: m.label };
    }
    case 'scale':
      scaleReplicas(run, svc!, m.instances!, atMs);
      return {
        ...change,
        kind: 'config',
        service: svc!.id,
        key: 'replicas',
        value: String(m.instances),
        description: m.label,
      };
    case 'failover':
      run.regionRoutes.push({ region: m.region!, to: m.to!, fromMs: doneMs });
      // Its users gone to the other side, the promoted primary takes no more writes: one primary is left.
      endFaults(run, (e) => e.kind === 'split-brain' && e.fault.region === m.region, doneMs);
      return {
        ...change,
        kind: 'traffic',
        key: `route.${m.region}`,
        value: m.to!,
        region: m.region!,
        description: m.label,
      };
    case 'rate-limit':
      run.limits.push({ segment: m.segment!, allow: m.allow ?? 0, fromMs: doneMs });
      return {
        ...change,
        kind: 'config',
        key: `ratelimit.${m.segment}`,
        value: `${Math.round((m.allow ?? 0) * 100)}%`,
        description: m.label,
      };
    case 'restore':
      // Copied back alongside the live data: the database keeps serving while it runs.
      restoreData(run, svc!, atMs, doneMs);
      return { ...change, kind: 'note', service: svc!.id, description: m.label };
    case 'drain': {
      const pod = drain(run, svc!, m.instance!, atMs);
      return {
        ...change,
        kind: 'traffic',
        service: svc!.id,
        key: `endpoints.${svc!.id}`,
        value: `without ${pod}`,
        description: m.label,
      };
    }
  }
}

/**
 * Takes the `ordinal`-th serving instance of a service (from 1) out of rotation: it stops taking requests
 * and the others share them; it is not replaced. Throws, changing nothing, when the service has fewer.
 */
function drain(run: Run, svc: SvcModel, ordinal: number, atMs: number): string {
  const idx = svc.active[ordinal - 1];
  if (idx === undefined || svc.active.length < 2)
    throw new Error(
      `${svc.id} has ${svc.active.length} serving instance(s): none to drain as instance ${ordinal}`,
    );
  const inst = run.sys.instances[idx]!;
  killingEvent(run, run.eventStreams[svc.idx]!, atMs + 1000, inst);
  inst.live = false;
  run.metrics.endInstance(inst.name);
  svc.active = svc.active.filter((i) => i !== inst.idx);
  return inst.name;
}

/** Whether a service calls a store directly. */
function callsInto(run: Run, caller: SvcModel, store: SvcModel): boolean {
  return run.sys.edges.some((edge) => edge.from === caller && edge.to === store);
}

/** The faults an event set off: its trigger, or one they need besides it (undoing either ends them). */
function setOffBy(eventId: string): (e: Run['effects'][number]) => boolean {
  return (e) => e.fault.trigger === eventId || e.fault.enabledBy.includes(eventId);
}

/** Ends the faults chosen once the action is done (a fault already over keeps its end). */
function endFaults(run: Run, which: (e: Run['effects'][number]) => boolean, doneMs: number): void {
  for (const e of run.effects) if (which(e)) e.untilMs = Math.min(e.untilMs, Math.max(e.fromMs, doneMs));
}

/** The version a rollback returns to: the one the service ran before the deploy undone. */
function previousVersion(run: Run, ev: TimelineEvent): string {
  const at = parseTimestamp(ev.at)!;
  const before = run.scenario.timeline
    .filter((e) => e.kind === 'deploy' && e.service === ev.service && e.version && parseTimestamp(e.at)! < at)
    .sort((a, b) => parseTimestamp(a.at)! - parseTimestamp(b.at)!);
  const last = before.at(-1)?.version;
  if (last) return last;
  const spec = run.sys.byId.get(ev.service ?? '')?.spec.version;
  return at >= run.sys.startMs && spec && spec !== ev.version ? spec : `${ev.version ?? 'current'}~1`;
}

/** Queues a change as a timeline event of the run, so it is applied (and logged) as the tick reaches it. */
function schedule(run: Run, ev: TimelineEvent): void {
  const at = parseTimestamp(ev.at)!;
  let i = run.nextEvent;
  while (i < run.events.length && parseTimestamp(run.events[i]!.at)! <= at) i++;
  run.events.splice(i, 0, ev);
}

/**
 * Replaces every pod of a service one after another over the action's time, as a rolling update does:
 * each new pod serves once it has started, then its predecessor stops. Stateful services keep their disks.
 * Every pod then runs `version`; without one (a restart), each runs what its predecessor ran.
 */
function rollOut(
  run: Run,
  svc: SvcModel,
  atMs: number,
  doneMs: number,
  version: string | undefined,
  why: string,
): void {
  const old = svc.active.map((i) => run.sys.instances[i]!);
  const rs = STATEFUL.has(svc.spec.kind) ? '' : run.rng.naming.hex(6);
  const events = run.eventStreams[svc.idx]!;
  const step = old.length > 0 ? Math.max(0, doneMs - atMs - STARTUP_MS) / old.length : 0;
  svc.version = version ?? svc.version;
  if (svc.instrumented)
    scalingEvent(
      run,
      events,
      atMs,
      svc,
      `Scaled up replica set ${svc.id}-${rs || 'sts'} to ${old.length} (${why})`,
    );
  if (STATEFUL.has(svc.spec.kind)) {
    old.forEach((prev, i) => {
      restartInPlace(prev, atMs + i * step, atMs + i * step + STARTUP_MS);
      prev.version = version ?? prev.version;
    });
    return;
  }
  // Old pods serve until their replacement is ready, then stop: capacity never drops to nothing.
  const fresh = old.map((prev, i) => {
    const startAt = atMs + i * step;
    const ready = startAt + STARTUP_MS;
    const inst = newInstance(run.sys, svc, i, rs, run.rng.naming);
    inst.version = version ?? prev.version;
    instanceStarted(run, inst, Number.NaN);
    // Not ready until started: the resource tick writes its startup line when it comes up.
    inst.killedAt = startAt - 10_000;
    inst.downUntil = ready;
    killingEvent(run, events, ready + 2000, prev);
    run.retiring.push({ idx: prev.idx, atMs: ready + 2000 });
    return inst.idx;
  });
  svc.active = [...svc.active, ...fresh];
}

/** The cluster event of a deployment's replica set being scaled. */
function scalingEvent(run: Run, events: LogStream, atMs: number, svc: SvcModel, message: string): void {
  run.sink.push(
    events,
    atMs,
    k8sEvent(run, atMs, 'Normal', 'ScalingReplicaSet', `deployment/${svc.id}`, message),
  );
}

/** The cluster event of a pod being stopped. */
function killingEvent(run: Run, events: LogStream, atMs: number, pod: InstModel): void {
  run.sink.push(
    events,
    atMs,
    k8sEvent(run, atMs, 'Normal', 'Killing', `pod/${pod.name}`, 'Stopping container app'),
  );
}

/** A stateful pod restarts under the same name: down while it starts, memory fresh, disk kept. */
function restartInPlace(inst: InstModel, startAt: number, ready: number): void {
  inst.killedAt = startAt;
  inst.downUntil = ready;
  inst.restarts++;
  inst.memBytes = inst.svc.spec.limits.memoryMb * 1048576 * 0.35;
  inst.fds = 40;
}
