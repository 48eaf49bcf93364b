import { z } from 'zod';
import { FAULT_KINDS } from './faultKinds.ts';
import { id, text, timestamp } from './primitives.ts';

// The hidden truth of a scenario: what went wrong, the clues that show it, the causal chain from the root
// cause to the symptom that paged, the red herrings, and how an expert would have found it all.

/** A log line from a service containing a text, logged within a window when one is given. */
export const LogClueSchema = z.strictObject({
  service: id,
  contains: z.string().min(1).describe('a text every matching log line contains'),
  window: z
    .strictObject({ start: timestamp, end: timestamp })
    .optional()
    .describe('when the line must have been logged, e.g. the last minutes before a flow stopped'),
});

/**
 * A series of a metric (by name and labels) looked at over a window that overlaps the given one. What the
 * clue teaches is stated too: the labels the series must be split by, the quantile or the ratio to take;
 * then the naive aggregate (the total without the split, the mean, the raw count) does not match.
 */
export const MetricClueSchema = z.strictObject({
  name: z.string().min(1).describe('the metric name, e.g. http_requests_total'),
  labels: z.record(z.string(), z.string()).default({}).describe('labels the series (or the query) must have'),
  window: z
    .strictObject({ start: timestamp, end: timestamp })
    .optional()
    .describe('the time the series must cover, e.g. when the fault began'),
  by: z
    .array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a label name'))
    .min(1)
    .optional()
    .describe(
      'labels the series must keep: the split the clue teaches, e.g. [instance] or [segment]; the total summed over them does not match',
    ),
  quantile: z
    .number()
    .gt(0)
    .lt(1)
    .optional()
    .describe('the quantile the query must take, e.g. 0.99 (histogram_quantile); the mean does not match'),
  ratio: z
    .literal(true)
    .optional()
    .describe('the query must divide one rate by another (an error ratio); the raw count does not match'),
});

/** A span (or a trace through it) of a service, optionally of one operation and status. */
export const SpanClueSchema = z.strictObject({
  service: id,
  operation: z.string().optional(),
  status: z.enum(['ok', 'error']).optional(),
});

/** A range of lines of a file, at a commit (any commit when absent). */
export const CodeClueSchema = z.strictObject({
  commit: z.string().optional().describe('a commit hash or its prefix'),
  file: z.string().min(1),
  lines: z.tuple([z.number().int().min(1), z.number().int().min(1)]).describe('[first, last] line'),
});

const matchers = ['log', 'metric', 'span', 'code', 'change', 'ticket', 'alert'] as const;
const oneMatcher = (c: Partial<Record<(typeof matchers)[number], unknown>>) =>
  matchers.filter((m) => c[m] !== undefined).length === 1;

const matcherFields = {
  log: LogClueSchema.optional(),
  metric: MetricClueSchema.optional(),
  span: SpanClueSchema.optional(),
  code: CodeClueSchema.optional(),
  change: id.optional().describe('a timeline event id'),
  ticket: id.optional().describe('a support ticket id'),
  alert: z.string().min(1).optional().describe('an alert name, e.g. CheckoutErrorRate'),
};

/** One kind of evidence that shows a clue's fact: exactly one of the matchers. */
export const ClueMatcherSchema = z
  .strictObject(matcherFields)
  .refine(oneMatcher, { message: `an alternative names exactly one of ${matchers.join(', ')}` });

/**
 * A fact that supports (or, for a red herring, seems to support) a link of the story. It names the
 * evidence its `query` finds, and may list under `anyOf` other kinds of evidence that show the same fact
 * (the log line, the series, the span, the ticket): a pinned item matching any of them backs it.
 */
export const ClueSchema = z
  .strictObject({
    id,
    description: z.string().min(1).describe('what this clue shows, in the debrief'),
    query: z
      .string()
      .optional()
      .describe(
        "the query that finds it, in its tool's language; the debrief shows it when the clue is missed",
      ),
    ...matcherFields,
    anyOf: z
      .array(ClueMatcherSchema)
      .min(1)
      .optional()
      .describe('other kinds of evidence that show the same fact; any one matching backs the clue'),
  })
  .refine(oneMatcher, {
    message: `a clue names exactly one of ${matchers.join(', ')} (list other kinds of evidence under anyOf)`,
  });

