import { FINE_METRICS_MS, keptFrom } from '../scenario/retention.ts';
import type { Scenario, TimelineEvent } from '../scenario/schema.ts';
import { segmentsOf } from '../scenario/schema.ts';
import { parseDuration, parseTimestamp } from '../scenario/units.ts';
import type { CodeRepo } from '../world/codeRepo.ts';
import { buildCodeRepo } from '../world/codeRepo.ts';
import type { LogStream } from '../world/logStore.ts';
import { LogStore } from '../world/logStore.ts';
import type { TelemetryGaps } from '../world/telemetryGaps.ts';
import { NO_GAPS } from '../world/telemetryGaps.ts';
import { TraceStore } from '../world/traceStore.ts';
import type { World } from '../world/world.ts';
import type { Effect } from './faults/effects.ts';
import { compileEffects } from './faults/effects.ts';
import { copyHostSignals } from './faults/hostSignals.ts';
import type { HerdQueues } from './faults/thunderingHerd.ts';
import { copyHerds, herdArrivals, setupHerds } from './faults/thunderingHerd.ts';
import { Autoscaler } from './model/autoscaler.ts';
import { drawTraceId } from './model/ids.ts';
import type { EpModel, SvcModel, SystemModel } from './model/model.ts';
import { compileSystem, copyScalars, copySystemState } from './model/model.ts';
import { pathLatencies } from './model/pathLatency.ts';
import type { RngState } from './model/rng.ts';
import { Rng } from './model/rng.ts';
import type { Checkpoint, RunOptions } from './model/runOptions.ts';
import { RunRngs } from './model/runOptions.ts';
import { applyEvents } from './model/timeline.ts';
import { RunHealth } from './response/health.ts';
import { applyMitigation } from './response/mitigate.ts';
import type { Mitigation } from './response/palette.ts';
import { LogClock } from './telemetry/clock.ts';
import { emitRequest } from './telemetry/emit.ts';
import { EntryRecorder, SEGMENT_AGENT } from './telemetry/lineRecords.ts';
import type { EntrySink } from './telemetry/logSink.ts';
import { DISCARD_SINK, LogSink, linesFrom, seenOnly, unseenStream } from './telemetry/logSink.ts';
import { MetricWriter } from './telemetry/metricWriter.ts';
import { backgroundNoise } from './telemetry/noise.ts';
import { PeerRegionSlots } from './telemetry/peerRegions.ts';
import { RequestLines } from './telemetry/requestLines.ts';
import type { SiteNames } from './telemetry/siteNames.ts';
import { siteNamesOf } from './telemetry/siteNames.ts';
import type { Telemetry } from './telemetry/telemetry.ts';
import { RequestSlots } from './telemetry/telemetry.ts';
import { ToolOutages } from './telemetry/toolOutages.ts';
import type { SpanShapes } from './telemetry/traceExport.ts';
import type { CallRoute } from './traffic/callRoutes.ts';
import { routedServices } from './traffic/callRoutes.ts';
import { rejectRequest } from './traffic/reject.ts';
import { pickInstance, serve } from './traffic/requests.ts';
import { afterTick, beforeTick, instanceStarted, setupMetrics } from './traffic/resources.ts';
import type { SegmentModel } from './traffic/segments.ts';
import { pickSegment, pickShiftedSegment, segmentModel, sliceMix } from './traffic/segments.ts';
import { SERVER, SpanBuffer } from './traffic/spans.ts';
import { WalkedRequest } from './traffic/walkedRequest.ts';
import { updateWorkers } from './traffic/workers.ts';

export type { Checkpoint, RunOptions } from './model/runOptions.ts';
export { RunRngs } from './model/runOptions.ts';
export type { SegmentModel } from './traffic/segments.ts';

/** Scrape interval and the tick of the simulation. */
export const TICK_MS = 15_000;

