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
}

/** The query source of a simulated world. */
export function sourceOfWorld(world: World): QuerySource {
  // Worlds gain a metric store as the simulation grows one; until then Prometheus answers "unavailable".
  const metrics = (world as World & { readonly metrics?: MetricStore }).metrics;
  return { logs: world.logs, metrics, startMs: world.startMs, endMs: world.endMs };
}
