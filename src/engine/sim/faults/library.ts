import type { FaultKind } from '../../scenario/faultKinds.ts';

/** What a fault kind changes in the model. */
export type Change = 'outcome' | 'latency' | 'resources';

/**
 * How a fault kind acts, as data: what it attaches to, what it changes, where an affected request fails
 * (inside the service, so a server span and a stack trace exist; in the caller's connection, so the callee
 * never sees the request; or nowhere) and the symptoms it leaves in each signal.
 */
export interface FaultKindSpec {
  readonly target: 'service' | 'edge';
  readonly changes: readonly Change[];
  readonly failsAt: 'server' | 'client' | 'none';
  /** The `error.type` spans and logs carry for an affected request. */
  readonly errorType: string;
  readonly status: number;
  readonly symptoms: { readonly logs: string; readonly metrics: string; readonly traces: string };
}

/** The fault library: every kind of the taxonomy and what it does. */
export const FAULT_LIBRARY: Readonly<Record<FaultKind, FaultKindSpec>> = {
  'cpu-saturation': {
    target: 'service',
    changes: ['resources', 'latency'],
    failsAt: 'none',
    errorType: 'timeout',
    status: 504,
    symptoms: {
      logs: 'callers log timeouts; the service logs slow requests',
      metrics:
        'process_cpu_seconds_total rate at the limit, container_cpu_cfs_throttled_seconds_total, latency up',
      traces: 'self time of the service grows',
    },
  },
  'memory-leak': {
    target: 'service',
    changes: ['resources', 'outcome', 'latency'],
    failsAt: 'client',
    errorType: 'ECONNRESET',
    status: 502,
    symptoms: {
      logs: 'heap out of memory, OOMKilled and BackOff events, startup lines after each restart',
      metrics: 'container_memory_working_set_bytes sawtooth, kube_pod_container_status_restarts_total climbs',
      traces: 'no spans from an instance while it restarts; callers see socket hang ups',
    },
  },
  'gc-pauses': {
    target: 'service',
    changes: ['resources', 'latency'],
    failsAt: 'none',
    errorType: 'timeout',
    status: 504,
    symptoms: {
      logs: 'GC log lines with long pauses',
      metrics: 'GC duration sum climbs, latency p99 spikes',
      traces: 'periodic slow spans in the service',
    },
  },
  'disk-full': {
    target: 'service',
    changes: ['resources', 'outcome'],
    failsAt: 'server',
    errorType: 'ENOSPC',
    status: 500,
    symptoms: {
      logs: 'No space left on device on writes',
      metrics: 'node_filesystem_avail_bytes falls to 0',
      traces: 'write operations fail',
    },
  },
  'connection-pool-exhaustion': {
    target: 'edge',
    changes: ['resources', 'outcome', 'latency'],
    failsAt: 'client',
    errorType: 'pool_timeout',
    status: 503,
    symptoms: {
      logs: 'timeouts acquiring a connection from the pool',
      metrics: 'db_client_connections_usage{state="used"} at db_client_connections_max, pending requests up',
      traces: 'client spans that wait the pool timeout and never reach the database',
    },
  },
  'fd-exhaustion': {
    target: 'service',
    changes: ['resources', 'outcome'],
    failsAt: 'server',
    errorType: 'EMFILE',
    status: 500,
    symptoms: {
      logs: 'EMFILE: too many open files',
      metrics: 'process_open_fds reaches process_max_fds',
      traces: 'errors on the service spans',
    },
  },
  'edge-latency': {
    target: 'edge',
    changes: ['latency'],
    failsAt: 'none',
    errorType: 'timeout',
    status: 504,
    symptoms: {
      logs: 'callers log timeouts',
      metrics: "the caller's client latency rises, the callee's server latency does not",
      traces: 'client span much longer than the server span below it',
    },
  },
  'packet-loss': {
    target: 'edge',
    changes: ['latency', 'outcome'],
    failsAt: 'client',
    errorType: 'ECONNRESET',
    status: 502,
    symptoms: {
      logs: 'sporadic timeouts and resets, retries',
      metrics: 'node_netstat_Tcp_RetransSegs climbs, success rate dips',
      traces: 'sporadic slow or failed client spans',
    },
  },
  'dependency-unreachable': {
    target: 'edge',
    changes: ['outcome', 'latency'],
    failsAt: 'client',
    errorType: 'ETIMEDOUT',
    status: 503,
    symptoms: {
      logs: 'connect ETIMEDOUT',
      metrics: 'callee traffic drops to zero, caller errors up',
      traces: 'client error spans with no server child',
    },
  },
  'dns-failure': {
    target: 'edge',
    changes: ['outcome'],
    failsAt: 'client',
    errorType: 'EAI_AGAIN',
    status: 503,
    symptoms: {
      logs: 'getaddrinfo EAI_AGAIN / no such host',
      metrics: 'error rate up on one edge',
      traces: 'client spans fail in a few milliseconds with no server child',
    },
  },
  'bad-deploy': {
    target: 'service',
    changes: ['outcome'],
    failsAt: 'server',
    errorType: 'Error',
    status: 500,
    symptoms: {
      logs: 'a stack trace in the service, callers see a generic error',
      metrics: 'errors start at the deploy',
      traces: 'errors start at the faulty span',
    },
  },
  misconfiguration: {
    target: 'service',
    changes: ['outcome'],
    failsAt: 'server',
    errorType: 'ConfigError',
    status: 500,
    symptoms: {
      logs: 'errors naming the wrong host, limit or key',
      metrics: 'errors on one call edge or route',
      traces: 'errors on one call edge',
    },
  },
  'expired-credential': {
    target: 'edge',
    changes: ['outcome'],
    failsAt: 'client',
    errorType: 'CERT_HAS_EXPIRED',
    status: 502,
    symptoms: {
      logs: 'certificate has expired / password authentication failed',
      metrics: 'error rate, often in one region',
      traces: 'TLS or database client spans error',
    },
  },
  'flag-rollout': {
    target: 'service',
    changes: ['outcome'],
    failsAt: 'server',
    errorType: 'Error',
    status: 500,
    symptoms: {
      logs: 'errors for the cohort only',
      metrics: 'error ratio near the rollout share',
      traces: 'error status on one operation, feature_flag.key on the span',
    },
  },
  'retry-storm': {
    target: 'edge',
    changes: ['outcome', 'resources', 'latency'],
    failsAt: 'server',
    errorType: 'Overloaded',
    status: 503,
    symptoms: {
      logs: 'retry warnings in the caller, overload errors in the callee',
      metrics: "the callee's request rate multiplies while user traffic is flat; CPU up",
      traces: 'many attempts per call',
    },
  },
  'queue-backlog': {
    target: 'service',
    changes: ['resources', 'latency'],
    failsAt: 'none',
    errorType: 'lag',
    status: 200,
    symptoms: {
      logs: 'consumer lag warnings',
      metrics: 'queue_messages_ready and queue_consumer_lag_seconds climb',
      traces: 'long gaps between producer and consumer spans',
    },
  },
  'cache-stampede': {
    target: 'edge',
    changes: ['resources', 'latency', 'outcome'],
    failsAt: 'none',
    errorType: 'timeout',
    status: 504,
    symptoms: {
      logs: 'slow queries in the database, timeouts in callers',
      metrics: 'cache misses jump, database load and latency up',
      traces: 'cache miss followed by a slow database span',
    },
  },
  'timezone-defect': {
    target: 'service',
    changes: ['outcome'],
    failsAt: 'none',
    errorType: '',
    status: 200,
    symptoms: {
      logs: 'business events at the wrong time or twice, logged at info',
      metrics: 'a business counter off for one region or segment',
      traces: 'nothing looks like an error',
    },
  },
  'silent-data-error': {
    target: 'service',
    changes: ['outcome'],
    failsAt: 'none',
    errorType: '',
    status: 200,
    symptoms: {
      logs: 'nothing at error level; an info line may show the wrong value',
      metrics: 'a business counter drifts',
      traces: 'all spans succeed',
    },
  },
  'clock-skew': {
    target: 'service',
    changes: ['outcome'],
    failsAt: 'server',
    errorType: 'NotBeforeError',
    status: 401,
    symptoms: {
      logs: 'tokens "not yet valid" on one host only',
      metrics:
        'node_timex_offset_seconds far from 0 and node_timex_sync_status 0 on that instance; 401s only there',
      traces: "the host's spans start before the client spans that called them",
    },
  },
  'lock-contention': {
    target: 'service',
    changes: ['latency', 'outcome'],
    failsAt: 'server',
    errorType: 'LockNotAvailable',
    status: 500,
    symptoms: {
      logs: 'lock-wait lines and lock timeouts naming one table',
      metrics: 'pg_stat_activity_count{wait_event_type="Lock"} and pg_locks_count climb while CPU stays flat',
      traces: 'database spans wait, with no more work done',
    },
  },
  'noisy-neighbour': {
    target: 'service',
    changes: ['latency'],
    failsAt: 'none',
    errorType: 'timeout',
    status: 504,
    symptoms: {
      logs: "nothing in the victim's own logs; callers log timeouts",
      metrics:
        'node_pressure_cpu_waiting_seconds_total climbs on one node while the victim uses no more CPU; latency up on that instance',
      traces: "the instance's spans take longer with no slower child: time lost outside its own work",
    },
  },
  'port-exhaustion': {
    target: 'service',
    changes: ['resources', 'outcome'],
    failsAt: 'client',
    errorType: 'EADDRNOTAVAIL',
    status: 503,
    symptoms: {
      logs: 'cannot assign requested address on one instance; ConntrackFull node events',
      metrics:
        'node_nf_conntrack_entries at node_nf_conntrack_entries_limit and node_sockstat_TCP_tw climbing on one node',
      traces: 'client spans fail in milliseconds with no server span below them',
    },
  },
  'credential-rotation': {
    target: 'edge',
    changes: ['outcome'],
    failsAt: 'server',
    errorType: 'Unauthorized',
    status: 401,
    symptoms: {
      logs: 'the callee rejects the old key; callers log 401s, only from the instances started before the rotation',
      metrics: 'http_client_requests_total{status="401"} on one edge from the rotation on',
      traces: 'client spans on that edge answered 401 by the callee',
    },
  },
  'quota-exhausted': {
    target: 'edge',
    changes: ['outcome'],
    failsAt: 'server',
    errorType: 'quota_exceeded',
    status: 429,
    symptoms: {
      logs: '429 quota exceeded from the provider, logged by the caller',
      metrics: 'successful calls to the provider flat-line at the quota while 429s take the rest',
      traces: 'provider spans answer 429 from a time of day on',
    },
  },
  'poison-message': {
    target: 'service',
    changes: ['outcome', 'resources'],
    failsAt: 'server',
    errorType: 'Error',
    status: 500,
    symptoms: {
      logs: 'the consumer fails on the same message again and again; consumer lag warnings',
      metrics:
        'queue_partition_messages_ready climbs on one partition, queue_consumer_lag_seconds grows with the time since, queue_messages_redelivered_total climbs',
      traces: 'failed consumer spans that all carry the same messaging.message.id',
    },
  },
  'thundering-herd': {
    target: 'edge',
    changes: ['resources', 'latency'],
    failsAt: 'none',
    errorType: 'timeout',
    status: 504,
    symptoms: {
      logs: "the callee's request queue overflows right after the outage that released the herd ended, callers log timeouts",
      metrics:
        "the callee's request rate spikes at the release and in waves a fixed interval apart, decaying as clients get through; its CPU at the limit; caller errors right after things came back",
      traces:
        'hundreds of identical calls from the caller in the same second, each wave, waiting in the callee before it works',
    },
  },
  'data-loss': {
    target: 'service',
    changes: ['outcome', 'resources'],
    failsAt: 'server',
    errorType: 'NotFound',
    status: 404,
    symptoms: {
      logs: 'the job logs success for every row it deletes; lookups of the lost keys answer not found, at info',
      metrics:
        'pg_stat_user_tables_n_tup_del climbs on one table while the job runs; 404s for one slice; no 5xx',
      traces: 'fast spans answered 404 for the lost keys: a lookup that finds nothing and nothing after it',
    },
  },
  'hot-key': {
    target: 'service',
    changes: ['latency', 'resources'],
    failsAt: 'none',
    errorType: 'timeout',
    status: 504,
    symptoms: {
      logs: "callers time out on one shard only (`shard 2: Query read timeout`); the store's slow statements name the same key",
      metrics:
        'the hot shard (label `shard`) takes far more operations, CPU and latency than the others; the totals move little',
      traces: 'slow (and timed-out) store spans that all carry the same db.key or cache.key',
    },
  },
  'split-brain': {
    target: 'service',
    changes: ['outcome'],
    failsAt: 'none',
    errorType: 'conflict',
    status: 409,
    symptoms: {
      logs: 'two primaries log accepting writes; replication conflicts (rows, both versions) once the partition heals; callers read back older versions',
      metrics:
        'writes on both sides (db_server_operations_total by instance), pg_replication_streaming 0, pg_replication_is_replica 0 on both, pg_replication_lag_seconds and pg_replication_conflicts_total climbing',
      traces: "writes landing on different primaries by region (the client span's server.address)",
    },
  },
  'replication-lag': {
    target: 'service',
    changes: ['outcome', 'resources'],
    failsAt: 'none',
    errorType: 'stale_read',
    status: 200,
    symptoms: {
      logs: 'the readers log read-after-write misses: a row just written is missing or older on the replica',
      metrics:
        'pg_replication_lag_seconds climbs on the lagging replica while the primary takes the writes and the replica the reads',
      traces: 'read spans marked db.replica return a row older than the last write (app.row.stale)',
    },
  },
  custom: {
    target: 'service',
    changes: ['outcome', 'latency'],
    failsAt: 'server',
    errorType: 'Error',
    status: 500,
    symptoms: {
      logs: 'the declared log line',
      metrics: 'the declared status, latency or business counter change',
      traces: 'the declared status and latency on the service span',
    },
  },
};
