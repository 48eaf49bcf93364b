import { z } from 'zod';
import { AutoscaleSchema } from './autoscaleSchema.ts';
import { ChannelSchema } from './channelSchema.ts';
import { CodeSchema } from './codeSchema.ts';
import { DocsSchema } from './docsSchema.ts';
import { FAULT_KINDS } from './faultKinds.ts';
import { SCHEMA_LIMITS } from './limits.ts';
import { FaultMetricEffectSchema, MetricSchema } from './metricSchema.ts';
import { noisePlaceholderProblem } from './noiseText.ts';
import { AlertRulesSchema, DashboardsSchema, ToolDependenciesSchema } from './observabilitySchema.ts';
import { durationWithin, id, text, timestamp } from './primitives.ts';
import { MitigationsSchema } from './responseSchema.ts';
import { HintSchema, SolutionSchema } from './solutionSchema.ts';
import { TrainsSchema } from './trainsSchema.ts';
import { VariantsSchema } from './variantSchema.ts';

// Every object is strict so a misspelt key is reported instead of silently ignored.

/** What a service is; it decides how it logs, which metrics it exposes and whether it writes spans. */
export const ServiceKindSchema = z.enum([
  'frontend',
  'gateway',
  'api',
  'worker',
  'database',
  'cache',
  'queue',
]);

/** How a service writes its logs. */
export const LogFormatSchema = z
  .enum(['access', 'json', 'logfmt', 'logback', 'postgres', 'redis'])
  .describe(
    'access: nginx combined log; json: one JSON object per line (pino); logfmt: key=value (Go); logback: Java text with multi-line stack traces; postgres: PostgreSQL server log; redis: Redis server log',
  );

/** The language a service is written in: it picks the runtime metrics and the log format by default. */
export const LanguageSchema = z.enum(['typescript', 'javascript', 'go', 'java', 'python', 'c']);

/** One downstream call an endpoint makes. */
export const CallSchema = z.strictObject({
  service: id.describe('the called service'),
  route: z
    .string()
    .min(1)
    .describe('the called endpoint, e.g. "POST /api/cart/price" or "SELECT cart_items"'),
  onMiss: z
    .boolean()
    .default(false)
    .describe('only made when the previous call to a cache missed (read-through caching)'),
  async: z
    .boolean()
    .default(false)
    .describe('delivered through a queue: the caller does not wait, the consumer runs after the queue lag'),
  times: z
    .number()
    .int()
    .min(1)
    .max(50)
    .optional()
    .describe(
      'how many times one request makes this call, one after another (a query per item, a fan-out to every shard); 1 if absent',
    ),
});

/** An endpoint: a route with its own latency, its downstream calls and, for entry points, a rate. */
export const EndpointSchema = z.strictObject({
  route: z.string().min(1).describe('method and path, e.g. "GET /checkout", or a statement for databases'),
  rate: z
    .number()
    .min(0)
    .max(SCHEMA_LIMITS.rate)
    .optional()
    .describe('requests per second arriving from users at the daily peak (entry endpoints only)'),
  latency: durationWithin({ max: SCHEMA_LIMITS.latency })
    .default('20ms')
    .describe('median time the service itself spends on a request'),
  cpu: durationWithin({ max: SCHEMA_LIMITS.latency })
    .optional()
    .describe('CPU time a request costs; defaults to a quarter of `latency`'),
  calls: z
    .array(CallSchema)
    .max(SCHEMA_LIMITS.callsPerEndpoint)
    .default([])
    .describe('downstream calls made for every request, in order'),
});

/** Resource limits of one instance. */
export const LimitsSchema = z.strictObject({
  cpu: z.number().min(0.1).max(64).default(1).describe('CPU cores'),
  memoryMb: z.number().int().min(16).max(262_144).default(512),
  fds: z.number().int().min(64).max(1_048_576).default(65_536).describe('open file descriptor limit'),
  diskGb: z.number().min(1).max(100_000).default(20),
});

