import type { FaultKind } from '../scenario/faultKinds.ts';

// The conditions a causal chain may state, generated from what a player can see of the system (its
// services, call edges, user segments and regions) and from the fault taxonomy. Nothing here reads a
// scenario's solution, faults, hints or mitigations, so the list says nothing about the answer: two
// scenarios on the same system offer the same conditions.

/** What the vocabulary is generated from: the parts of a scenario every player sees. */
export interface VocabularySource {
  readonly system: {
    readonly services: readonly { readonly id: string; readonly regions?: readonly string[] }[];
    readonly edges: readonly { readonly from: string; readonly to: string }[];
    readonly segments?: readonly { readonly id: string }[];
  };
  readonly traffic: { readonly segments: readonly { readonly id: string }[] };
}

/** What a condition is about. */
export type ConditionScope =
  | 'service'
  | 'edge'
  | 'segment'
  | 'service-segment'
  | 'service-region'
  | 'edge-region';

/** One condition a chain may state, e.g. `timeout:orders>payments` "orders's calls to payments time out". */
export interface Condition {
  /** `<key>:<subject>`: the subject is `service`, `caller>callee`, `segment`, `service@where` or `caller>callee@where`. */
  readonly id: string;
  readonly label: string;
  readonly key: string;
  readonly scope: ConditionScope;
  /** The services it is about: one, or the caller and the callee of an edge (none for a segment's users). */
  readonly services: readonly string[];
  /** The segment or region it is narrowed to, if any. */
  readonly where?: string;
  /** The kinds of fault it describes; empty for a symptom any fault may cause. */
  readonly faults: readonly FaultKind[];
}

interface Template {
  readonly key: string;
  readonly scope: ConditionScope;
  readonly faults: readonly FaultKind[];
  /** The label from the subject's names: a service (or caller, callee) and a segment or region. */
  readonly text: (a: string, b: string, where: string) => string;
}

const poss = (s: string) => `${s}'s`;

