import { z } from 'zod';
import { SCHEMA_LIMITS } from './limits.ts';
import { durationWithin } from './primitives.ts';

/** What an autoscaler keeps each instance at: a CPU utilisation or a request rate (one of the two). */
export const AutoscaleTargetSchema = z
  .strictObject({
    cpu: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe("mean CPU utilisation of the serving instances, as a share of each one's `limits.cpu`"),
    rps: z
      .number()
      .gt(0)
      .max(SCHEMA_LIMITS.rate)
      .optional()
      .describe('requests per second each serving instance takes'),
  })
  .describe('what each instance is kept at: `{ cpu: 0.6 }` or `{ rps: 40 }`, not both');

/**
 * A horizontal autoscaler: it looks at the service's load every `every` and sets the number of instances
 * that brings the target back, between `min` and `max`, as Kubernetes' HorizontalPodAutoscaler does.
 */
export const AutoscaleSchema = z
  .strictObject({
    min: z.number().int().min(1).max(64).describe('never fewer instances than this'),
    max: z.number().int().min(1).max(64).describe('never more instances than this'),
    target: AutoscaleTargetSchema,
    every: durationWithin({ min: '15s', max: '1h' })
      .default('1m')
      .describe('how often the autoscaler looks at the load and decides'),
    cooldown: durationWithin({ max: '2h' })
      .default('5m')
      .describe('how long after a scaling it waits before scaling in (it scales out at once)'),
  })
  .describe(
    'instances follow the load: `instances` is the count when the window opens, then the autoscaler sets it',
  );

export type Autoscale = z.output<typeof AutoscaleSchema>;