/** A service of the system. */
export const ServiceSchema = z.strictObject({
  id,
  name: z.string().optional(),
  kind: ServiceKindSchema,
  language: LanguageSchema.optional(),
  instances: z.number().int().min(1).max(64).default(1),
  regions: z.array(id).default([]).describe('instances are spread over these regions in turn'),
  version: z.string().default('1.0.0').describe('the version running when the window opens'),
  logFormat: LogFormatSchema.optional().describe(
    'defaults by kind and language: frontend/gateway access, database postgres, cache redis, go logfmt, java logback, others json',
  ),
  replicaOf: id
    .optional()
    .describe(
      'a database only: the primary this read replica copies; it serves reads (calls to it never write) and may fall behind',
    ),
  limits: LimitsSchema.default({ cpu: 1, memoryMb: 512, fds: 65_536, diskGb: 20 }),
  shards: z
    .number()
    .int()
    .min(2)
    .max(64)
    .optional()
    .describe(
      'a database or cache whose keys are split over this many shards (numbered from 0): instance n serves shard n modulo shards, and its metrics and logs carry a `shard` label',
    ),
  endpoints: z.array(EndpointSchema).max(SCHEMA_LIMITS.endpointsPerService).default([]),
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe(
      'requests one instance works on at once (its threads or workers); calls past them overflow its backlog and are refused',
    ),
  autoscale: AutoscaleSchema.optional(),
  observed: z
    .boolean()
    .optional()
    .describe(
      'false for a component nobody can see into (a managed gateway, a cloud provider hop): it writes no logs, metrics or spans of its own, and shows only in the calls across it',
    ),
});

/** A call edge: how `from` reaches `to`. */
export const EdgeSchema = z.strictObject({
  from: id,
  to: id,
  timeout: durationWithin({ max: SCHEMA_LIMITS.timeout }).default('2s'),
  retries: z.number().int().min(0).max(10).default(0),
  pool: z.number().int().min(1).max(10_000).optional().describe('connection pool size per caller instance'),
  poolTimeout: durationWithin({ max: SCHEMA_LIMITS.poolTimeout })
    .default('1s')
    .describe('how long a request waits for a pooled connection'),
  hitRatio: z.number().min(0).max(1).default(0.9).describe('for calls to a cache: the share of hits'),
  undocumented: z
    .boolean()
    .optional()
    .describe("missing from the team's architecture diagram: the map draws it once a trace has shown a call"),
});

/** A group of users with the same attributes (region, plan, client version, flag cohort). */
export const SegmentSchema = z.strictObject({
  id,
  share: z.number().min(0).max(1).describe('fraction of requests from this segment'),
  attrs: z.record(z.string(), z.string()).default({}),
});

/** Where the requests come from and how many. */
export const TrafficSchema = z.strictObject({
  daily: z
    .array(z.number().min(0).max(10))
    .length(24)
    .optional()
    .describe('multiplier of every endpoint rate for each UTC hour; absent means flat'),
  segments: z.array(SegmentSchema).max(SCHEMA_LIMITS.segments).default([]),
});

/** An instance of a service by its place: `cart-3` is the third of cart's instances, counted from 1. */
const instanceRef = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*-[1-9][0-9]*$/, 'an instance is named <service>-<n>, e.g. cart-3 for the third');

/** Instances of the service a fault or change acts on: some by name, or the first `count`; all when absent. */
const instanceScope = {
  instances: z
    .array(instanceRef)
    .min(1)
    .max(64)
    .optional()
    .describe(
      "only these instances of the service: cart-3 is its third (a deploy's new pods take their places)",
    ),
  count: z
    .number()
    .int()
    .min(1)
    .max(64)
    .optional()
    .describe('only the first `count` instances of the service'),
};

