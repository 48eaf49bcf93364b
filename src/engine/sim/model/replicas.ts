import type { Run } from '../run.ts';
import { k8sEvent } from '../telemetry/runtimeLines.ts';
import { instanceStarted } from '../traffic/resources.ts';
import type { SvcModel } from './model.ts';
import { newInstance } from './model.ts';

/** Kinds whose pods keep ordinal names (a StatefulSet): they have no replica set hash. */
const STATEFUL = new Set(['database', 'cache', 'queue']);

/** How long a pod takes from scheduling to serving. */
export const STARTUP_MS = 20_000;

/**
 * Sets a service's number of instances at `atMs`, as scaling its deployment does: new pods take the next
 * places and join once started (a couple of seconds apart), surplus pods stop from the last place down, so
 * the first places always stay. Requests spread over the pods serving at each moment.
 */
export function scaleReplicas(run: Run, svc: SvcModel, count: number, atMs: number): void {
  const active = svc.active.map((i) => run.sys.instances[i]!);
  const events = run.eventStreams[svc.idx]!;
  const first = active[0];
  const rs =
    first && !STATEFUL.has(svc.spec.kind) ? first.name.slice(svc.id.length + 1, svc.id.length + 7) : '';
  run.sink.push(
    events,
    atMs,
    k8sEvent(
      run,
      atMs,
      'Normal',
      'ScalingReplicaSet',
      `deployment/${svc.id}`,
      `Scaled ${count >= active.length ? 'up' : 'down'} replica set ${svc.id}-${rs || 'sts'} to ${count}`,
    ),
  );
  if (count >= active.length) {
    for (let k = active.length; k < count; k++) {
      const inst = newInstance(run.sys, svc, k, rs, run.rng.naming);
      instanceStarted(run, inst, Number.NaN);
      // Not ready until started: the resource tick writes its startup line when it comes up.
      inst.killedAt = atMs - 10_000;
      inst.downUntil = atMs + STARTUP_MS + (k - active.length) * 2000;
      svc.active = [...svc.active, inst.idx];
    }
    return;
  }
  for (const inst of active.slice(count)) {
    run.sink.push(
      events,
      atMs + 1000,
      k8sEvent(run, atMs + 1000, 'Normal', 'Killing', `pod/${inst.name}`, 'Stopping container app'),
    );
    inst.live = false;
    run.metrics.endInstance(inst.name);
  }
  svc.active = svc.active.slice(0, count);
}
