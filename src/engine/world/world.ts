import type { Scenario, TimelineEvent } from '../scenario/schema.ts';
import type { CodeRepo } from './codeRepo.ts';
import type { LogStore } from './logStore.ts';
import type { MetricStore } from './metricStore.ts';
import type { TelemetryGaps } from './telemetryGaps.ts';
import type { TraceStore } from './traceStore.ts';

/** Everything a trainee can query about one scenario run: generated telemetry and the scenario's records. */
export interface World {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Incident window in milliseconds since the epoch. */
  readonly startMs: number;
  readonly endMs: number;
  readonly logs: LogStore;
  /** Prometheus-style series scraped every 15 s. */
  readonly metrics: MetricStore;
  /** Sampled traces (about 10% by trace id, plus every trace with an error). */
  readonly traces: TraceStore;
  /** Instance names per service id, e.g. `cart-7d9f8c-x2k9p`, including pods a deploy replaced. */
  readonly instances: Readonly<Record<string, readonly string[]>>;
  /** The code history (files, log, blame, diff, grep); absent when the scenario has no `code` section. */
  readonly code?: CodeRepo | undefined;
  /**
   * Changes made while the incident is played, beside the scenario's own timeline: the trainee's
   * mitigations (a rollback, a restart) and a game-day facilitator's injects. The Changes tool lists both.
   */
  readonly changes?: readonly TimelineEvent[] | undefined;
  /**
   * What the tools missed while a component they depend on was failing (the scenario's `observability`):
   * absent when no tool depends on one.
   */
  readonly gaps?: TelemetryGaps | undefined;
}
