import type { FaultKind } from '../engine/scenario/faultKinds.ts';

/** How a starting scenario shows one fault kind: the change that sets it off and the signals it leaves. */
interface KindRecipe {
  /** The timeline event that sets the fault off. */
  readonly event: 'deploy' | 'config' | 'flag' | 'certificate' | 'traffic';
  /** The callee when the kind acts on a call edge. */
  readonly edgeTo?: 'orders-db' | 'orders-cache' | 'tax-api';
  /** The service at fault, when not orders. */
  readonly service?: 'mailer' | 'orders-db' | 'orders-db-replica' | 'web';
  /** The config change that sets the fault off, when not the database pool's. */
  readonly config?: { readonly key: string; readonly value: string; readonly description: string };
  /** The kind leaves no line of its own in the service's logs: the fault declares none. */
  readonly silent?: true;
  /** The orders service and its database run in two regions (east and west), an instance of each there. */
  readonly regions?: true;
  /** Restarting the service at fault clears it too (what it holds is reloaded). */
  readonly restartClears?: true;
  /** What the fault did stays after it ends: restoring the database is the fix, undoing the change is not. */
  readonly restore?: true;
  readonly level: 'info' | 'warn' | 'error' | 'fatal';
  readonly message: string;
  /** The metric series that shows the fault, and its labels. */
  readonly metric: string;
  readonly metricLabels: string;
  /** More fault fields, one YAML line each. */
  readonly extra?: readonly string[];
  /** The text of the first log clue, when the fault's message is not what the logs show. */
  readonly logText?: string;
  /** A latency series as the first clue, for kinds that leave no log line of their own. */
  readonly latencyClue?: true;
  /**
   * An earlier config change the fault needs besides its trigger (its `enabledBy`), for kinds set off by a
   * surge of traffic, which cannot be undone: reverting this change is the way out.
   */
  readonly enabler?: { readonly key: string; readonly value: string; readonly description: string };
}

const SERVER_ERRORS = {
  metric: 'http_server_requests_total',
  metricLabels: '{ service: web, status: "502" }',
};