/** A change or an event a person could see: deploys, config and flag changes, cron runs, traffic shifts. */
export const TimelineEventSchema = z.strictObject({
  id,
  at: timestamp,
  kind: z.enum([
    'deploy',
    'rollback',
    'config',
    'flag',
    'cron',
    'traffic',
    'certificate',
    'note',
    'failover',
  ]),
  service: id.optional(),
  version: z.string().optional().describe('deploy: the version rolled out'),
  commit: z.string().max(64).optional().describe('deploy: the commit of the `code` history it rolls out'),
  author: z.string().optional(),
  description: text,
  key: z.string().max(200).optional().describe('config or flag: the key changed'),
  value: z.string().max(500).optional().describe('config or flag: the new value'),
  factor: z
    .number()
    .min(0)
    .max(100)
    .optional()
    .describe(
      "traffic: the new multiplier of every rate, of one endpoint's with `service` and `route`, or of one slice of users' with `region` or `segment` (0: its callers stopped coming)",
    ),
  route: z
    .string()
    .optional()
    .describe(
      'traffic: the entry endpoint of `service` whose rate `factor` multiplies (a burst on one endpoint); failover: the endpoint of `service` whose calls move (its writes), all when absent',
    ),
  every: durationWithin({ min: SCHEMA_LIMITS.cronEvery, max: '30d' })
    .optional()
    .describe('cron: how often the job runs from `at`'),
  expires: timestamp.optional().describe('certificate: when it stops being valid'),
  region: id
    .optional()
    .describe(
      "failover: the callers' region whose calls to `service` move (with `route`, only that endpoint's); traffic: only the requests of users from it (the segments whose attrs.region it is)",
    ),
  segment: id.optional().describe('traffic: only the requests of this user segment'),
  to: id
    .optional()
    .describe('failover: the region of `service` whose instances take those calls from then on'),
  automated: z
    .boolean()
    .optional()
    .describe('made by automation (a failover controller), not a person: the change log says so'),
  ...instanceScope,
});

/** What the faulty service logs for an affected request. */
export const FaultLogSchema = z.strictObject({
  level: z.enum(['debug', 'info', 'warn', 'error', 'fatal']).default('error'),
  message: z.string().min(1).max(500),
  stack: z
    .array(z.string().max(300))
    .max(40)
    .default([])
    .describe('stack trace lines written after the message'),
});

/** A change to a business counter (duplicates, wrong totals) for affected requests. */
export const CounterEffectSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a Prometheus metric name'),
  factor: z.number().min(0).max(100).describe('each affected request counts this many times (0 drops it)'),
});

/** A call edge a fault sits on. */
export const EdgeRefSchema = z.strictObject({ from: id, to: id });

/** One hidden fault: its kind, where it acts, when, for whom and how hard. */
export const FaultSchema = z.strictObject({
  id,
  kind: z.enum(FAULT_KINDS),
  service: id.describe('the service at fault (for edge faults, the caller)'),
  edge: EdgeRefSchema.optional().describe('for faults on a call edge: the caller and the callee'),
  route: z
    .string()
    .optional()
    .describe("only requests to this endpoint are affected (on an edge, the callee's endpoint called)"),
  segment: id.optional().describe('only requests from this user segment are affected'),
  region: id.optional().describe('only instances in this region are affected'),
  ...instanceScope,
  version: z
    .string()
    .optional()
    .describe('only instances running this version are affected (old code left on one server, say)'),
  shard: z
    .number()
    .int()
    .min(0)
    .max(63)
    .optional()
    .describe('hot-key: the shard (from 0) holding the key; absent, the one the key hashes to'),
  key: z
    .string()
    .min(1)
    .max(120)
    .optional()
    .describe(
      "hot-key: the key every affected operation reads or writes, e.g. tenant:acme:usage (on the spans' db.key or cache.key)",
    ),
  trigger: id.optional().describe('the timeline event that starts the fault'),
  from: timestamp.optional().describe('when the fault starts, if not at its trigger'),
  releasedBy: id
    .optional()
    .describe(
      'for a thundering-herd: the fault whose end lets the waiting clients back in; the herd starts the moment it ends',
    ),
  until: timestamp.optional(),
  rampUp: durationWithin({ max: SCHEMA_LIMITS.rampUp })
    .optional()
    .describe(
      'how long the fault takes to reach full strength from its start (a leak that creeps, a link that degrades); absent, it hits at once',
    ),
  enabledBy: z
    .array(id)
    .default([])
    .describe(
      'timeline events the fault needs besides its trigger (a retry setting, a config value): rolling back or reverting one ends it',
    ),
  severity: z.number().min(0).max(1).default(0.5).describe('how hard the fault hits, 0 to 1'),
  errorRate: z.number().min(0).max(1).optional().describe('fraction of affected requests that fail'),
  restorable: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      'data-loss: the share of the deleted data the latest backup holds, which a restore brings back (default 1)',
    ),
  status: z.number().int().min(100).max(599).optional(),
  addedLatency: durationWithin({ max: SCHEMA_LIMITS.addedLatency }).optional(),
  log: FaultLogSchema.optional().describe('what the faulty service logs for an affected request'),
  counter: CounterEffectSchema.optional(),
  metrics: z
    .array(FaultMetricEffectSchema)
    .max(16)
    .optional()
    .describe('declared metrics the fault sets, scales or ramps while it is in force'),
});