/** Every condition, by what it is about. The order is the order a player reads them in. */
const TEMPLATES: readonly Template[] = [
  // A service on its own: one template per kind of fault it can suffer, then the symptoms it can show.
  { key: 'cpu', scope: 'service', faults: ['cpu-saturation'], text: (s) => `${poss(s)} CPU is saturated` },
  {
    key: 'memory',
    scope: 'service',
    faults: ['memory-leak'],
    text: (s) => `${poss(s)} memory keeps growing`,
  },
  {
    key: 'oom',
    scope: 'service',
    faults: ['memory-leak'],
    text: (s) => `${s} runs out of memory and restarts`,
  },
  {
    key: 'gc',
    scope: 'service',
    faults: ['gc-pauses'],
    text: (s) => `${s} stalls in long garbage-collection pauses`,
  },
  { key: 'disk', scope: 'service', faults: ['disk-full'], text: (s) => `${poss(s)} disk is full` },
  {
    key: 'fds',
    scope: 'service',
    faults: ['fd-exhaustion'],
    text: (s) => `${s} runs out of file descriptors`,
  },
  {
    key: 'exception',
    scope: 'service',
    faults: ['bad-deploy'],
    text: (s) => `${poss(s)} code throws an error on some requests`,
  },
  {
    key: 'config',
    scope: 'service',
    faults: ['misconfiguration'],
    text: (s) => `${s} runs with a wrong setting`,
  },
  {
    key: 'credential',
    scope: 'service',
    faults: ['expired-credential'],
    text: (s) => `${poss(s)} certificate or credential has expired`,
  },
  {
    key: 'down',
    scope: 'service',
    faults: ['dependency-unreachable'],
    text: (s) => `${s} cannot be reached`,
  },
  {
    key: 'backlog',
    scope: 'service',
    faults: ['queue-backlog', 'poison-message'],
    text: (s) => `${s} falls behind on its queue`,
  },
  {
    key: 'overload',
    scope: 'service',
    faults: ['retry-storm', 'cache-stampede', 'cpu-saturation', 'thundering-herd'],
    text: (s) => `${s} is overloaded and sheds requests`,
  },
  {
    key: 'clock',
    scope: 'service',
    faults: ['timezone-defect'],
    text: (s) => `${s} mishandles a time, a date or a timezone`,
  },
  {
    key: 'skew',
    scope: 'service',
    faults: ['clock-skew'],
    text: (s) => `a host of ${s} keeps the wrong time`,
  },
  {
    key: 'locks',
    scope: 'service',
    faults: ['lock-contention'],
    text: (s) => `requests to ${s} wait on locks`,
  },
  {
    key: 'starved',
    scope: 'service',
    faults: ['noisy-neighbour'],
    text: (s) => `${s} waits for CPU that a neighbour on its node takes`,
  },
  {
    key: 'ports',
    scope: 'service',
    faults: ['port-exhaustion'],
    text: (s) => `a node of ${s} runs out of outgoing connections`,
  },
  {
    key: 'poison',
    scope: 'service',
    faults: ['poison-message'],
    text: (s) => `${s} fails on the same message again and again`,
  },
  {
    key: 'deleted',
    scope: 'service',
    faults: ['data-loss'],
    text: (s) => `rows ${s} serves were deleted`,
  },
  {
    key: 'hot-shard',
    scope: 'service',
    faults: ['hot-key'],
    text: (s) => `one shard of ${s} takes far more work than the others`,
  },
  {
    key: 'replication-stopped',
    scope: 'service',
    faults: ['split-brain'],
    text: (s) => `replication of ${s} has stopped`,
  },
  {
    key: 'two-primaries',
    scope: 'service',
    faults: ['split-brain'],
    text: (s) => `${s} takes writes on more than one primary`,
  },
  {
    key: 'lag',
    scope: 'service',
    faults: ['replication-lag'],
    text: (s) => `${s} falls behind its primary`,
  },
  {
    key: 'duplicates',
    scope: 'service',
    faults: ['silent-data-error', 'timezone-defect'],
    text: (s) => `${s} processes some requests twice`,
  },
  {
    key: 'wrong-data',
    scope: 'service',
    faults: ['silent-data-error'],
    text: (s) => `${s} records wrong data without an error`,
  },
  {
    key: 'logic',
    scope: 'service',
    faults: ['custom'],
    text: (s) => `${poss(s)} business logic gives a wrong result`,
  },
  { key: 'errors', scope: 'service', faults: [], text: (s) => `${s} answers 5xx` },
  { key: 'latency', scope: 'service', faults: [], text: (s) => `${poss(s)} latency rises` },
  { key: 'throughput', scope: 'service', faults: [], text: (s) => `${poss(s)} successful requests drop` },
  { key: 'traffic', scope: 'service', faults: [], text: (s) => `${s} receives more requests than usual` },
  // A call edge.
  {
    key: 'timeout',
    scope: 'edge',
    faults: ['edge-latency', 'dependency-unreachable'],
    text: (a, b) => `${poss(a)} calls to ${b} time out`,
  },
  {
    key: 'slow',
    scope: 'edge',
    faults: ['edge-latency'],
    text: (a, b) => `${poss(a)} calls to ${b} slow down`,
  },
  {
    key: 'loss',
    scope: 'edge',
    faults: ['packet-loss'],
    text: (a, b) => `${poss(a)} calls to ${b} lose packets and are reset`,
  },
  {
    key: 'refused',
    scope: 'edge',
    faults: ['dependency-unreachable', 'misconfiguration'],
    text: (a, b) => `${poss(a)} connections to ${b} are refused`,
  },
  {
    key: 'dns',
    scope: 'edge',
    faults: ['dns-failure'],
    text: (a, b) => `${a} cannot resolve ${poss(b)} address`,
  },
  {
    key: 'tls',
    scope: 'edge',
    faults: ['expired-credential'],
    text: (a, b) => `${poss(a)} TLS handshakes with ${b} fail`,
  },
  {
    key: 'pool',
    scope: 'edge',
    faults: ['connection-pool-exhaustion'],
    text: (a, b) => `${a} waits for a free connection to ${b}`,
  },
  {
    key: 'retries',
    scope: 'edge',
    faults: ['retry-storm'],
    text: (a, b) => `${a} retries failed calls to ${b}, multiplying them`,
  },
  {
    key: 'stampede',
    scope: 'edge',
    faults: ['cache-stampede'],
    text: (a, b) => `${poss(a)} cache misses flood ${b}`,
  },
  {
    key: 'herd',
    scope: 'edge',
    faults: ['thundering-herd'],
    text: (a, b) => `${poss(a)} clients all call ${b} again in the same second`,
  },
  {
    key: 'auth',
    scope: 'edge',
    faults: ['credential-rotation', 'expired-credential'],
    text: (a, b) => `${b} refuses ${poss(a)} credentials`,
  },
  {
    key: 'quota',
    scope: 'edge',
    faults: ['quota-exhausted'],
    text: (a, b) => `${b} refuses ${poss(a)} calls over a quota`,
  },
  {
    key: 'stale-reads',
    scope: 'edge',
    faults: ['replication-lag'],
    text: (a, b) => `${poss(a)} reads from ${b} return old data`,
  },
  { key: 'failing', scope: 'edge', faults: [], text: (a, b) => `${b} answers ${poss(a)} calls with errors` },
  // A service for one segment of users, or in one region.
  {
    key: 'rejects-from',
    scope: 'service-segment',
    faults: ['flag-rollout', 'misconfiguration'],
    text: (s, _, w) => `${s} rejects requests from ${w}`,
  },
  {
    key: 'throws-for',
    scope: 'service-segment',
    faults: ['bad-deploy', 'flag-rollout'],
    text: (s, _, w) => `${poss(s)} code throws on requests from ${w}`,
  },
  {
    key: 'not-found-for',
    scope: 'service-segment',
    faults: ['data-loss'],
    text: (s, _, w) => `${s} finds nothing for ${w}`,
  },
  {
    key: 'fails-for',
    scope: 'service-segment',
    faults: [],
    text: (s, _, w) => `${s} fails requests from ${w}`,
  },
  {
    key: 'one-key-for',
    scope: 'service-segment',
    faults: ['hot-key'],
    text: (s, _, w) => `requests from ${w} all hit one key of ${s}`,
  },
  {
    key: 'duplicates-for',
    scope: 'service-segment',
    faults: ['silent-data-error', 'timezone-defect'],
    text: (s, _, w) => `${s} processes requests from ${w} twice`,
  },
  { key: 'fails-in', scope: 'service-region', faults: [], text: (s, _, w) => `${s} fails in ${w}` },
  {
    key: 'primary-in',
    scope: 'service-region',
    faults: ['split-brain', 'misconfiguration'],
    text: (s, _, w) => `${poss(s)} instance in ${w} takes writes as a primary`,
  },
  {
    key: 'down-in',
    scope: 'service-region',
    faults: ['dependency-unreachable'],
    text: (s, _, w) => `${s} cannot be reached in ${w}`,
  },
  {
    key: 'credential-in',
    scope: 'service-region',
    faults: ['expired-credential'],
    text: (s, _, w) => `${poss(s)} certificate in ${w} has expired`,
  },
  {
    key: 'lag-in',
    scope: 'service-region',
    faults: ['replication-lag'],
    text: (s, _, w) => `${s} falls behind its primary in ${w}`,
  },
  {
    key: 'timeout-in',
    scope: 'edge-region',
    faults: ['edge-latency', 'dependency-unreachable'],
    text: (a, b, w) => `${poss(a)} calls to ${b} time out in ${w}`,
  },
  {
    key: 'refused-in',
    scope: 'edge-region',
    faults: ['dependency-unreachable', 'misconfiguration'],
    text: (a, b, w) => `${poss(a)} connections to ${b} are refused in ${w}`,
  },
  {
    key: 'tls-in',
    scope: 'edge-region',
    faults: ['expired-credential'],
    text: (a, b, w) => `${poss(a)} TLS handshakes with ${b} fail in ${w}`,
  },
  // The users of a segment: what they feel, whatever the cause.
  { key: 'users-errors', scope: 'segment', faults: [], text: (_, __, w) => `users in ${w} see errors` },
  { key: 'users-slow', scope: 'segment', faults: [], text: (_, __, w) => `users in ${w} see slow responses` },
  { key: 'users-wrong', scope: 'segment', faults: [], text: (_, __, w) => `users in ${w} see wrong results` },
];