const RECIPES: Readonly<Record<FaultKind, KindRecipe>> = {
  'cpu-saturation': {
    event: 'traffic',
    level: 'warn',
    message: 'slow request: POST /api/orders took 2380ms',
    metric: 'container_cpu_cfs_throttled_seconds_total',
    metricLabels: '{ service: orders }',
    extra: ['severity: 0.9'],
    enabler: {
      key: 'resources.limits.cpu',
      value: '500m',
      description: "Lower orders' CPU limit from 2 cores to 500m after the capacity review.",
    },
  },
  'memory-leak': {
    event: 'deploy',
    level: 'fatal',
    message: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    metric: 'kube_pod_container_status_restarts_total',
    metricLabels: '{ service: orders }',
    extra: ['severity: 0.8'],
  },
  'gc-pauses': {
    event: 'deploy',
    level: 'warn',
    message: 'GC pause of 1450ms (mark-compact), heap 1.9GB',
    metric: 'nodejs_gc_duration_seconds_sum',
    metricLabels: '{ service: orders }',
    extra: ['severity: 0.8'],
  },
  'disk-full': {
    event: 'deploy',
    level: 'error',
    message: "ENOSPC: no space left on device, write '/var/lib/orders/spool/receipt.tmp'",
    metric: 'node_filesystem_avail_bytes',
    metricLabels: '{ service: orders }',
    extra: ['severity: 0.9'],
  },
  'connection-pool-exhaustion': {
    event: 'config',
    edgeTo: 'orders-db',
    level: 'error',
    message: 'timeout exceeded when trying to connect',
    metric: 'db_client_operations_total',
    metricLabels: '{ service: orders }',
    extra: ['severity: 0.9'],
  },
  'fd-exhaustion': {
    event: 'deploy',
    level: 'error',
    message: "EMFILE: too many open files, open '/etc/resolv.conf'",
    metric: 'process_open_fds',
    metricLabels: '{ service: orders }',
    extra: ['severity: 0.9'],
  },
  'edge-latency': {
    event: 'config',
    edgeTo: 'orders-db',
    level: 'warn',
    message: 'slow query: SELECT orders took 640ms',
    metric: 'db_client_operation_duration_seconds_sum',
    metricLabels: '{ service: orders }',
    // Under the edge's 1 s timeout: the calls are slow, not failed, so the warning is on orders' lines.
    extra: ['addedLatency: 600ms'],
  },
  'packet-loss': {
    event: 'config',
    edgeTo: 'orders-db',
    level: 'error',
    message: 'read ECONNRESET',
    metric: 'node_netstat_Tcp_RetransSegs',
    metricLabels: '{ service: orders }',
    extra: ['severity: 0.8'],
  },
  'dependency-unreachable': {
    event: 'config',
    edgeTo: 'orders-db',
    level: 'error',
    message: 'connect ETIMEDOUT 10.0.3.17:5432',
    ...SERVER_ERRORS,
    extra: ['errorRate: 0.4'],
  },
  'dns-failure': {
    event: 'config',
    edgeTo: 'orders-db',
    level: 'error',
    message: 'getaddrinfo EAI_AGAIN orders-db',
    ...SERVER_ERRORS,
    extra: ['errorRate: 0.4'],
  },
  'bad-deploy': {
    event: 'deploy',
    level: 'error',
    message: "TypeError: Cannot read properties of undefined (reading 'currency')",
    ...SERVER_ERRORS,
    extra: ['errorRate: 0.3'],
  },
  misconfiguration: {
    event: 'config',
    level: 'error',
    message: 'invalid configuration: RECEIPTS_BUCKET is not set',
    ...SERVER_ERRORS,
    extra: ['errorRate: 0.3'],
  },
  'expired-credential': {
    // A deploy that starts checking orders-db's certificate finds it expired: rolling it back is the way out.
    event: 'deploy',
    edgeTo: 'orders-db',
    level: 'error',
    message: 'self-signed certificate in certificate chain: certificate has expired',
    ...SERVER_ERRORS,
  },
  'flag-rollout': {
    event: 'flag',
    level: 'error',
    message: "TypeError: Cannot read properties of null (reading 'total')",
    ...SERVER_ERRORS,
    extra: ['errorRate: 0.25'],
  },
  'retry-storm': {
    event: 'traffic',
    edgeTo: 'orders-db',
    level: 'error',
    message: 'service overloaded: too many concurrent requests',
    metric: 'db_server_operations_total',
    metricLabels: '{ service: orders-db }',
    extra: ['severity: 0.8'],
    enabler: {
      key: 'ORDERS_DB_RETRIES',
      value: '5',
      description: "Raise orders' database retries from 1 to 5, with no back-off.",
    },
  },
  'queue-backlog': {
    event: 'deploy',
    service: 'mailer',
    level: 'warn',
    message: 'consumer lag 340s on queue receipts',
    metric: 'queue_consumer_lag_seconds',
    metricLabels: '{}',
    extra: ['severity: 0.9'],
  },
  'cache-stampede': {
    event: 'config',
    edgeTo: 'orders-cache',
    level: 'warn',
    message: 'slow query: SELECT orders took 2100ms',
    metric: 'db_server_operations_total',
    metricLabels: '{ service: orders-db }',
    extra: ['severity: 0.9'],
  },
  'timezone-defect': {
    event: 'deploy',
    level: 'info',
    message: 'receipt scheduled for order',
    metric: 'receipts_sent_total',
    metricLabels: '{}',
    extra: ['counter: { name: receipts_sent_total, factor: 2 }'],
  },
  'silent-data-error': {
    event: 'deploy',
    level: 'info',
    message: 'order total computed without tax',
    metric: 'receipts_sent_total',
    metricLabels: '{}',
    extra: ['counter: { name: receipts_sent_total, factor: 0 }'],
  },
  'clock-skew': {
    event: 'config',
    config: {
      key: 'nodePool',
      value: 'general-v3',
      description: 'Move orders to the general-v3 node pool.',
    },
    level: 'error',
    message: 'NotBeforeError: jwt not active',
    metric: 'node_timex_offset_seconds',
    metricLabels: '{ service: orders }',
    extra: ['severity: 0.8'],
  },
  'lock-contention': {
    event: 'config',
    service: 'orders-db',
    config: {
      key: 'EXPORT_ISOLATION',
      value: 'serializable',
      description: 'Run the order export in one serializable transaction.',
    },
    level: 'error',
    message: 'canceling statement due to lock timeout',
    metric: 'pg_stat_activity_count',
    metricLabels: '{ service: orders-db }',
    extra: ['severity: 0.8'],
  },
  'noisy-neighbour': {
    event: 'config',
    config: {
      key: 'nodeSelector',
      value: 'pool=shared',
      description: 'Schedule orders on the shared node pool to save cost.',
    },
    level: 'warn',
    message: '',
    silent: true,
    latencyClue: true,
    metric: 'node_pressure_cpu_waiting_seconds_total',
    metricLabels: '{ service: orders }',
    extra: ['severity: 0.9'],
  },
  'port-exhaustion': {
    event: 'config',
    config: {
      key: 'ORDERS_DB_KEEPALIVE',
      value: 'false',
      description: 'Open a new connection per query to orders-db instead of keeping them alive.',
    },
    level: 'error',
    message: 'connect EADDRNOTAVAIL {host} - Local (0.0.0.0:0)',
    logText: 'connect EADDRNOTAVAIL',
    metric: 'node_nf_conntrack_entries',
    metricLabels: '{ service: orders }',
    extra: ['severity: 0.9'],
  },
  'credential-rotation': {
    event: 'config',
    edgeTo: 'orders-db',
    config: {
      key: 'secret/orders-db-password',
      value: 'v8',
      description: 'Rotate the orders database password (quarterly rotation).',
    },
    level: 'error',
    message: 'password authentication failed for user "orders"',
    restartClears: true,
    ...SERVER_ERRORS,
    extra: ['severity: 0.6'],
  },
  'quota-exhausted': {
    event: 'traffic',
    edgeTo: 'tax-api',
    level: 'warn',
    message: "429 Too Many Requests: Quota exceeded for quota metric 'requests'",
    metric: 'http_client_requests_total',
    metricLabels: '{ service: orders, status: "429" }',
    extra: ['severity: 0.7'],
    enabler: {
      key: 'TAX_API_PLAN',
      value: 'starter',
      description: 'Move the tax API subscription to the starter plan to cut cost.',
    },
  },
  'poison-message': {
    event: 'deploy',
    service: 'mailer',
    level: 'error',
    message:
      "message {message} failed, requeued: TypeError: Cannot read properties of undefined (reading 'email')",
    logText: 'failed, requeued',
    metric: 'queue_messages_redelivered_total',
    metricLabels: '{}',
    extra: ['severity: 0.7'],
  },
  // orders-db goes away for four minutes; when it is back, the shoppers who waited all check out at once.
  'thundering-herd': {
    event: 'deploy',
    service: 'web',
    level: 'warn',
    message: 'request queue full',
    logText: 'request queue full',
    metric: 'http_server_requests_total',
    metricLabels: '{ service: orders }',
    silent: true,
    extra: ['severity: 0.8'],
  },
  'data-loss': {
    event: 'config',
    config: {
      key: 'ORDERS_ARCHIVE_JOB',
      value: 'enabled',
      description: 'Turn on the job that archives orders older than two years.',
    },
    level: 'info',
    message: 'NotFoundError: no order for the requested id',
    logText: 'deleted order',
    metric: 'pg_stat_user_tables_n_tup_del',
    metricLabels: '{ relname: orders }',
    extra: ['severity: 0.9', 'errorRate: 0.3', 'restorable: 0.9'],
    restore: true,
  },
  'hot-key': {
    event: 'config',
    service: 'orders-db',
    config: {
      key: 'PARTNER_STATUS_POLL',
      value: '1s',
      description: "Let the partner portal poll its latest order's status every second.",
    },
    silent: true,
    level: 'info',
    message: 'duration: 1204.331 ms  execute <unnamed>: SELECT orders WHERE key = $1',
    logText: 'parameters: $1',
    metric: 'db_server_operations_total',
    metricLabels: '{ service: orders-db, shard: "2" }',
    extra: ['route: "SELECT orders"', 'shard: 2', 'key: "orders:partner-7"', 'severity: 0.8'],
  },
  'split-brain': {
    event: 'config',
    service: 'orders-db',
    regions: true,
    silent: true,
    config: {
      key: 'failover.quorum',
      value: '1',
      description:
        'Let the failover controller promote a replica on one observer’s vote, to fail over faster.',
    },
    level: 'info',
    message: 'running as primary on timeline 2: accepting writes, no standby connected',
    logText: 'accepting writes',
    metric: 'pg_replication_streaming',
    metricLabels: '{ service: orders-db }',
    extra: ['region: west', 'severity: 0.6'],
  },
  'replication-lag': {
    event: 'config',
    service: 'orders-db-replica',
    config: {
      key: 'BACKFILL_ORDER_TOTALS',
      value: 'on',
      description: 'Start the backfill that recomputes the total of every order (rewrites each row).',
    },
    level: 'warn',
    message: 'read-after-write check failed: order read back is older than the version just saved',
    logText: 'read-after-write check failed',
    metric: 'pg_replication_lag_seconds',
    metricLabels: '{ service: orders-db-replica }',
    extra: ['severity: 0.6', 'rampUp: 5m'],
  },
  custom: {
    event: 'deploy',
    level: 'error',
    message: 'order rejected: inventory reservation expired',
    ...SERVER_ERRORS,
    extra: ['errorRate: 0.3', 'status: 500'],
  },
};

