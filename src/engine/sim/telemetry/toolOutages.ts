import type { Scenario } from '../../scenario/schema.ts';
import { parseDuration } from '../../scenario/units.ts';
import type { TelemetryGaps, TimeSpan } from '../../world/telemetryGaps.ts';
import { extendSpans } from '../../world/telemetryGaps.ts';
import type { SvcModel, SystemModel } from '../model/model.ts';
import type { Run } from '../run.ts';

/**
 * The investigation tools that depend on a component of the system (the scenario's `observability`),
 * followed tick by tick: while that component fails, the metrics pipeline stores no scrape, traces are
 * dropped and log lines fall behind by `lateBy` (the backlog comes in once the component is back).
 */
export class ToolOutages {
  private readonly metricsOn: SvcModel | undefined;
  private readonly tracesOn: SvcModel | undefined;
  private readonly logsOn: SvcModel | undefined;
  private readonly lateMs: number;
  /** Whether the tick being run stores no scrape. */
  metricsDown = false;
  /** Whether the tick being run drops its traces. */
  tracesDown = false;
  /** Since when the log pipeline has been behind, or NaN while it keeps up. */
  private behindSince = Number.NaN;
  private readonly metricSpans: TimeSpan[] = [];
  private readonly traceSpans: TimeSpan[] = [];
  private readonly logSpans: TimeSpan[] = [];

  constructor(scenario: Scenario, sys: SystemModel) {
    const deps = scenario.observability;
    const on = (id: string | undefined) => (id === undefined ? undefined : sys.byId.get(id));
    this.metricsOn = on(deps?.metrics?.dependsOn);
    this.tracesOn = on(deps?.traces?.dependsOn);
    this.logsOn = on(deps?.logs?.dependsOn);
    this.lateMs = this.logsOn ? parseDuration(deps!.logs!.lateBy)! : 0;
  }

  /** Decides each tool's state for the tick `[t0, t1)`, once the tick's faults and instances are known. */
  tick(run: Run, t0: number, t1: number): void {
    this.metricsDown = this.metricsOn !== undefined && failing(run, this.metricsOn, t0, t1);
    if (this.metricsDown) extendSpans(this.metricSpans, t0, t1);
    this.tracesDown = this.tracesOn !== undefined && failing(run, this.tracesOn, t0, t1);
    if (this.tracesDown) extendSpans(this.traceSpans, t0, t1);
    if (this.logsOn !== undefined && failing(run, this.logsOn, t0, t1)) {
      extendSpans(this.logSpans, t0, t1);
      if (Number.isNaN(this.behindSince)) this.behindSince = t0;
    } else this.behindSince = Number.NaN;
  }

  /**
   * The time from which log lines have not arrived by `nowMs` (the end of the last tick run): lines of the
   * failing time arrive `lateBy` after they were written. +Infinity while the pipeline keeps up.
   */
  logsHeldFrom(nowMs: number): number {
    return Number.isNaN(this.behindSince)
      ? Number.POSITIVE_INFINITY
      : Math.max(this.behindSince, nowMs - this.lateMs);
  }

  /** What the tools have missed up to `nowMs` (the end of the last tick run). */
  gaps(nowMs: number): TelemetryGaps {
    const held = this.logsHeldFrom(nowMs);
    return {
      metrics: [...this.metricSpans],
      traces: [...this.traceSpans],
      logs: [...this.logSpans],
      logsLateMs: this.lateMs,
      ...(held < nowMs ? { logsPendingFromMs: held } : {}),
    };
  }
}

/** Whether a component is failing in `[t0, t1)`: a fault in force on it (or on a call into it), or no instance up. */
function failing(run: Run, svc: SvcModel, t0: number, t1: number): boolean {
  for (const e of run.effects)
    if ((e.svc === svc || e.edge?.to === svc) && e.fromMs < t1 && e.untilMs > t0) return true;
  const instances = run.sys.instances;
  for (const i of svc.active) {
    const inst = instances[i]!;
    if (t0 < inst.killedAt || inst.downUntil <= t0) return false;
  }
  return true;
}