/**
 * A simulation in progress. It advances tick by tick (15 s, the scrape interval): timeline events, fault
 * windows and resources first, then every request of the tick, then scrapes; logs, spans and samples are
 * appended to the stores as it goes, so a run can be continued (with a changed system) from any tick.
 */
export class Run {
  readonly sys: SystemModel;
  readonly effects: Effect[];
  readonly rng: RunRngs;
  readonly spans = new SpanBuffer();
  /** Latency multiplier per instance from CPU and memory pressure, set each tick (grows with instances). */
  slow = new Float64Array(16);
  /** The faults in force this tick, per service and per edge: lists emptied and filled again each tick. */
  readonly svcEffects: Effect[][];
  readonly edgeEffects: Effect[][];
  readonly segments: SegmentModel[];
  /** The system's host and app names, for user agents and nginx lines. */
  readonly site: SiteNames;
  /** The run's stores, handed to its world (and let go of by {@link release}). */
  logs = new LogStore();
  traces = new TraceStore();
  metrics: MetricWriter;
  readonly sink: EntrySink;
  readonly clock = new LogClock();
  readonly streams: LogStream[] = [];
  /** A stream per service for cluster events (restarts, rollouts). */
  readonly eventStreams: LogStream[] = [];
  readonly telemetry: Telemetry[] = [];
  /** Ticks the run may go to: the window's, or more once {@link extendTo} lets the world go on. */
  nTicks: number;
  tick = 0;
  /** Regions whose users are sent to another region from a time on (a failover). */
  readonly regionRoutes: { readonly region: string; readonly to: string; readonly fromMs: number }[] = [];
  /** Where failovers sent each region's calls to a service, in the order they happened (the last wins). */
  readonly callRoutes: CallRoute[] = [];
  /** Services a failover of the scenario re-points, by index (1): their calls are routed (see `callRoutes`). */
  readonly routed: Uint8Array;
  /** Segments rate-limited at the edge from a time on: the share of their requests still let through. */
  readonly limits: { readonly segment: string; readonly allow: number; readonly fromMs: number }[] = [];
  /** When each service was last restarted by a responder: what leaked before it (pooled connections) is freed. */
  readonly resetAt: number[];
  /** Pods stopping once their replacement is ready (a rolling update a responder started). */
  readonly retiring: { readonly idx: number; readonly atMs: number }[] = [];
  /** Changes made as the run went on (by responders, by autoscalers), in the order made, as the change log shows them. */
  readonly changes: TimelineEvent[] = [];
  /** The autoscalers of the services that declare one, in the order of the services. */
  readonly scalers: Autoscaler[] = [];
  /** What users experienced, tick by tick: the ground truth a mitigation is judged by. */
  readonly health = new RunHealth();
  /** How long each endpoint usually takes, its synchronous calls included: what "slow" is measured against. */
  private readonly nominalMs: number[];
  trafficFactor = 1;
  /** The thundering herds and the queues they flood, in a world with any. */
  readonly herd: HerdQueues | undefined;
  /** Each entry endpoint's own multiplier, by endpoint index, set by traffic events naming its route. */
  readonly routeFactor = new Map<number, number>();
  /**
   * Each segment's own multiplier, by its place in `segments`, once a traffic event names a slice of users
   * (a region, a segment); undefined until then, so a run without one draws its requests as it always has.
   */
  sliceFactor: Float64Array | undefined;
  nextEvent = 0;
  /** The timeline in time order. */
  readonly events: TimelineEvent[];
  readonly headRatio = 0.1;
  private readonly daily: readonly number[] | undefined;
  private extendedMs = Number.NEGATIVE_INFINITY;
  private released = false;
  /** The scenario's code history, built once: it does not change as the run advances. */
  private code: CodeRepo | undefined;

