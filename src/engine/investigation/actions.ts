import { z } from 'zod';
import { FAULT_KINDS } from '../scenario/faultKinds.ts';

/**
 * Evidence a trainee pinned, with what it showed at the time. Scoring reads only this record, never the
 * world, so a score can be recomputed from a saved investigation alone.
 */
export const LogEvidenceSchema = z.object({
  kind: z.literal('log'),
  /** The world's log entry id. */
  id: z.number().int().min(0),
  service: z.string(),
  tsMs: z.number(),
  line: z.string(),
});
export type LogEvidence = z.infer<typeof LogEvidenceSchema>;

/** Anything that can be pinned. Later tools add more kinds (series, span, code range, change, ticket). */
export const EvidenceSchema = LogEvidenceSchema;
export type Evidence = LogEvidence;

/** The trainee's answer: which component, which kind of fault, and what set it off. */
export const DiagnosisSchema = z.object({
  component: z.string(),
  fault: z.enum(FAULT_KINDS),
  trigger: z.string().optional(),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;

/**
 * One step of an investigation, with `at`, the milliseconds elapsed since it began. A query records how
 * many entries matched and the ids shown: only what a tool showed can be pinned.
 */
export const ActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('query'),
    at: z.number(),
    tool: z.literal('logs'),
    service: z.string().optional(),
    filter: z.string(),
    matched: z.number(),
    shownIds: z.array(z.number()),
  }),
  z.object({ type: z.literal('pin'), at: z.number(), evidence: EvidenceSchema }),
  z.object({ type: z.literal('unpin'), at: z.number(), id: z.number() }),
  z.object({ type: z.literal('hint'), at: z.number(), index: z.number().int().min(0) }),
  z.object({ type: z.literal('diagnose'), at: z.number(), diagnosis: DiagnosisSchema }),
]);
export type Action = z.infer<typeof ActionSchema>;

/** The evidence pinned after replaying `actions` in order. */
export function pinnedEvidence(actions: readonly Action[]): Evidence[] {
  const pinned = new Map<number, Evidence>();
  for (const a of actions) {
    if (a.type === 'pin') pinned.set(a.evidence.id, a.evidence);
    else if (a.type === 'unpin') pinned.delete(a.id);
  }
  return [...pinned.values()];
}

/** Whether a query in `actions` returned the entry: only what a tool showed can be pinned. */
export function wasShown(actions: readonly Action[], id: number): boolean {
  return actions.some((a) => a.type === 'query' && a.shownIds.includes(id));
}