/** A line that repeats in the background, unrelated to the incident. */
export const NoiseSchema = z.strictObject({
  service: id,
  every: durationWithin({ min: SCHEMA_LIMITS.noiseEvery, max: '30d' }),
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  message: z
    .string()
    .min(1)
    .max(500)
    .superRefine((message, ctx) => {
      const problem = noisePlaceholderProblem(message);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(
      'the line; {{int:LO-HI}} (a whole number) and {{hex:N}} (N hex digits) take a new value on every line, as ids do',
    ),
  from: timestamp.optional().describe('when it starts repeating; absent, it was there before the window'),
  until: timestamp.optional().describe('when it stops; absent, it goes on past the window'),
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
  trains: TrainsSchema.optional(),
  seed: z.number().int().default(1),
  window: z.strictObject({ start: timestamp, end: timestamp }),
  system: z.strictObject({
    domain: z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain such as tasklane.example')
      .optional()
      .describe(
        "the domain the system's users reach it at (nginx logs it as `host`; its app is named after the first word, e.g. tasklane-android/5.12.0); default: `code.emailDomain`, else a made-up product's (never the scenario's id, which would tell the story)",
      ),
    services: z.array(ServiceSchema).min(1).max(64),
    edges: z.array(EdgeSchema).max(SCHEMA_LIMITS.edges).default([]),
    segments: z
      .array(SegmentSchema)
      .max(SCHEMA_LIMITS.segments)
      .optional()
      .describe('older files: user segments now live under traffic.segments; both are read'),
  }),
  traffic: TrafficSchema.default({ segments: [] }),
  metrics: z.array(MetricSchema).max(SCHEMA_LIMITS.businessMetrics).default([]),
  timeline: z.array(TimelineEventSchema).max(SCHEMA_LIMITS.timeline).default([]),
  faults: z.array(FaultSchema).min(1).max(SCHEMA_LIMITS.faults),
  noise: z.array(NoiseSchema).max(SCHEMA_LIMITS.noise).default([]),
  briefing: BriefingSchema,
  hints: z.array(HintSchema).default([]),
  solution: SolutionSchema,
  mitigations: MitigationsSchema.default({}).describe(
    'how the actions a responder may take are weighed, keyed by action id (rollback:<deploy event>, revert:<config or flag event>, restart:<service>, scale:<service>:<n>, drain:<service>/<n>, failover:<region>:<to>, rate-limit:<segment>, renew:<certificate event>, hotfix:<service>:<commit>): which are right, what they cost, a note for the debrief',
  ),
  code: CodeSchema.optional(),
  docs: DocsSchema.default([]),
  dashboards: DashboardsSchema.default([]),
  alerts: AlertRulesSchema.default([]),
  observability: ToolDependenciesSchema.optional(),
  variants: VariantsSchema.optional(),
  channel: ChannelSchema.default([]),
});

/** Every user segment of a scenario: `traffic.segments`, then any an older file lists under `system`. */
export function segmentsOf(s: Scenario): Segment[] {
  return [...s.traffic.segments, ...(s.system.segments ?? [])];
}

/** A scenario as written (before defaults are applied). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** A validated scenario with defaults applied. */
export type Scenario = z.output<typeof ScenarioSchema>;
export type Service = Scenario['system']['services'][number];
export type Endpoint = Service['endpoints'][number];
export type Edge = Scenario['system']['edges'][number];
export type Segment = Scenario['traffic']['segments'][number];
export type Fault = Scenario['faults'][number];
export type TimelineEvent = Scenario['timeline'][number];
export type Clue = Scenario['solution']['clues'][number];
export type Ticket = Scenario['briefing']['tickets'][number];
