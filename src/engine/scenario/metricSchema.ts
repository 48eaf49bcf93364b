import { z } from 'zod';
import { durationWithin, id, timestamp } from './primitives.ts';

/** Labels every declared series carries already, which the author cannot set. */
export const RESERVED_METRIC_LABELS: readonly string[] = [
  '__name__',
  'env',
  'service',
  'instance',
  'region',
  'segment',
  'le',
];

/** The kinds of series a scenario can declare. */
export const DECLARED_METRIC_TYPES = ['counter', 'gauge', 'histogram'] as const;

/** A value a declared metric takes from a time or a timeline event on. */
export const MetricStepSchema = z.strictObject({
  at: timestamp.optional().describe('from this time on'),
  after: id.optional().describe('from this timeline event on (its `at`)'),
  value: z.number().min(-1e12).max(1e12).describe('the new `value`'),
});

/**
 * A metric the scenario declares: a business counter of a route (the first use), or any counter, gauge or
 * histogram with labels of its own, driven by the traffic of a route, by a value over time, or by faults.
 */
export const MetricSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a Prometheus metric name'),
  type: z
    .enum(DECLARED_METRIC_TYPES)
    .optional()
    .describe('counter (the default; its name ends in _total), gauge, or histogram (_bucket, _sum, _count)'),
  help: z.string().min(1).max(300),
  service: id.describe('the service whose instances expose it: one series per instance'),
  route: z
    .string()
    .min(1)
    .optional()
    .describe(
      "driven by this endpoint's successful requests: a counter counts `value` per request, a gauge is `value` × requests per second, a histogram observes about `value` per request",
    ),
  labels: z
    .record(
      z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name'),
      z.string().max(200),
    )
    .optional()
    .describe('labels of its own on every series, e.g. { rule_id: "942100" } or { version: 2.4.0 }'),
  value: z
    .number()
    .min(-1e12)
    .max(1e12)
    .optional()
    .describe(
      'default 1. With a `route`, per request; without, a gauge shows it and a counter grows by it every second',
    ),
  steps: z
    .array(MetricStepSchema)
    .max(64)
    .optional()
    .describe('values it takes later: `{ at: <time>, value }` or `{ after: <timeline event>, value }`'),
  buckets: z
    .array(z.number().min(-1e12).max(1e12))
    .min(1)
    .max(30)
    .optional()
    .describe("histogram: the buckets' upper bounds, increasing (default: HTTP durations in seconds)"),
});

/** How a fault changes a declared metric while it is in force. */
export const FaultMetricEffectSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a Prometheus metric name'),
  labels: z
    .record(z.string(), z.string())
    .optional()
    .describe('only the declarations of `name` with these labels (one rule id of several)'),
  set: z.number().min(-1e12).max(1e12).optional().describe('the value while the fault is in force'),
  factor: z.number().min(0).max(1e6).optional().describe('multiplies the value while the fault is in force'),
  over: durationWithin({ max: '7d' })
    .optional()
    .describe('ramps from the value before to the new one over this long after the fault starts'),
});

/** A metric declared by the scenario. */
export type DeclaredMetric = z.output<typeof MetricSchema>;
/** A fault's change to a declared metric. */
export type FaultMetricEffect = z.output<typeof FaultMetricEffectSchema>;
