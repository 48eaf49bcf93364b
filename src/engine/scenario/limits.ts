// What a scenario may ask of the simulation. Each bound keeps a file that validates within the time and
// memory a browser tab has: the per-field limits are part of the schema, the budgets below are checked
// across fields once the schema passes (see `checkBudget`), because a rate is harmless alone and too
// much only times a long window, many instances or a deep call graph.

/** Per-field limits, enforced by the schema. Durations are written as a scenario writes them. */
export const SCHEMA_LIMITS = {
  /** Requests per second an entry endpoint may receive at its peak. */
  rate: 1_000,
  /** An endpoint's own median latency and CPU time. */
  latency: '1m',
  /** A call edge's timeout, and how long a request may wait for a pooled connection. */
  timeout: '5m',
  poolTimeout: '1m',
  /** What a fault may add to each affected request. */
  addedLatency: '10m',
  /** How long a fault may take to reach its full strength: longer than the longest window is meaningless. */
  rampUp: '24h',
  /** How often a noise line may repeat, and a cron job run: more often would only be a flood. */
  noiseEvery: '1s',
  cronEvery: '1m',
  /** How long an alert must hold, a chat message may wait, and a response action may take. */
  alertFor: '24h',
  channelDelay: '24h',
  mitigationCost: '4h',
  /** How far behind a log pipeline may run while what it depends on fails: no window is longer. */
  logsLateBy: '7d',
  /** The longest window: a week of baseline before the incident. */
  window: '7d',
  endpointsPerService: 64,
  callsPerEndpoint: 32,
  edges: 512,
  segments: 64,
  timeline: 500,
  faults: 32,
  noise: 200,
  businessMetrics: 64,
} as const;

/**
 * Budgets over the window (over its last part for what is kept as text, when the stores keep less), checked across fields: about three times the requests of the bench's
 * standard world (`scenarios/bench/standard.yaml`, which generates in under 2 s and 130 MB), so a world at
 * the limits still generates in a browser tab (a backlogged queue, which holds its late lines until the
 * window ends, took 1 GB at 600,000 requests). The built-in scenarios use a fifth or less of each, except
 * the worst case of spans, where retries multiply.
 */
export const SIM_BUDGET = {
  /** Requests arriving from users over the window (rates × daily shape × traffic shifts × duration). */
  requests: 500_000,
  /** Spans those requests walk at worst: each call and each retry is one, as is each endpoint served. */
  spans: 10_000_000,
  /**
   * Requests and spans over a whole window whose stores keep logs and traces for its last part only
   * (`observability.*.retention`): before that a request leaves only its samples, at about a quarter of
   * the cost. Enough for three days at the standard world's rate.
   */
  windowRequests: 4_000_000,
  windowSpans: 80_000_000,
  /** Spans one request may walk at most, every retry taken. */
  spansPerRequest: 2_000,
  /** Lines that do not come from requests: noise, cron runs, health-check probes. */
  backgroundLines: 1_000_000,
  /** Instances, counting the new ones each deploy rolls out. */
  instances: 1_024,
  /** Instances times 15-second ticks: each keeps its metric series for every tick. */
  instanceTicks: 2_000_000,
  /** How long one request may take at worst, every timeout and retry taken: its lines must land near the window. */
  requestMs: 24 * 3_600_000,
} as const;
