import { z } from 'zod';
import { CodeSchema } from './codeSchema.ts';
import { DocsSchema } from './docsSchema.ts';
import { FAULT_KINDS } from './faultKinds.ts';
import { AlertRulesSchema, DashboardsSchema } from './observabilitySchema.ts';
import { duration, id, text, timestamp } from './primitives.ts';
import { HintSchema, SolutionSchema } from './solutionSchema.ts';

// Every object is strict so a misspelt key is reported instead of silently ignored.

export const ServiceKindSchema = z.enum([
  'frontend',
  'gateway',
  'api',
  'worker',
  'database',
  'cache',
  'queue',
]);

export const LogFormatSchema = z
  .enum(['access', 'json', 'logfmt'])
  .describe('access: combined access log; json: one JSON object per line; logfmt: key=value pairs');

export const CallSchema = z.strictObject({
  service: id.describe('the called service'),
  route: z.string().min(1).describe('the called endpoint, e.g. "POST /api/cart/price"'),
});

export const EndpointSchema = z.strictObject({
  route: z.string().min(1).describe('method and path, e.g. "GET /checkout"'),
  rate: z
    .number()
    .min(0)
    .max(10_000)
    .optional()
    .describe('requests per second arriving from users (entry endpoints only)'),
  latency: duration.default('20ms').describe('median time the service itself spends on a request'),
  calls: z.array(CallSchema).default([]).describe('downstream calls made for every request, in order'),
});

export const ServiceSchema = z.strictObject({
  id,
  name: z.string().optional(),
  kind: ServiceKindSchema,
  language: z.string().optional(),
  instances: z.number().int().min(1).max(64).default(1),
  logFormat: LogFormatSchema.optional().describe('defaults by kind: frontend/gateway access, others json'),
  endpoints: z.array(EndpointSchema).default([]),
});

export const EdgeSchema = z.strictObject({
  from: id,
  to: id,
  timeout: duration.default('2s'),
  retries: z.number().int().min(0).max(10).default(0),
});

export const SegmentSchema = z.strictObject({
  id,
  share: z.number().min(0).max(1).describe('fraction of requests from this segment'),
  attrs: z.record(z.string(), z.string()).default({}),
});

export const TimelineEventSchema = z.strictObject({
  id,
  at: timestamp,
  kind: z.enum(['deploy', 'config', 'flag', 'cron', 'traffic', 'certificate', 'note']),
  service: id.optional(),
  version: z.string().optional(),
  author: z.string().optional(),
  description: text,
});

export const FaultLogSchema = z.strictObject({
  level: z.enum(['debug', 'info', 'warn', 'error', 'fatal']).default('error'),
  message: z.string().min(1).max(500),
  stack: z
    .array(z.string().max(300))
    .max(40)
    .default([])
    .describe('stack trace lines written after the message'),
});

export const FaultSchema = z.strictObject({
  id,
  kind: z.enum(FAULT_KINDS),
  service: id,
  route: z.string().optional().describe('only requests to this endpoint are affected'),
  segment: id.optional().describe('only requests from this user segment are affected'),
  trigger: id.optional().describe('the timeline event that starts the fault'),
  from: timestamp.optional().describe('when the fault starts, if not at its trigger'),
  until: timestamp.optional(),
  errorRate: z.number().min(0).max(1).default(1).describe('fraction of affected requests that fail'),
  status: z.number().int().min(100).max(599).default(500),
  addedLatency: duration.default('0ms'),
  log: FaultLogSchema.optional().describe('what the faulty service logs for a failed request'),
});

export const NoiseSchema = z.strictObject({
  service: id,
  every: duration,
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  message: z.string().min(1).max(500),
});

export const TicketSchema = z.strictObject({
  id,
  at: timestamp,
  from: z.string(),
  subject: z.string(),
  body: text,
});

export const BriefingSchema = z.strictObject({
  page: z.strictObject({
    title: z.string().min(1),
    severity: z.enum(['SEV1', 'SEV2', 'SEV3']).default('SEV2'),
    at: timestamp,
    body: text,
  }),
  tickets: z.array(TicketSchema).default([]),
});

export const ScenarioSchema = z.strictObject({
  id,
  title: z.string().min(1).max(120),
  difficulty: z.enum(['intro', 'standard', 'hard', 'expert']),
  summary: z.string().min(1).max(500),
  estimatedMinutes: z.number().int().min(1).max(240).default(15),
  tags: z.array(z.string()).default([]),
  seed: z.number().int().default(1),
  window: z.strictObject({ start: timestamp, end: timestamp }),
  system: z.strictObject({
    services: z.array(ServiceSchema).min(1).max(64),
    edges: z.array(EdgeSchema).default([]),
    segments: z.array(SegmentSchema).default([]),
  }),
  timeline: z.array(TimelineEventSchema).default([]),
  faults: z.array(FaultSchema).min(1),
  noise: z.array(NoiseSchema).default([]),
  briefing: BriefingSchema,
  hints: z.array(HintSchema).default([]),
  solution: SolutionSchema,
  code: CodeSchema.optional(),
  docs: DocsSchema.default([]),
  dashboards: DashboardsSchema.default([]),
  alerts: AlertRulesSchema.default([]),
});

/** A scenario as written (before defaults are applied). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** A validated scenario with defaults applied. */
export type Scenario = z.output<typeof ScenarioSchema>;
export type Service = Scenario['system']['services'][number];
export type Endpoint = Service['endpoints'][number];
export type Edge = Scenario['system']['edges'][number];
export type Segment = Scenario['system']['segments'][number];
export type Fault = Scenario['faults'][number];
export type TimelineEvent = Scenario['timeline'][number];
export type Clue = Scenario['solution']['clues'][number];
export type Ticket = Scenario['briefing']['tickets'][number];