  /** Whether the run keeps only its health (see `RunOptions.healthOnly`). */
  readonly healthOnly: boolean;
  /** Log lines are kept from this time on (lines of requests that arrive from then on): see `RunOptions.detailFromMs`. */
  readonly logsFromMs: number;
  /** Traces are kept of requests that arrive from this time on. */
  readonly tracesFromMs: number;
  /** Records of the entries left to a line writer, when there is one (it is then the sink too). */
  readonly recorder: EntryRecorder | undefined;
  /** The request being walked. */
  readonly request = new WalkedRequest();
  /** Each request's series, found by numbers. */
  readonly slots: RequestSlots;
  /** Client series of calls a failover re-points, by the region that served them. */
  readonly peerRegions = new PeerRegionSlots(this);
  /** Writes the lines of the request being walked. */
  readonly lines = new RequestLines(this);
  /** The trace store's span shapes, by what the spans share (see `exportTrace`). */
  readonly spanShapes: SpanShapes = new Map();
  /** The tools that depend on a component of the system, when the scenario says some do. */
  readonly outages: ToolOutages | undefined;

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    options: RunOptions = {},
  ) {
    this.healthOnly = options.healthOnly === true;
    const writer = this.healthOnly ? undefined : options.lineWriter;
    this.recorder = writer ? new EntryRecorder(this.logs.streams, (batch) => writer.batch(batch)) : undefined;
    this.rng = new RunRngs(new Rng(seed));
    this.sys = compileSystem(scenario, this.rng.naming);
    this.effects = compileEffects(scenario, this.sys);
    this.site = siteNamesOf(scenario);
    this.segments = segmentsOf(scenario).map((s, i) => segmentModel(s, i, this.site));
    this.herd = setupHerds(this);
    this.svcEffects = this.sys.services.map(() => []);
    this.resetAt = this.sys.services.map(() => Number.NEGATIVE_INFINITY);
    this.nominalMs = pathLatencies(this.sys.endpoints);
    this.edgeEffects = this.sys.edges.map(() => []);
    this.nTicks = Math.ceil((this.sys.endMs - this.sys.startMs) / TICK_MS);
    this.metrics = new MetricWriter(
      this.sys.startMs,
      TICK_MS,
      this.nTicks + 1,
      this.sys.endMs - FINE_METRICS_MS,
    );
    const unseen = new Set(this.sys.services.filter((svc) => !svc.observed).map((svc) => svc.id));
    this.metrics.hide(unseen);
    const kept = keptFrom(scenario, this.sys.startMs, this.sys.endMs, options.detailFromMs);
    this.logsFromMs = kept.logs;
    this.tracesFromMs = kept.traces;
    const sink = this.healthOnly ? DISCARD_SINK : (this.recorder ?? new LogSink(this.sys.startMs));
    const seen = unseen.size > 0 ? seenOnly(sink) : sink;
    this.sink = this.logsFromMs > this.sys.startMs ? linesFrom(seen, this.logsFromMs) : seen;
    const deps = scenario.observability;
    this.outages =
      deps?.metrics || deps?.logs || deps?.traces ? new ToolOutages(scenario, this.sys) : undefined;
    this.slots = new RequestSlots(this);
    this.daily = scenario.traffic.daily;
    this.events = [...scenario.timeline].sort((a, b) => at(a.at) - at(b.at));
    this.routed = routedServices(scenario, this.sys.services);
    setupMetrics(this);
    for (const svc of this.sys.services) {
      this.eventStreams.push(this.streamFor(svc, { env: 'prod', service: svc.id, source: 'kubernetes' }));
    }
    for (const inst of this.sys.instances) instanceStarted(this, inst, Number.NaN);
    for (const svc of this.sys.services)
      if (svc.spec.autoscale) this.scalers.push(new Autoscaler(this, svc, svc.spec.autoscale));
    this.metrics.scrape();
  }

  /** The time the run has reached. */
  get nowMs(): number {
    return this.sys.startMs + this.tick * TICK_MS;
  }

  /** Where the run may go: the window's end, or later once extended. */
  get horizonMs(): number {
    return Math.max(this.sys.endMs, this.extendedMs);
  }

  /** The log stream of a service's label set: one that goes nowhere for a component nobody can see into. */
  streamFor(svc: SvcModel, labels: Record<string, string>): LogStream {
    return svc.observed ? this.logs.streamFor(labels) : unseenStream(labels);
  }

  /** Runs every tick that ends at or before `tMs` (and before the horizon). */
  advanceTo(tMs: number, progress?: (fraction: number) => void): void {
    if (this.released) throw new Error('the run was released: it cannot go on');
    while (this.tick < this.nTicks && this.nowMs + TICK_MS <= Math.min(tMs, this.horizonMs + TICK_MS - 1)) {
      this.step();
      if (progress && this.tick % 40 === 0) progress(this.tick / this.nTicks);
    }
  }

  /**
   * Lets the run go on past the incident window, to `endMs`: the system keeps running (traffic, faults
   * still in force, what responders changed), so the consequences of a late action can be seen.
   */
  extendTo(endMs: number): void {
    const ticks = Math.ceil((endMs - this.sys.startMs) / TICK_MS);
    if (ticks <= this.nTicks) return;
    this.nTicks = ticks;
    this.extendedMs = endMs;
    if (!this.healthOnly) this.metrics.grow(ticks + 1);
  }

  /**
   * Applies a mitigation at `atMs`, which must not be before the time the run has reached: the run goes
   * on from there with the changed system. Returns the change as the change log lists it.
   *
   * @example
   * run.advanceTo(pageMs);
   * run.mitigate(mitigationOf(scenario, 'restart:cart'), pageMs);
   * run.advanceTo(pageMs + 30 * 60_000);
   */
  mitigate(m: Mitigation, atMs: number): TimelineEvent {
    // A tick already run cannot change: a mitigation lands in the tick the run is at, or later.
    if (atMs + TICK_MS <= this.nowMs)
      throw new Error(
        `the run is at ${new Date(this.nowMs).toISOString()}, past ${new Date(atMs).toISOString()}`,
      );
    this.advanceTo(atMs);
    const change = applyMitigation(this, m, Math.max(atMs, this.nowMs));
    this.changes.push(change);
    return change;
  }

  /**
   * Lets go of what the run made, which its world keeps: the stores, the code history, the line writer.
   * The run cannot go on after this; what is left of it is small (its model, random streams, metric
   * slots), and keeping that is what lets the next run of the process start with compiled code (see
   * `simulate`).
   */
  release(): void {
    this.released = true;
    this.logs = new LogStore();
    this.traces = new TraceStore();
    this.metrics = new MetricWriter(this.sys.startMs, TICK_MS, 1);
    this.code = undefined;
    this.recorder?.release();
    this.spanShapes.clear();
  }

  /**
   * A copy of a run that keeps only its health, at the tick this one has reached, to go on its own way: a
   * mitigation applied to the copy leaves this run as it was. Plays that share their start (the same world
   * up to the page, a different action there) run the part they share once.
   */
  fork(): Run {
    if (!this.healthOnly) throw new Error('only a run that keeps only its health can be copied');
    const f = new Run(this.scenario, this.seed, { healthOnly: true });
    for (const inst of copySystemState(this.sys, f.sys)) instanceStarted(f, inst, Number.NaN);
    for (const e of this.effects) copyScalars(f.effects[e.idx]!, e);
    copyHostSignals(this, f);
    copyHerds(this.herd, f.herd);
    for (const [name, r] of Object.entries(this.rng))
      (f.rng[name as keyof RunRngs] as Rng).copyFrom(r as Rng);
    f.slow = this.slow.slice();
    f.health.copyFrom(this.health);
    f.regionRoutes.push(...this.regionRoutes);
    f.callRoutes.push(...this.callRoutes);
    f.limits.push(...this.limits);
    f.retiring.push(...this.retiring);
    f.changes.push(...this.changes);
    f.events.length = 0;
    f.events.push(...this.events);
    this.resetAt.forEach((v, i) => {
      f.resetAt[i] = v;
    });
    f.nTicks = this.nTicks;
    f.tick = this.tick;
    f.extendedMs = this.extendedMs;
    f.trafficFactor = this.trafficFactor;
    for (const [ep, factor] of this.routeFactor) f.routeFactor.set(ep, factor);
    f.sliceFactor = this.sliceFactor?.slice();
    this.scalers.forEach((scaler, i) => {
      f.scalers[i]!.copyFrom(scaler);
    });
    f.nextEvent = this.nextEvent;
    return f;
  }

  /** The state to resume from: random streams, resources and the tick reached. */
  checkpoint(): Checkpoint {
    const rng: Record<string, RngState> = {};
    for (const [name, r] of Object.entries(this.rng)) rng[name] = (r as Rng).state();
    return { tick: this.tick, rng, instances: this.sys.instances.map((i) => ({ ...i })) };
  }

  /** The world as far as the run has gone. Stores are shared with the run, which may continue. */
  world(): World {
    // Lines of requests still in flight stay queued unless the window is over, so the run can go on; lines
    // a log pipeline behind has not delivered yet stay queued too.
    const until = this.tick >= this.nTicks ? Number.POSITIVE_INFINITY : this.nowMs;
    this.sink.flush(this.logs, Math.min(until, this.outages?.logsHeldFrom(this.nowMs) ?? until));
    this.logs.seal();
    const instances: Record<string, string[]> = {};
    for (const svc of this.sys.services) instances[svc.id] = [];
    for (const inst of this.sys.instances) instances[inst.svc.id]!.push(inst.name);
    this.code ??= buildCodeRepo(this.scenario);
    return {
      scenario: this.scenario,
      seed: this.seed,
      startMs: this.sys.startMs,
      endMs: Math.max(this.sys.endMs, Math.min(this.nowMs, this.horizonMs)),
      logs: this.logs,
      metrics: this.metrics.toStore(),
      traces: this.traces,
      code: this.code,
      instances,
      ...(this.changes.length > 0 ? { changes: [...this.changes] } : {}),
      ...this.gaps(),
    };
  }

  /** What the tools missed (a failing dependency) or no longer keep (retention), when anything. */
  private gaps(): { gaps?: TelemetryGaps } {
    const start = this.sys.startMs;
    const fine = this.sys.endMs - FINE_METRICS_MS;
    if (!this.outages && this.logsFromMs <= start && this.tracesFromMs <= start && fine <= start) return {};
    return {
      gaps: {
        ...(this.outages ? this.outages.gaps(this.nowMs) : NO_GAPS),
        ...(fine > start ? { metricsFineFromMs: fine } : {}),
        ...(this.logsFromMs > start ? { logsKeptFromMs: this.logsFromMs } : {}),
        ...(this.tracesFromMs > start ? { tracesKeptFromMs: this.tracesFromMs } : {}),
      },
    };
  }

  private step(): void {
    const t0 = this.nowMs;
    const t1 = Math.min(t0 + TICK_MS, this.horizonMs);
    this.retire(t1);
    applyEvents(this, t0, t1);
    beforeTick(this, t0, t1);
    updateWorkers(this, t0);
    this.outages?.tick(this, t0, t1);
    this.traffic(t0, t1);
    if (!this.healthOnly) backgroundNoise(this, t0, t1);
    afterTick(this, t0, t1);
    for (const scaler of this.scalers) scaler.afterTick(this, t1);
    this.metrics.scrape(this.outages?.metricsDown);
    this.sink.flush(this.logs, Math.min(t1, this.outages?.logsHeldFrom(t1) ?? t1));
    this.health.close();
    this.tick++;
  }

  /** Stops the pods a rolling update replaced, once their time has come. */
  private retire(t1: number): void {
    for (let i = 0; i < this.retiring.length; ) {
      const r = this.retiring[i]!;
      if (r.atMs >= t1) {
        i++;
        continue;
      }
      const inst = this.sys.instances[r.idx]!;
      inst.live = false;
      this.metrics.endInstance(inst.name);
      inst.svc.active = inst.svc.active.filter((x) => x !== r.idx);
      this.retiring.splice(i, 1);
    }
  }

  /** The region serving a segment's users at `t`: their own, unless a failover sent them elsewhere. */
  private regionAt(region: string, t: number): string {
    for (const r of this.regionRoutes) if (r.region === region && t >= r.fromMs) return r.to;
    return region;
  }

  /** Whether the edge turns this request away (a rate limit on its segment). */
  private limited(seg: SegmentModel | undefined, t: number): boolean {
    if (!seg || this.limits.length === 0) return false;
    for (const l of this.limits)
      if (l.segment === seg.id && t >= l.fromMs) return this.rng.outcomes.next() >= l.allow;
    return false;
  }

  private traffic(t0: number, t1: number): void {
    const { traffic } = this.rng;
    const hour = new Date(t0).getUTCHours();
    // Slices of users shifted on their own change the mix of requests: more (or none) of theirs.
    const mix = this.sliceFactor ? sliceMix(this.segments, this.sliceFactor) : 1;
    const scale = (this.daily ? this.daily[hour]! : 1) * this.trafficFactor * mix * ((t1 - t0) / 1000);
    for (const ep of this.sys.endpoints) {
      if (ep.rate <= 0) continue;
      const n = traffic.poisson(ep.rate * scale * (this.routeFactor.get(ep.idx) ?? 1));
      for (let i = 0; i < n; i++) {
        const at = t0 + traffic.next() * (t1 - t0);
        const seg = this.sliceFactor
          ? pickShiftedSegment(traffic, this.segments, this.sliceFactor, mix)
          : pickSegment(traffic, this.segments);
        this.arrive(ep, at, seg);
      }
    }
    if (this.herd)
      herdArrivals(this, this.herd, (ep, at, seg) =>
        this.arrive(ep, at, seg ?? pickSegment(this.rng.traffic, this.segments)),
      );
  }

  /** One user's request to an entry endpoint at `at`: served, or turned away by a rate limit. */
  private arrive(ep: EpModel, at: number, seg: SegmentModel | undefined): void {
    const { traffic } = this.rng;
    const region = seg?.region ? this.regionAt(seg.region, at) : '';
    const inst = pickInstance(this, ep.svc, at, region);
    if (!inst) return;
    const req = this.request;
    const words = req.words;
    drawTraceId(this.rng.ids, words);
    this.spans.seedHi = this.rng.ids.nextUint32();
    this.spans.seedLo = this.rng.ids.nextUint32();
    const a = traffic.int(4);
    const b = traffic.int(256);
    const address = (a << 16) | (b << 8) | (1 + traffic.int(254));
    const agents = this.site.userAgents;
    const agent = seg?.userAgent ? SEGMENT_AGENT : traffic.int(agents.length);
    req.next(seg, address, agent === SEGMENT_AGENT ? seg!.userAgent : agents[agent]!);
    if (at >= this.logsFromMs)
      this.recorder?.request(
        words[0]!,
        words[1]!,
        words[2]!,
        words[3]!,
        seg ? seg.number : 0,
        address,
        agent,
      );
    this.spans.n = 0;
    if (this.limited(seg, at)) rejectRequest(this, ep, inst, at);
    else serve(this, ep, inst, at, -1, SERVER, seg);
    this.health.record(this.spans, this.nominalMs[ep.idx]!);
    // Lines, samples and traces draw nothing from the model's random streams: a run that keeps only
    // its health plays out the same without writing them.
    if (!this.healthOnly) emitRequest(this, req, at);
  }
}

/** Parses a duration known to be valid (validated by the schema). */
export function ms(text: string): number {
  return parseDuration(text)!;
}

/** Parses a time known to be valid (validated by the schema). */
export function at(text: string): number {
  return parseTimestamp(text)!;
}