function eventYaml(recipe: KindRecipe, service: string): string {
  const common = `  - id: change-1\n    at: \${2026-11-12T01:30:00Z + shift}\n    author: \${author}\n`;
  switch (recipe.event) {
    case 'deploy':
      return `${common}    kind: deploy\n    service: ${service}\n    version: 3.2.0\n    description: "${service} 3.2.0: batch receipts (PR #412)"`;
    case 'config':
      return recipe.config
        ? `${common}    kind: config\n    service: ${service}\n    key: ${recipe.config.key}\n    value: "${recipe.config.value}"\n    description: ${recipe.config.description}`
        : `${common}    kind: config\n    service: orders\n    key: ORDERS_DB_POOL\n    value: "4"\n    description: Lower the orders database pool from 20 to 4 to free connections for reporting.`;
    case 'flag':
      return `${common}    kind: flag\n    service: orders\n    key: fast-receipts\n    value: "25%"\n    description: Roll fast-receipts out to a quarter of shoppers.`;
    case 'certificate':
      return `${common}    kind: certificate\n    service: orders\n    expires: \${2026-11-12T01:30:00Z + shift}\n    description: The orders client certificate for orders-db reaches its expiry date.`;
    case 'traffic':
      return `${common}    kind: traffic\n    factor: 3\n    description: The evening newsletter goes out; traffic triples.`;
  }
}