/**
 * A node of the causal chain that is not a service or a timeline event: a condition or a symptom. Its
 * label is the author's and stays hidden until the debrief; what a trainee may name instead is `means`.
 */
export const ChainNodeSchema = z.strictObject({
  id,
  label: z.string().min(1).max(200),
  kind: z.enum(['component', 'condition', 'symptom']),
  means: z
    .array(z.string().regex(/^[a-z-]+:[a-z0-9._>@-]+$/, 'must be a condition id such as "timeout:web>cart"'))
    .min(1)
    .describe(
      'conditions of the generated vocabulary that state this node, e.g. [oom:catalog]; any of them counts as naming it (scenarios/SCORING.md lists the kinds)',
    ),
});

/** One link of the reference chain: `from` causes `to`, shown by the clues listed. */
export const ChainLinkSchema = z.strictObject({
  from: id.describe('a service, a timeline event or a node id'),
  to: id,
  clues: z.array(id).default([]),
});

/** One step of an expert's investigation. */
export const PathStepSchema = z.strictObject({
  tool: z.enum(['logs', 'metrics', 'traces', 'code', 'changes', 'inbox']),
  query: z.string().default(''),
  note: z.string().min(1).describe('why an expert takes this step'),
});

/** A hint: its text and what it costs. */
export const HintSchema = z.strictObject({
  text: z.string().min(1),
  cost: z.number().int().min(0).max(50).default(5),
  /** The clue this hint leads to: once that clue is pinned the hint is skipped. */
  clue: id.optional(),
});

/** The solution section of a scenario. */
export const SolutionSchema = z
  .strictObject({
    rootCause: z.strictObject({
      component: id.describe('the service at fault'),
      fault: z.enum(FAULT_KINDS),
      trigger: id.optional().describe('the timeline event that set it off: the proximate trigger'),
      latent: id
        .optional()
        .describe(
          'the old change that made the system fragile (a pool sized last year, retries raised and never reverted): naming it earns the trigger too',
        ),
      alternatives: z
        .strictObject({
          components: z.array(id).default([]).describe('services a fair reading could blame instead'),
          faults: z
            .array(z.enum(FAULT_KINDS))
            .default([])
            .describe('kinds of fault a fair reading could name'),
        })
        .optional()
        .describe(
          "where the taxonomy's boundary is arguable (the caller or the callee, a bad deploy or a flag rollout): answers that earn part of the credit",
        ),
    }),
    explanation: text.describe('the story of what happened, shown in the debrief'),
    nodes: z.array(ChainNodeSchema).default([]).describe('conditions and symptoms the chain may name'),
    chain: z.array(ChainLinkSchema).default([]).describe('root cause first, the paged symptom last'),
    clues: z.array(ClueSchema).min(1),
    redHerrings: z.array(ClueSchema).default([]),
    path: z.array(PathStepSchema).default([]).describe('the reference investigation, step by step'),
    mitigations: z
      .never({
        error:
          'the right actions are marked in the `mitigations` section now, e.g. "rollback:deploy-cart-2-4-1: { right: true }"; remove `solution.mitigations`',
      })
      .optional()
      .describe('no longer read: mark the right actions `right: true` in the `mitigations` section'),
  })
  .superRefine((s, ctx) => {
    const clueIds = new Set(s.clues.map((c) => c.id));
    s.chain.forEach((link, i) => {
      link.clues.forEach((c, j) => {
        if (!clueIds.has(c))
          ctx.addIssue({ code: 'custom', path: ['chain', i, 'clues', j], message: `unknown clue "${c}"` });
      });
    });
  });

/** A scenario's solution with defaults applied. */
export type Solution = z.output<typeof SolutionSchema>;
/** One clue. */
export type SolutionClue = Solution['clues'][number];
/** One kind of evidence a clue is shown by: its own matcher, or one of its alternatives. */
export type ClueMatcher = z.output<typeof ClueMatcherSchema>;
/** One node of the chain vocabulary. */
export type ChainNode = Solution['nodes'][number];
