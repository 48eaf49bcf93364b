import { z } from 'zod';
import { SCHEMA_LIMITS } from './limits.ts';
import { durationWithin, id } from './primitives.ts';

// What a responder can do about an incident. A scenario offers a handful of actions; the simulation plays
// each one out with the fault model (a rollback ends the faults its deploy started, a restart frees what
// leaked, more instances spread load), so its consequences are never scripted here.

/** The kinds of mitigation the simulation knows how to play out. */
export const MITIGATION_KINDS = [
  'rollback',
  'revert',
  'scale',
  'restart',
  'failover',
  'rate-limit',
  'hotfix',
  'renew',
] as const;

/** One kind of mitigation. */
export type MitigationKind = (typeof MITIGATION_KINDS)[number];

/** What each kind does, for the authoring guide, the schema's hover text and the response panel. */
export const MITIGATION_KIND_LABELS: Readonly<Record<MitigationKind, string>> = {
  rollback: 'Roll back a deploy: the previous version rolls out; faults the deploy started end',
  revert: 'Revert a config or flag change: faults the change started end once it is reloaded',
  scale: 'Scale a service to a number of instances: load spreads, pools multiply, leaks do not stop',
  restart: 'Restart every instance of a service, one by one: memory, descriptors and pools start fresh',
  failover: "Send a region's traffic to another region: faults confined to the drained region stop hurting",
  'rate-limit': 'Reject most requests of a user segment at the edge with 429: load falls, those users fail',
  hotfix: 'Deploy a fix of the code: code defects of the service end; resource and network faults do not',
  renew: 'Renew an expired certificate or credential and deploy it: faults its expiry started end',
};

/**
 * A mitigation a scenario offers. Which fields apply depends on the kind: `event` for rollback, revert
 * and renew, `service` for scale, restart and hotfix, `region` and `to` for failover, `segment` for a rate
 * limit.
 */
export const MitigationSchema = z.strictObject({
  id,
  kind: z.enum(MITIGATION_KINDS),
  label: z.string().min(1).max(120).describe('what the button says, e.g. "Roll back billing to 4.7.0"'),
  description: z.string().max(1000).optional().describe('what a responder would type or run'),
  event: id
    .optional()
    .describe('rollback or revert: the timeline event undone; renew: the certificate event renewed'),
  service: id.optional().describe('scale, restart or hotfix: the service acted on'),
  instances: z.number().int().min(1).max(64).optional().describe('scale: the new number of instances'),
  region: id.optional().describe('failover: the region drained'),
  to: id.optional().describe('failover: the region that takes its traffic'),
  segment: id.optional().describe('rate-limit: the user segment limited'),
  allow: z
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .describe('rate-limit: the share of the segment’s requests still let through'),
  commit: z.string().max(64).optional().describe('hotfix: the commit of the fix, shown in the change log'),
  cost: durationWithin({ max: SCHEMA_LIMITS.mitigationCost })
    .default('5m')
    .describe('game time the action takes (a rollout, a restart); the clock moves on by as much'),
});

/** A mitigation with defaults applied. */
export type Mitigation = z.output<typeof MitigationSchema>;

/** The mitigations a scenario offers. */
export const MitigationsSchema = z.array(MitigationSchema).max(20);