/**
 * How a starting scenario weighs the actions a responder may take: undoing the change that set the fault
 * off is right (when the trigger is a surge of traffic, which cannot be undone, the change that let it
 * hurt; renewing an expired certificate); restarting the service at fault and reverting the innocent web
 * change are wrong ones whose consequences lint compares with it.
 */
function mitigationsYaml(recipe: KindRecipe, service: string): string {
  const undo =
    recipe.event === 'deploy'
      ? 'rollback:change-1'
      : recipe.enabler
        ? 'revert:change-2'
        : recipe.event === 'certificate'
          ? 'renew:change-1'
          : 'revert:change-1';
  // The job has gone through its rows by the page: stopping it brings nothing back, a restore does.
  if (recipe.restore)
    return `mitigations:
  restore:orders-db: { right: true }
  ${undo}: {}
  revert:change-0: {}`;
  return `mitigations:
  ${undo}: { right: true }
  restart:${service}: {${recipe.restartClears ? ' right: true ' : ''}}
  revert:change-0: {}`;
}

/**
 * A starting scenario for one fault kind: a storefront (web → orders → orders-db, plus a cache or a queue
 * when the kind needs one), the fault set off by a change, a page and a ticket, a solution whose clues span
 * logs, metrics, changes and the inbox, hints and a variants block. Valid as written; comments say what to
 * change.
 */
