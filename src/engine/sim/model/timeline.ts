import { instanceSlots } from '../../scenario/instanceRefs.ts';
import type { TimelineEvent } from '../../scenario/schema.ts';
import { parseDuration, parseTimestamp } from '../../scenario/units.ts';
import type { Run } from '../run.ts';
import { eventLine, k8sEvent } from '../telemetry/runtimeLines.ts';
import { applyFailover } from '../traffic/callRoutes.ts';
import { instanceStarted } from '../traffic/resources.ts';
import { newInstance } from './model.ts';

/**
 * Applies the timeline's events that fall before the end of the tick: deploys roll out new pods (new
 * names, startup lines, rollout events), traffic shifts change every rate, config and flag changes are
 * logged by their service, cron jobs log each run. Events before the window only set the starting state.
 */
export function applyEvents(run: Run, t0: number, t1: number): void {
  const events = run.events;
  while (run.nextEvent < events.length) {
    const ev = events[run.nextEvent]!;
    const at = parseTimestamp(ev.at)!;
    if (at >= t1) break;
    run.nextEvent++;
    apply(run, ev, at, at >= run.sys.startMs);
  }
  for (const ev of events) {
    if (ev.kind !== 'cron' || !ev.every || !ev.service) continue;
    const every = parseDuration(ev.every)!;
    const first = parseTimestamp(ev.at)!;
    const k = Math.max(0, Math.ceil((t0 - first) / every));
    for (let t = first + k * every; t < t1; t += every) {
      if (t < t0) continue;
      const svc = run.sys.byId.get(ev.service)!;
      const inst = run.sys.instances[svc.active[0]!]!;
      run.sink.push(
        run.streams[inst.idx]!,
        t,
        eventLine(run, inst, t, 'info', `cron ${ev.id} started: ${ev.description}`),
      );
    }
  }
}

function apply(run: Run, ev: TimelineEvent, at: number, visible: boolean): void {
  const svc = ev.service ? run.sys.byId.get(ev.service) : undefined;
  if (ev.kind === 'failover') {
    applyFailover(run, ev, at, visible);
    return;
  }
  if (ev.kind === 'traffic' && ev.factor !== undefined) {
    const ep = ev.route ? svc?.endpoints.find((e) => e.route === ev.route) : undefined;
    if (ep) run.routeFactor.set(ep.idx, ev.factor);
    else if (ev.region !== undefined || ev.segment !== undefined) shiftSlice(run, ev, ev.factor);
    else run.trafficFactor = ev.factor;
  }
  if ((ev.kind === 'deploy' || ev.kind === 'rollback') && svc) {
    svc.version = ev.version ?? svc.version;
    // A change may reach only some instances (a deploy to seven servers of eight): the others keep their code.
    const slots = instanceSlots(ev, svc.id, svc.active.length) ?? svc.active.map((_, i) => i);
    if (!visible || !svc.instrumented) {
      for (const i of slots) run.sys.instances[svc.active[i]!]!.version = svc.version;
      return;
    }
    const rs = run.rng.naming.hex(6);
    const old = svc.active;
    const events = run.eventStreams[svc.idx]!;
    run.sink.push(
      events,
      at,
      k8sEvent(
        run,
        at,
        'Normal',
        'ScalingReplicaSet',
        `deployment/${svc.id}`,
        `Scaled up replica set ${svc.id}-${rs} to ${slots.length}`,
      ),
    );
    svc.active = old.map((idx, i) => {
      const k = slots.indexOf(i);
      if (k < 0) return idx;
      const inst = newInstance(run.sys, svc, i, rs, run.rng.naming);
      instanceStarted(run, inst, at + 8000 + k * 3000);
      return inst.idx;
    });
    slots.forEach((i, k) => {
      const inst = run.sys.instances[old[i]!]!;
      inst.live = false;
      run.metrics.endInstance(inst.name);
      run.sink.push(
        events,
        at + 12_000 + k * 3000,
        k8sEvent(
          run,
          at + 12_000 + k * 3000,
          'Normal',
          'Killing',
          `pod/${inst.name}`,
          'Stopping container app',
        ),
      );
    });
    return;
  }
  if (!visible || !svc) return;
  const inst = run.sys.instances[svc.active[0]!]!;
  if (ev.kind === 'config' || ev.kind === 'flag') {
    const what = ev.kind === 'flag' ? 'feature flag updated' : 'configuration reloaded';
    const detail = ev.key ? `: ${ev.key}=${ev.value ?? ''}` : '';
    const slots = instanceSlots(ev, svc.id, svc.active.length);
    for (const i of slots ? slots.map((k) => svc.active[k]!) : svc.active)
      run.sink.push(
        run.streams[i]!,
        at + 200,
        eventLine(run, run.sys.instances[i]!, at + 200, 'info', `${what}${detail}`),
      );
  } else if (ev.kind === 'cron' && !ev.every) {
    run.sink.push(
      run.streams[inst.idx]!,
      at,
      eventLine(run, inst, at, 'info', `cron ${ev.id} started: ${ev.description}`),
    );
  }
}

/**
 * Multiplies the requests of one slice of users (a segment, or every segment of a region) by `factor`, from
 * now on and across later shifts of every rate: users of one region whose clients gave up, a burst from one
 * segment. The others keep their rate.
 */
function shiftSlice(run: Run, ev: TimelineEvent, factor: number): void {
  run.sliceFactor ??= new Float64Array(run.segments.length).fill(1);
  const factors = run.sliceFactor;
  for (const seg of run.segments)
    if (seg.id === ev.segment || (ev.region !== undefined && seg.region === ev.region))
      factors[seg.number - 1] = factor;
}
