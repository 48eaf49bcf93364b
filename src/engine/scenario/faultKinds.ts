/**
 * The closed taxonomy of fault kinds a diagnosis chooses from. A scenario's faults and its root cause use
 * these names; `shared/FAULTS.md` describes the symptoms each must leave.
 */
export const FAULT_KINDS = [
  'cpu-saturation',
  'memory-leak',
  'gc-pauses',
  'disk-full',
  'connection-pool-exhaustion',
  'fd-exhaustion',
  'edge-latency',
  'packet-loss',
  'dependency-unreachable',
  'dns-failure',
  'bad-deploy',
  'misconfiguration',
  'expired-credential',
  'flag-rollout',
  'retry-storm',
  'queue-backlog',
  'cache-stampede',
  'timezone-defect',
  'silent-data-error',
  'clock-skew',
  'lock-contention',
  'noisy-neighbour',
  'port-exhaustion',
  'credential-rotation',
  'quota-exhausted',
  'poison-message',
  'thundering-herd',
  'custom',
] as const;

/** One fault kind of the taxonomy. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a person reads for each kind in the diagnosis form and the debrief. */
export const FAULT_KIND_LABELS: Readonly<Record<FaultKind, string>> = {
  'cpu-saturation': 'CPU saturation',
  'memory-leak': 'Memory leak (OOM restarts)',
  'gc-pauses': 'Garbage-collection pauses',
  'disk-full': 'Disk full',
  'connection-pool-exhaustion': 'Connection-pool exhaustion',
  'fd-exhaustion': 'File-descriptor exhaustion',
  'edge-latency': 'Network latency on a call edge',
  'packet-loss': 'Packet loss',
  'dependency-unreachable': 'Dependency unreachable',
  'dns-failure': 'DNS failure',
  'bad-deploy': 'Bad deploy (code defect)',
  misconfiguration: 'Config or environment misconfiguration',
  'expired-credential': 'Expired credential or certificate',
  'flag-rollout': 'Feature-flag rollout failing for a cohort',
  'retry-storm': 'Retry storm',
  'queue-backlog': 'Queue backlog',
  'cache-stampede': 'Cache stampede',
  'timezone-defect': 'Clock, timezone or DST defect',
  'silent-data-error': 'Silent data error',
  'clock-skew': 'Clock skew on a host',
  'lock-contention': 'Lock contention',
  'noisy-neighbour': 'Noisy neighbour on a shared node',
  'port-exhaustion': 'Ephemeral-port or conntrack exhaustion',
  'credential-rotation': 'Secret rotated under its callers',
  'quota-exhausted': 'Third-party quota exhausted',
  'poison-message': 'Poison message in a queue',
  'thundering-herd': 'Thundering herd after recovery',
  custom: 'Other business-logic fault',
};
