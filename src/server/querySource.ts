import type { LogStore } from '../engine/world/logStore.ts';
import type { MetricStore } from '../engine/world/metricStore.ts';
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
}

/** The query source of a simulated world, served `offsetMs` ahead of its own clock. */
export function sourceOfWorld(world: World, offsetMs = 0): QuerySource {
  // Worlds gain a metric store as the simulation grows one; until then Prometheus answers "unavailable".
  const metrics = (world as World & { readonly metrics?: MetricStore }).metrics;
  return { logs: world.logs, metrics, startMs: world.startMs, endMs: world.endMs, offsetMs };
}