/** The keys of every condition template, for validation messages and tests. */
export const CONDITION_KEYS: readonly string[] = TEMPLATES.map((t) => t.key);

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/**
 * Every condition a chain may state on this system: each template of the taxonomy applied to every
 * service, edge, segment and region it fits. Deterministic and independent of the solution.
 *
 * @example conditionVocabulary(scenario).find((c) => c.id === 'timeout:orders>payments')?.label
 *   // "orders's calls to payments time out"
 */
export function conditionVocabulary(source: VocabularySource): Condition[] {
  const services = source.system.services;
  const edges = source.system.edges;
  const segments = uniq([...source.traffic.segments, ...(source.system.segments ?? [])].map((s) => s.id));
  const regionsOf = (id: string) => services.find((s) => s.id === id)?.regions ?? [];
  const out: Condition[] = [];
  const add = (t: Template, subject: string, serviceIds: readonly string[], where?: string) =>
    out.push({
      // A segment's users are the subject itself; anything else narrowed to a segment or region says where.
      id: `${t.key}:${subject}${where === undefined || t.scope === 'segment' ? '' : `@${where}`}`,
      label: t.text(serviceIds[0] ?? '', serviceIds[1] ?? '', where ?? ''),
      key: t.key,
      scope: t.scope,
      services: serviceIds,
      ...(where === undefined ? {} : { where }),
      faults: t.faults,
    });
  for (const t of TEMPLATES) {
    switch (t.scope) {
      case 'service':
        for (const s of services) add(t, s.id, [s.id]);
        break;
      case 'edge':
        for (const e of edges) add(t, `${e.from}>${e.to}`, [e.from, e.to]);
        break;
      case 'service-segment':
        for (const s of services) for (const seg of segments) add(t, s.id, [s.id], seg);
        break;
      case 'service-region':
        for (const s of services) for (const r of uniq(regionsOf(s.id))) add(t, s.id, [s.id], r);
        break;
      case 'edge-region':
        for (const e of edges)
          for (const r of uniq([...regionsOf(e.from), ...regionsOf(e.to)]))
            add(t, `${e.from}>${e.to}`, [e.from, e.to], r);
        break;
      case 'segment':
        for (const seg of segments) add(t, seg, [], seg);
        break;
    }
  }
  return out;
}
