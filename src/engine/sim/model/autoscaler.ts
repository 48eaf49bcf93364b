import type { Autoscale } from '../../scenario/autoscaleSchema.ts';
import { parseDuration } from '../../scenario/units.ts';
import type { Run } from '../run.ts';
import { TICK_MS } from '../run.ts';
import { k8sEvent } from '../telemetry/runtimeLines.ts';
import type { SvcModel } from './model.ts';
import { scaleReplicas } from './replicas.ts';

/** A change of a few percent either way is noise: the autoscaler leaves the count alone (Kubernetes' 10%). */
const TOLERANCE = 0.1;

const iso = (ms: number) => new Date(ms).toISOString();
const percent = (x: number) => `${Math.round(x * 100)}%`;

/**
 * A service's horizontal autoscaler while a run goes on: it gathers the load of the instances serving,
 * tick by tick, and every `every` sets the count that brings it back to the target, as Kubernetes'
 * HorizontalPodAutoscaler does (desired = ceil(current × load ÷ target), within min and max). Nothing is
 * drawn at random: the count follows from the load the request model produced, so a service that idles
 * while it waits on a slow dependency is scaled in, and what fewer instances do to its queues and pools
 * plays out in the same model.
 */
export class Autoscaler {
  readonly everyMs: number;
  readonly cooldownMs: number;
  /** When it next looks at the load. */
  nextAtMs: number;
  /** When it last changed the count; it scales in only `cooldown` after. */
  lastScaledMs = Number.NEGATIVE_INFINITY;
  /** Load gathered since it last looked: utilisation and requests summed over serving instance-ticks. */
  utilSum = 0;
  servedSum = 0;
  instanceTicks = 0;
  /** Scalings so far, numbering the changes it writes. */
  scalings = 0;
  desired: number;
  /** Metric slots: the deployment's replicas, the autoscaler's current and desired counts. */
  private readonly replicas: number;
  private readonly current: number;
  private readonly wanted: number;

  constructor(
    run: Run,
    readonly svc: SvcModel,
    readonly spec: Autoscale,
  ) {
    this.everyMs = parseDuration(spec.every)!;
    this.cooldownMs = parseDuration(spec.cooldown)!;
    this.nextAtMs = run.sys.startMs + this.everyMs;
    this.desired = svc.active.length;
    const m = run.metrics;
    m.describe('kube_horizontalpodautoscaler_status_current_replicas', {
      type: 'gauge',
      help: 'Current number of replicas of pods managed by this autoscaler.',
    });
    m.describe('kube_horizontalpodautoscaler_status_desired_replicas', {
      type: 'gauge',
      help: 'Desired number of replicas of pods managed by this autoscaler.',
    });
    m.describe('kube_horizontalpodautoscaler_spec_min_replicas', {
      type: 'gauge',
      help: 'Lower limit for the number of pods that can be set by the autoscaler.',
    });
    m.describe('kube_horizontalpodautoscaler_spec_max_replicas', {
      type: 'gauge',
      help: 'Upper limit for the number of pods that can be set by the autoscaler.',
    });
    m.describe('kube_deployment_status_replicas', {
      type: 'gauge',
      help: 'The number of replicas per deployment.',
    });
    const hpa = { service: svc.id, horizontalpodautoscaler: svc.id };
    this.replicas = m.series(
      { __name__: 'kube_deployment_status_replicas', service: svc.id, deployment: svc.id },
      svc.active.length,
    );
    this.current = m.series(
      { __name__: 'kube_horizontalpodautoscaler_status_current_replicas', ...hpa },
      svc.active.length,
    );
    this.wanted = m.series(
      { __name__: 'kube_horizontalpodautoscaler_status_desired_replicas', ...hpa },
      svc.active.length,
    );
    m.series({ __name__: 'kube_horizontalpodautoscaler_spec_min_replicas', ...hpa }, spec.min);
    m.series({ __name__: 'kube_horizontalpodautoscaler_spec_max_replicas', ...hpa }, spec.max);
  }

  /** Copies the state another run's autoscaler of the same service has reached (see `Run.fork`). */
  copyFrom(other: Autoscaler): void {
    this.nextAtMs = other.nextAtMs;
    this.lastScaledMs = other.lastScaledMs;
    this.utilSum = other.utilSum;
    this.servedSum = other.servedSum;
    this.instanceTicks = other.instanceTicks;
    this.scalings = other.scalings;
    this.desired = other.desired;
  }

  /** After a tick's resources are known: gathers its load, and decides when its time has come. */
  afterTick(run: Run, t1: number): void {
    const all = run.sys.instances;
    for (const i of this.svc.active) {
      const inst = all[i]!;
      // A pod still starting (or restarting) takes no requests: counting it would dilute the load.
      if (!(inst.killedAt <= t1 && inst.downUntil > t1)) {
        this.utilSum += inst.util;
        this.servedSum += inst.served;
        this.instanceTicks++;
      }
      inst.served = 0;
    }
    if (t1 >= this.nextAtMs) {
      this.nextAtMs += this.everyMs;
      this.decide(run, t1);
      this.utilSum = this.servedSum = this.instanceTicks = 0;
    }
    run.metrics.set(this.replicas, this.svc.active.length);
    run.metrics.set(this.current, this.svc.active.length);
    run.metrics.set(this.wanted, this.desired);
  }

  /** The load per serving instance, as the target measures it, since it last looked. */
  private load(tickSeconds: number): number {
    if (this.instanceTicks === 0) return Number.NaN;
    return this.spec.target.cpu !== undefined
      ? this.utilSum / this.instanceTicks
      : this.servedSum / (this.instanceTicks * tickSeconds);
  }

  private decide(run: Run, t: number): void {
    const { spec, svc } = this;
    const cpu = spec.target.cpu !== undefined;
    const target = cpu ? spec.target.cpu! : spec.target.rps!;
    const load = this.load(TICK_MS / 1000);
    const current = svc.active.length;
    if (Number.isNaN(load)) return;
    const ratio = load / target;
    let desired = Math.abs(ratio - 1) <= TOLERANCE ? current : Math.ceil(current * ratio - 1e-9);
    desired = Math.min(spec.max, Math.max(spec.min, desired));
    // Scaling in waits for the load to have stayed low since the last scaling; scaling out does not wait.
    if (desired < current && t - this.lastScaledMs < this.cooldownMs) desired = current;
    this.desired = desired;
    if (desired === current) return;
    const measured = cpu
      ? `CPU ${percent(load)} of its limit, target ${percent(target)}`
      : `${load.toFixed(1)} requests/s per instance, target ${target}`;
    const events = run.eventStreams[svc.idx]!;
    run.sink.push(
      events,
      t,
      k8sEvent(
        run,
        t,
        'Normal',
        'SuccessfulRescale',
        `horizontalpodautoscaler/${svc.id}`,
        `New size: ${desired}; reason: ${cpu ? 'cpu resource utilization (percentage of request)' : 'pods metric http_requests_per_second'} ${desired > current ? 'above' : 'below'} target`,
      ),
    );
    scaleReplicas(run, svc, desired, t);
    this.lastScaledMs = t;
    this.scalings++;
    run.changes.push({
      id: `autoscale-${svc.id}-${this.scalings}`,
      at: iso(t),
      kind: 'config',
      service: svc.id,
      key: 'replicas',
      value: String(desired),
      author: 'horizontal-pod-autoscaler',
      description: `autoscaler scaled ${svc.id} from ${current} to ${desired}: ${measured}`,
    });
  }
}
