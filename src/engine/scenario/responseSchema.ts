import { z } from 'zod';
import { SCHEMA_LIMITS } from './limits.ts';
import { durationWithin } from './primitives.ts';

// What a responder can do about an incident. Every verb works on every target of its kind the system has
// (any deploy on the timeline, any service, any region, any segment), so the actions offered say nothing
// of the answer. A scenario's `mitigations` section only weighs them: which ones are right, what one costs
// when it differs from its verb's usual time, and a note for the debrief. The simulation plays each one out
// with the fault model (a rollback ends the faults its deploy started, a restart frees what leaked, more
// instances spread load), so its consequences are never scripted here.

/** The verbs a responder has; the simulation knows how to play out each one. */
export const MITIGATION_KINDS = [
  'rollback',
  'revert',
  'restart',
  'scale',
  'drain',
  'failover',
  'rate-limit',
  'renew',
  'hotfix',
  'restore',
] as const;

/** One verb. */
export type MitigationKind = (typeof MITIGATION_KINDS)[number];

/** What each verb does, for the authoring guide, the schema's hover text and the response panel. */
export const MITIGATION_KIND_LABELS: Readonly<Record<MitigationKind, string>> = {
  rollback: 'Roll back a deploy: the previous version rolls out; faults the deploy started end',
  revert: 'Revert a config or flag change: faults the change started end once it is reloaded',
  restart: 'Restart every instance of a service, one by one: memory, descriptors and pools start fresh',
  scale: 'Scale a service to a number of instances: load spreads, pools multiply, leaks do not stop',
  drain: 'Take one instance out of rotation: the others take its requests',
  failover: "Send a region's traffic to another region: faults confined to the drained region stop hurting",
  'rate-limit': 'Reject most requests of a user segment at the edge with 429: load falls, those users fail',
  renew: 'Renew an expired certificate or credential and deploy it: faults its expiry started end',
  hotfix: 'Deploy a fix of the code: code defects of the service end; resource and network faults do not',
  restore:
    'Restore the rows missing from a database out of its latest backup: deleted data comes back, as much as the backup holds',
};

/** The game time each verb takes unless the scenario says otherwise: a rollout, a restart, a review. */
export const DEFAULT_COSTS: Readonly<Record<MitigationKind, string>> = {
  rollback: '5m',
  revert: '2m',
  restart: '4m',
  scale: '3m',
  drain: '1m',
  failover: '4m',
  'rate-limit': '1m',
  renew: '15m',
  hotfix: '20m',
  restore: '30m',
};

/** An action's id: its verb, a colon, then its target (`rollback:deploy-cart-2-4-1`, `scale:cart:4`). */
export const ACTION_ID = new RegExp(`^(${MITIGATION_KINDS.join('|')}):[a-z0-9][a-z0-9._:/-]*$`);

/** How one action is weighed: whether it ends the incident, its cost, and a note for the debrief. */
export const MitigationVerdictSchema = z.strictObject({
  right: z
    .boolean()
    .default(false)
    .describe('true for an action that ends the incident; every other action is a wrong choice'),
  cost: durationWithin({ max: SCHEMA_LIMITS.mitigationCost })
    .optional()
    .describe(
      "game time the action takes when it differs from its verb's usual time; shown to the player, so a cost set on the right action alone marks it out",
    ),
  note: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .describe('what this choice does in this incident, shown in the debrief after the first submission'),
  needs: z
    .array(z.string())
    .max(4)
    .optional()
    .describe(
      'for a right action: the actions it ends the incident only with, taken first (stop the job, then restore what it deleted); without them it is incomplete',
    ),
});

/** How a scenario weighs one action. */
export type MitigationVerdict = z.output<typeof MitigationVerdictSchema>;

const OLD_LIST =
  'mitigations are keyed by action id now, e.g. "rollback:deploy-cart-2-4-1: { right: true }": every verb works on every target without being listed, and its label is generated; keep only which actions are right, their costs and notes (see scenarios/README.md)';

/**
 * The scenario's verdicts, keyed by action id. An action not listed is a wrong choice at its verb's usual
 * cost. A list in the older shape (`- id:, kind:, label:`) is refused with a message saying what changed.
 */
export const MitigationsSchema = z.record(
  z
    .string()
    .regex(ACTION_ID, `must be an action id: a verb (${MITIGATION_KINDS.join(', ')}), ":" and a target`),
  MitigationVerdictSchema,
  { error: (issue) => (Array.isArray(issue.input) ? OLD_LIST : undefined) },
);

/** The verdicts of a scenario, by action id. */
export type Mitigations = z.output<typeof MitigationsSchema>;

/** The ids of the actions a scenario marks right, in file order. */
export function rightMitigations(s: { readonly mitigations: Mitigations }): string[] {
  return Object.entries(s.mitigations)
    .filter(([, v]) => v.right)
    .map(([id]) => id);
}

/**
 * What a right action needs besides itself, in the order to take them: the actions it ends the incident
 * only with (the deletions stopped before the restore).
 */
export function neededWith(s: { readonly mitigations: Mitigations }, id: string): string[] {
  return [...(s.mitigations[id]?.needs ?? [])];
}