export function scaffoldScenario(id: string, kind: FaultKind): string {
  const r = RECIPES[kind];
  const service = r.service ?? 'orders';
  const cache = r.edgeTo === 'orders-cache';
  const queue = kind === 'queue-backlog' || kind === 'poison-message';
  const provider = r.edgeTo === 'tax-api';
  const counter = kind === 'timezone-defect' || kind === 'silent-data-error';
  // Orders saves to the primary and reads the order back from a replica, as it was told to save load.
  const replica = kind === 'replication-lag';
  const ordersCalls = [
    ...(replica
      ? [
          '{ service: orders-db, route: "INSERT orders" }',
          '{ service: orders-db-replica, route: "SELECT orders" }',
        ]
      : []),
    ...(replica
      ? []
      : cache
        ? [
            '{ service: orders-cache, route: "GET order" }',
            '{ service: orders-db, route: "SELECT orders", onMiss: true }',
          ]
        : ['{ service: orders-db, route: "SELECT orders" }']),
    ...(queue ? ['{ service: orders-queue, route: "publish receipts", async: true }'] : []),
    ...(provider ? ['{ service: tax-api, route: "POST /v1/tax" }'] : []),
  ];
  const extraServices = [
    ...(replica
      ? [
          '    - id: orders-db-replica\n      kind: database\n      replicaOf: orders-db\n      endpoints:\n        - { route: "SELECT orders", latency: 4ms }',
        ]
      : []),
    ...(cache
      ? [
          '    - id: orders-cache\n      kind: cache\n      endpoints:\n        - { route: "GET order", latency: 1ms }',
        ]
      : []),
    ...(queue
      ? [
          '    - id: orders-queue\n      kind: queue\n      endpoints:\n        - { route: "publish receipts", latency: 2ms, calls: [{ service: mailer, route: "send receipt" }] }',
          '    - id: mailer\n      name: Receipt mailer\n      kind: worker\n      language: typescript\n      endpoints:\n        - { route: "send receipt", latency: 40ms }',
        ]
      : []),
    ...(provider
      ? [
          '    - id: tax-api\n      name: Tax provider\n      kind: api\n      language: go\n      endpoints:\n        - { route: "POST /v1/tax", latency: 60ms }',
        ]
      : []),
  ];
  const edges = [
    '    - { from: web, to: orders, timeout: 2s }',
    `    - { from: orders, to: orders-db, timeout: 1s, pool: 20 }`,
    ...(cache ? ['    - { from: orders, to: orders-cache, timeout: 200ms, hitRatio: 0.95 }'] : []),
    ...(replica ? ['    - { from: orders, to: orders-db-replica, timeout: 1s, pool: 20 }'] : []),
    ...(queue
      ? ['    - { from: orders, to: orders-queue }', '    - { from: orders-queue, to: mailer }']
      : []),
    ...(provider ? ['    - { from: orders, to: tax-api, timeout: 2s }'] : []),
  ];
  const herd = kind === 'thundering-herd';
  // The reader logs what it read back from a replica; an edge's caller logs what the call did.
  const logService = r.edgeTo !== undefined || herd || replica ? 'orders' : service;
  const fault = [
    // A herd is released by the end of an outage: the shoppers who waited it out come back together.
    ...(herd
      ? [
          '  - id: outage-1',
          '    kind: dependency-unreachable',
          '    service: orders-db',
          '    trigger: change-1',
          `    until: \${2026-11-12T01:34:00Z + shift}`,
        ]
      : []),
    `  - id: ${kind}-1`,
    `    kind: ${kind}`,
    `    service: ${service}`,
    ...(r.edgeTo ? [`    edge: { from: orders, to: ${r.edgeTo} }`] : []),
    ...(herd
      ? ['    edge: { from: web, to: orders }', '    releasedBy: outage-1']
      : ['    trigger: change-1']),
    ...(r.enabler ? ['    enabledBy: [change-2]'] : []),
    ...(r.extra ?? []).map((l) => `    ${l}`),
    ...(r.silent
      ? []
      : ['    log:', `      level: ${r.level}`, `      message: ${JSON.stringify(r.message)}`]),
  ];
  const fragment = r.logText ?? r.message.split(/[:(]/)[0]!.trim().slice(0, 40);
  const firstClue = r.latencyClue
    ? `      description: orders answers more slowly from the time of the change.\n      metric: { name: http_server_request_duration_seconds_sum, labels: { service: orders } }`
    : `      description: ${logService} logs the fault's own line from the time of the change.\n      log: { service: ${logService}, contains: ${JSON.stringify(fragment)} }`;
  const firstStep = r.latencyClue
    ? `    - { tool: metrics, query: 'rate(http_server_request_duration_seconds_sum{service="orders"}[5m])', note: "orders slows down." }`
    : `    - { tool: logs, query: '{service="${logService}"} |= ${JSON.stringify(fragment)}', note: "${logService} logs the fault's line." }`;
  return `# yaml-language-server: $schema=./schema.json
# A starting scenario for a ${kind} fault, made by \`twoam new\`. It validates and lints as it is; make it
# your own: rename the services, write the story in the briefing and the explanation, add code, docs and
# dashboards, and check with \`twoam validate\` and \`twoam lint\` as you go. scenarios/README.md has the guide.
id: ${id}
title: Receipts at midnight  # what the picker shows: name the symptom, never the cause
difficulty: standard
summary: >-
  Shoppers report trouble at checkout late in the evening. Find what fails, why, and what set it off.
estimatedMinutes: 20
tags: [checkout, starter]  # shown in the picker: topics, never the fault kind
seed: 1
window: { start: 2026-11-12T01:00:00Z, end: 2026-11-12T03:00:00Z }

system:
  services:
    - id: web
      name: Storefront
      kind: frontend
      language: typescript
      instances: 2
      endpoints:
        - { route: "GET /", rate: 6, latency: 15ms }
        - { route: "POST /checkout", rate: 3, latency: 30ms, calls: [{ service: orders, route: "POST /api/orders" }] }
    - id: orders
      name: Orders service
      kind: api
      language: typescript
      instances: \${ordersInstances}  # varies per play: see variants at the end
${r.regions ? '      regions: [east, west]\n' : ''}      endpoints:
        - { route: "POST /api/orders", latency: 25ms, calls: [${ordersCalls.join(', ')}] }
    - id: orders-db
      kind: database
${kind === 'hot-key' ? '      instances: 4\n      shards: 4  # the keys are split over four shards\n' : ''}${r.regions ? '      instances: 2\n      regions: [east, west]\n' : ''}      endpoints:
        - { route: "SELECT orders", latency: 4ms }${replica ? '\n        - { route: "INSERT orders", latency: 6ms }' : ''}
${extraServices.join('\n')}${extraServices.length ? '\n' : ''}  edges:
${edges.join('\n')}
${counter ? '\nmetrics:\n  - { name: receipts_sent_total, help: Receipts e-mailed to shoppers., service: orders, route: "POST /api/orders" }\n' : ''}
# Every fault is set off by something a person could see: a deploy, a config or flag change, a date.
timeline:
  - id: change-0
    at: 2026-11-12T00:40:00Z
    kind: config
    service: web
    author: dana.ops
    description: Raise nginx keepalive_timeout from 65s to 75s.
${eventYaml(r, replica ? 'orders' : service)}${r.enabler ? `\n  - id: change-2\n    at: 2026-11-05T14:00:00Z\n    kind: config\n    service: orders\n    author: dana.ops\n    key: ${r.enabler.key}\n    value: "${r.enabler.value}"\n    description: ${JSON.stringify(r.enabler.description)}` : ''}

# The hidden fault. \`twoam lint\` checks it leaves a symptom; scenarios/README.md lists each kind's parameters.
faults:
${fault.join('\n')}

# Background lines, unrelated to the incident: one of them is the red herring below.
noise:
  - { service: orders-db, every: 4m, level: warn, message: "checkpoints are occurring too frequently (24 seconds apart)" }
  - { service: orders, every: 1m, level: info, message: "price list refreshed (2210 entries)" }

briefing:
  page:
    title: "[FIRING] CheckoutDegraded: checkout is not healthy"
    severity: SEV2
    at: \${2026-11-12T01:55:00Z + shift}
    body: >-
      Checkout health dropped a little before the page. Find what is failing, why, and what set it off.
  tickets:
    - id: t-1
      at: \${2026-11-12T01:50:00Z + shift}
      from: support
      subject: Checkout trouble tonight
      body: >-
        A few shoppers wrote in about checkout in the last twenty minutes. Earlier today it worked.

hints:
  - { text: "Start where shoppers feel it, then follow the call from web to what it calls.", cost: 5, clue: first-symptom }
  - { text: "What changed shortly before the trouble began?", cost: 10, clue: the-change }
  - { text: "Look at the metrics of the service you suspect over the same time.", cost: 10, clue: metric-symptom }

# Every verb works on every target of the system (Respond lists them all, labelled alike); this section
# only weighs them, keyed by action id. The simulation plays each one out from the page; lint checks that
# the right ones clear the symptoms and that a wrong one listed here visibly does not.
${mitigationsYaml(r, service)}

solution:
  rootCause: { component: ${service}, fault: ${kind}, trigger: change-1 }
  # The story the debrief tells. Keep its wording out of the briefing: lint looks for leaks.
  explanation: >-
    At \${2026-11-12T01:30:00Z + shift} change-1 went out on ${service}. From then on ${
      r.silent
        ? `${service} answers more slowly`
        : `${service} logs
    "${r.message.replace(/"/g, "'")}" for affected requests`
    }, and checkout degrades for shoppers.
  nodes:
    - { id: ${service}-failing, kind: condition, label: "${service} misbehaves after the change", means: [errors:${service}, latency:${service}] }
    - { id: checkout-degraded, kind: symptom, label: "checkout is degraded for shoppers", means: [errors:web, latency:web] }
  chain:
    - { from: change-1, to: ${service}-failing, clues: [the-change, first-symptom] }
    - { from: ${service}-failing, to: checkout-degraded, clues: [metric-symptom, shoppers-report] }
  clues:
    - id: first-symptom
