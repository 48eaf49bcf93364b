import type { LogStore } from '../engine/world/logStore.ts';
import type { MetricStore } from '../engine/world/metricStore.ts';
import type { TelemetryGaps } from '../engine/world/telemetryGaps.ts';
import type { World } from '../engine/world/world.ts';

/** What the query APIs answer from: a world's logs, its metrics when it has them, and its window. */
export interface QuerySource {
  readonly logs: LogStore;
  readonly metrics: MetricStore | undefined;
  /** Incident window in milliseconds since the epoch; the default range of requests that give none. */
  readonly startMs: number;
  readonly endMs: number;
  /**
   * How far the served clock runs ahead of the world's (0 or absent: the scenario's own dates). Clients
   * ask and are answered in served time, so a window shifted to end now is what Grafana's "last hours"
   * and promtool's default time see.
   */
  readonly offsetMs?: number;
  /**
   * The world's now, when it is still being played (a game-day round's clock): nothing after it exists,
   * requests without a time are answered at it, and no range reaches past it.
   */
  readonly nowMs?: number;
  /** Where the world's tools missed data because a component they depend on was failing; answered as warnings. */
  readonly gaps?: TelemetryGaps;
}

/** The time a request without one is answered at: the world's now while it is played, its window's end otherwise. */
export function nowOf(source: QuerySource): number {
  return source.nowMs ?? source.endMs;
}

/** The latest time a range may reach: the world's now while it is played, no limit otherwise. */
export function untilOf(source: QuerySource): number {
  return source.nowMs ?? Number.POSITIVE_INFINITY;
}

/** The query source of a simulated world, served `offsetMs` ahead of its own clock. */
export function sourceOfWorld(world: World, offsetMs = 0): QuerySource {
  // Worlds gain a metric store as the simulation grows one; until then Prometheus answers "unavailable".
  const metrics = (world as World & { readonly metrics?: MetricStore }).metrics;
  return {
    logs: world.logs,
    metrics,
    startMs: world.startMs,
    endMs: world.endMs,
    offsetMs,
    ...(world.gaps ? { gaps: world.gaps } : {}),
  };
}
