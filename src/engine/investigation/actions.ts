import { z } from 'zod';
import { FAULT_KINDS } from '../scenario/faultKinds.ts';
import { EvidenceSchema } from './evidence.ts';

export type {
  AlertEvidence,
  ChangeEvidence,
  CodeEvidence,
  Evidence,
  EvidenceKind,
  LogEvidence,
  SeriesEvidence,
  SpanEvidence,
  TicketEvidence,
  TraceEvidence,
} from './evidence.ts';
export { describeEvidence, EvidenceSchema, evidenceService, evidenceTime, refs } from './evidence.ts';

/** The tools a trainee queries; each query action names one. */
export const TOOLS = ['logs', 'metrics', 'traces', 'code', 'changes', 'inbox'] as const;
/** One investigation tool. */
export type Tool = (typeof TOOLS)[number];

/** The trainee's answer: which component, which kind of fault, what set it off, and how sure they are. */
export const DiagnosisSchema = z.object({
  component: z.string(),
  fault: z.enum(FAULT_KINDS),
  trigger: z.string().optional(),
  /** 0 (a guess) to 100 (certain); the debrief compares it with the outcome. */
  confidence: z.number().int().min(0).max(100).default(50),
  explanation: z.string().max(4000).optional(),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;

/** What a query was scoped to, beyond its text. */
export const QueryScopeSchema = z.object({
  service: z.string().optional(),
  startMs: z.number().optional(),
  endMs: z.number().optional(),
});
export type QueryScope = z.infer<typeof QueryScopeSchema>;

/**
 * A tool use: the query text in the tool's language (LogQL, PromQL, TraceQL, a code search, …), its scope,
 * how many items matched and the refs of those shown. Only what a tool showed can be pinned.
 */
export const QueryActionSchema = z.object({
  type: z.literal('query'),
  at: z.number(),
  tool: z.enum(TOOLS),
  query: z.string(),
  scope: QueryScopeSchema.optional(),
  matched: z.number(),
  shownIds: z.array(z.string()),
  /**
   * Rows `[from, to)` of an earlier query's list that the trainee scrolled to (newest first): not a query of
   * its own, it adds what those rows showed. Absent for a query.
   */
  rows: z.object({ from: z.number().int().min(0), to: z.number().int().min(0) }).optional(),
  /**
   * Set when the page ran the query for the trainee: opening a tab, a dashboard panel or the inbox, or a
   * re-run after scoping from the map. Such looks cost nothing in efficiency; absent, the trainee asked it.
   */
  browse: z.boolean().optional(),
});
export type QueryAction = z.infer<typeof QueryActionSchema>;

/** A hypothesis' standing, as the trainee judges it. */
export const HYPOTHESIS_STATUSES = ['open', 'supported', 'refuted'] as const;
export type HypothesisStatus = (typeof HYPOTHESIS_STATUSES)[number];

/** How a pinned item bears on a hypothesis; `none` takes a mark back. */
export const STANCES = ['supports', 'refutes', 'none'] as const;
export type Stance = (typeof STANCES)[number];

/**
 * One step of an investigation, with `at`, the milliseconds elapsed since it began. Tool uses and notebook
 * steps alike: replaying them in order through `reduceInvestigation` rebuilds the same state.
 */
export const ActionSchema = z.discriminatedUnion('type', [
  QueryActionSchema,
  z.object({ type: z.literal('pin'), at: z.number(), evidence: EvidenceSchema }),
  z.object({ type: z.literal('unpin'), at: z.number(), ref: z.string() }),
  z.object({
    type: z.literal('hypothesis'),
    at: z.number(),
    id: z.string().min(1),
    text: z.string().min(1).max(500),
    /** What it is about: the service suspected, the kind of fault, and the change that set it off. */
    component: z.string().min(1).max(64).optional(),
    fault: z.enum(FAULT_KINDS).optional(),
    trigger: z.string().min(1).max(64).optional(),
  }),
  z.object({
    type: z.literal('hypothesis status'),
    at: z.number(),
    id: z.string(),
    status: z.enum(HYPOTHESIS_STATUSES),
  }),
  z.object({
    type: z.literal('mark'),
    at: z.number(),
    hypothesisId: z.string(),
    ref: z.string(),
    stance: z.enum(STANCES),
  }),
  z.object({
    type: z.literal('link'),
    at: z.number(),
    id: z.string().min(1),
    /** Node ids from the scenario's vocabulary (`solution.nodes` and the services). */
    from: z.string(),
    to: z.string(),
    /** Refs of pinned evidence the link cites. */
    evidence: z.array(z.string()),
    /** Where to insert it in the chain (root cause first); the end when absent. */
    index: z.number().int().min(0).optional(),
  }),
  z.object({ type: z.literal('unlink'), at: z.number(), id: z.string() }),
  z.object({ type: z.literal('hint'), at: z.number(), index: z.number().int().min(0) }),
  z.object({ type: z.literal('diagnose'), at: z.number(), diagnosis: DiagnosisSchema }),
  /** A mitigation the scenario offers, applied at the incident clock's time `at` after the page. */
  z.object({ type: z.literal('mitigate'), at: z.number(), mitigation: z.string().min(1).max(64) }),
  /** A status update posted to the incident channel. */
  z.object({ type: z.literal('status'), at: z.number(), text: z.string().min(1).max(2000) }),
]);
/** One recorded step. */
export type Action = z.infer<typeof ActionSchema>;
/** The step of a given type. */
export type ActionOf<T extends Action['type']> = Extract<Action, { type: T }>;

/** An exported action log: what the "export" button writes and `twoam` can read back. */
export const ActionLogSchema = z.object({
  scenarioId: z.string(),
  actions: z.array(ActionSchema),
});
export type ActionLog = z.infer<typeof ActionLogSchema>;

/** Whether a query in `actions` showed the item: only what a tool showed can be pinned. */
export function wasShown(actions: readonly Action[], ref: string): boolean {
  return actions.some((a) => a.type === 'query' && a.shownIds.includes(ref));
}

/** The evidence pinned after replaying `actions` in order. */
export function pinnedEvidence(actions: readonly Action[]): ActionOf<'pin'>['evidence'][] {
  const pinned = new Map<string, ActionOf<'pin'>['evidence']>();
  for (const a of actions) {
    if (a.type === 'pin') pinned.set(a.evidence.ref, a.evidence);
    else if (a.type === 'unpin') pinned.delete(a.ref);
  }
  return [...pinned.values()];
}