${firstClue}
    - id: metric-symptom
      description: The metric moves when the fault begins.
      metric: { name: ${r.metric}, labels: ${r.metricLabels} }
    - id: the-change
      description: change-1 went out just before the trouble began.
      change: change-1
    # The page says only that something is wrong, so it is no clue; the shoppers' ticket says how it shows.
    - id: shoppers-report
      description: Shoppers write in that checkout fails for them tonight, though it worked earlier today.
      ticket: t-1
  redHerrings:
    - id: db-checkpoints
      description: orders-db warns about frequent checkpoints, but it did so all evening.
      log: { service: orders-db, contains: "checkpoints are occurring too frequently" }
  # The reference investigation: the reference bot plays it and must score 90 or more.
  path:
    - { tool: inbox, note: "Read the page and the ticket." }
${firstStep}
    - { tool: metrics, query: '${r.metric}${r.metricLabels === '{}' ? '' : `{service="${r.metricLabels.replace(/^\{ service: ([\w-]+).*$/, '$1')}"}`}', note: "The metric moves at the same time." }
    - { tool: changes, note: "change-1 went out just before." }
    - { tool: logs, query: '{service="orders-db"} |= "checkpoints"', note: "The checkpoint warnings predate the incident." }

# Seeded parameters: every play picks other values, so answers cannot be shared. Variant 0 is the first
# choice of each (and the middle of each range); \`twoam lint\` plays five more.
variants:
  params:
    shift: { between: [-15m, 15m] }
    ordersInstances: { choose: [2, 3] }
    author: { choose: [sam.dev, priya.dev, lee.dev] }
`;
}
