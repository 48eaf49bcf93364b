import type { FaultKind } from '../../scenario/faultKinds.ts';
import { faultStartText } from '../../scenario/faultStart.ts';
import { instanceSlots } from '../../scenario/instanceRefs.ts';
import type { Fault, Scenario } from '../../scenario/schema.ts';
import { parseDuration, parseTimestamp } from '../../scenario/units.ts';
import type { EdgeModel, InstModel, SvcModel, SystemModel } from '../model/model.ts';
import { hotKeyOf } from '../model/shards.ts';
import type { FaultKindSpec } from './library.ts';
import { FAULT_LIBRARY } from './library.ts';

/** A fault compiled for the request loop: where and when it acts, and the outcome it gives a request. */
export interface Effect {
  readonly idx: number;
  readonly fault: Fault;
  readonly kind: FaultKind;
  readonly spec: FaultKindSpec;
  readonly svc: SvcModel;
  readonly edge: EdgeModel | undefined;
  readonly fromMs: number;
  /** When it stops; a mitigation (a rollback, a hot fix) may bring it forward. */
  untilMs: number;
  /**
   * Whether what it did outlasts it: data a destructive operation deleted stays deleted after the operation
   * stops, until a restore, so its requests go on failing past `untilMs` at the rate the run sets.
   */
  readonly lasting: boolean;
  /** How long it takes from `fromMs` to reach full strength; 0 when it hits at once. */
  readonly rampMs: number;
  readonly route: string | undefined;
  readonly segment: string | undefined;
  readonly region: string | undefined;
  /** The places of the service's instances it acts on (`cart-3` is place 2), or undefined for all. */
  readonly slots: readonly boolean[] | undefined;
  /** Only instances running this version, when set. */
  readonly version: string | undefined;
  readonly severity: number;
  /** Chance an affected request fails; kinds whose failures come from resources set it per tick. */
  errorRate: number;
  readonly failsAt: 'server' | 'client' | 'none';
  readonly status: number;
  readonly errorType: string;
  /** What the failing side logs; `{peer}` and `{host}` are filled in per call. */
  readonly message: string;
  readonly stack: readonly string[];
  readonly level: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  readonly addMs: number;
  readonly counter: { readonly name: string; readonly factor: number } | undefined;
  /** The request line carries the fault's message although the request succeeds (an info-level symptom). */
  readonly annotates: boolean;
  /** The feature flag a rollout fault belongs to, from its trigger event. */
  readonly flag: string | undefined;
  /**
   * The instances it is confined to (of its service, or of the caller on an edge), chosen when it first
   * acts; undefined for faults on every instance.
   */
  hosts: Set<number> | undefined;
  /** Attributes the spans it fails or annotates carry (the message a poison message's retries share). */
  readonly attrs: Readonly<Record<string, string | number>> | undefined;
}

/** A message id that stays the same for a fault from play to play: its redeliveries all carry it. */
export function messageIdOf(faultId: string): string {
  let h = 2166136261;
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    for (let i = 0; i < faultId.length; i++) h = Math.imul(h ^ faultId.charCodeAt(i), 16777619);
    h = Math.imul(h ^ round, 16777619);
    hex += (h >>> 0).toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const RUNTIME_ERRORS: Readonly<Record<string, string>> = {
  go: 'panic: runtime error: invalid memory address or nil pointer dereference',
  java: 'java.lang.NullPointerException: Cannot invoke "Object.toString()" because "value" is null',
  python: "AttributeError: 'NoneType' object has no attribute 'get'",
};

/** The message an affected request leaves when the author did not write one. */
function defaultMessage(
  kind: FaultKind,
  svc: SvcModel,
  edge: EdgeModel | undefined,
  route: string | undefined,
): string {
  const lang = svc.spec.language ?? 'typescript';
  const peer = edge?.to.id ?? svc.id;
  const go = lang === 'go';
  switch (kind) {
    case 'disk-full':
      return svc.spec.kind === 'database'
        ? 'could not extend file "base/16384/24601": No space left on device'
        : "ENOSPC: no space left on device, write '/var/lib/app/spool/batch.tmp'";
    case 'fd-exhaustion':
      return go
        ? 'accept tcp [::]:8080: accept4: too many open files'
        : "EMFILE: too many open files, open '/etc/resolv.conf'";
    case 'connection-pool-exhaustion':
      return lang === 'java'
        ? 'HikariPool-1 - Connection is not available, request timed out after {timeout}ms.'
        : 'timeout exceeded when trying to connect';
    case 'dependency-unreachable':
      return go ? `dial tcp {host}: i/o timeout` : `connect ETIMEDOUT {host}`;
    case 'dns-failure':
      return go
        ? `dial tcp: lookup ${peer} on 10.96.0.10:53: server misbehaving`
        : `getaddrinfo EAI_AGAIN ${peer}`;
    case 'expired-credential':
      return edge && edge.to.spec.kind === 'database'
        ? `password authentication failed for user "${svc.id.replace(/-/g, '_')}"`
        : go
          ? `tls: failed to verify certificate: x509: certificate has expired or is not yet valid`
          : 'certificate has expired';
    case 'misconfiguration':
      return edge ? `connect ECONNREFUSED {host}` : 'invalid configuration: required setting is missing';
    case 'retry-storm':
      return 'service overloaded: too many concurrent requests';
    case 'packet-loss':
      return go ? 'read tcp {host}: read: connection reset by peer' : 'read ECONNRESET';
    case 'memory-leak':
      return 'socket hang up';
    case 'clock-skew':
      return go
        ? 'token has invalid claims: token is not valid yet'
        : lang === 'java'
          ? 'io.jsonwebtoken.PrematureJwtException: JWT must not be accepted before its nbf time'
          : lang === 'python'
            ? 'jwt.exceptions.ImmatureSignatureError: The token is not yet valid (iat)'
            : 'NotBeforeError: jwt not active';
    case 'lock-contention':
      return svc.spec.kind === 'database'
        ? 'canceling statement due to lock timeout'
        : lang === 'java'
          ? 'org.springframework.dao.CannotAcquireLockException: could not obtain lock on row'
          : 'timed out waiting for a row lock';
    case 'port-exhaustion':
      return go
        ? 'dial tcp {host}: connect: cannot assign requested address'
        : lang === 'java'
          ? 'java.net.BindException: Cannot assign requested address'
          : lang === 'python'
            ? '[Errno 99] Cannot assign requested address'
            : 'connect EADDRNOTAVAIL {host} - Local (0.0.0.0:0)';
    case 'credential-rotation':
      return edge && edge.to.spec.kind === 'database'
        ? `password authentication failed for user "${svc.id.replace(/-/g, '_')}"`
        : `authentication failed: API key presented by ${svc.id} is not active`;
    case 'poison-message':
      return `message {message} failed, requeued: ${RUNTIME_ERRORS[lang] ?? "TypeError: Cannot read properties of undefined (reading 'currency')"}`;
    case 'data-loss':
      return go
        ? 'record not found: sql: no rows in result set'
        : lang === 'java'
          ? 'org.springframework.dao.EmptyResultDataAccessException: Incorrect result size: expected 1, actual 0'
          : lang === 'python'
            ? 'sqlalchemy.exc.NoResultFound: No row was found when one was required'
            : 'NotFoundError: no record for the requested id';
    case 'quota-exhausted':
      return "429 Too Many Requests: Quota exceeded for quota metric 'requests' and limit 'requests per minute'";
    case 'replication-lag':
      return `read-after-write check failed: ${tableOf(route ?? svc.endpoints[0]?.route ?? '')} row read from ${svc.id} is older than the version just written`;
    default:
      return RUNTIME_ERRORS[lang] ?? "TypeError: Cannot read properties of undefined (reading 'id')";
  }
}

/** The table a statement reads: the last word of `SELECT orders`. */
function tableOf(route: string): string {
  return /(\w+)\s*$/.exec(route)?.[1] ?? 'row';
}

/**
 * What a read answered by a replica behind its primary carries: the row is older than the one just written
 * (a version behind), or not there yet when the reader answers 404.
 */
function staleAttrs(status: number): Readonly<Record<string, string | number>> {
  return status === 404
    ? { 'app.row.stale': 'true', 'app.row.found': 'false' }
    : { 'app.row.stale': 'true', 'app.row.versions_behind': 1 };
}

function slotMask(slots: readonly number[] | undefined): boolean[] | undefined {
  if (slots === undefined) return undefined;
  const mask: boolean[] = [];
  for (const i of slots) mask[i] = true;
  return mask;
}

/**
 * How much of its strength an effect has at `t`: rising linearly from nothing at its start to all of it
 * once its ramp is over, and all of it at once for a fault without a ramp. Its chance to fail a request,
 * the latency it adds and how fast what it exhausts fills up are scaled by this.
 */
export function strengthAt(e: Effect, t: number): number {
  if (e.rampMs <= 0 || t >= e.fromMs + e.rampMs) return 1;
  return Math.max(0, (t - e.fromMs) / e.rampMs);
}

/** Whether an effect acts on an instance: its region, its place among the service's, its version. */
export function actsOn(e: Effect, inst: InstModel): boolean {
  return (
    (e.region === undefined || e.region === inst.region) &&
    (e.slots === undefined || e.slots[inst.slot] === true) &&
    (e.version === undefined || e.version === inst.version)
  );
}

/** Compiles every fault of a scenario. Windows come from `from`/`until` or the trigger event's time. */
export function compileEffects(scenario: Scenario, sys: SystemModel): Effect[] {
  const events = new Map(scenario.timeline.map((e) => [e.id, e]));
  return scenario.faults.map((fault, idx) => {
    const spec = FAULT_LIBRARY[fault.kind];
    const svc = sys.byId.get(fault.service)!;
    const edge = fault.edge ? sys.edgeByKey.get(`${fault.edge.from}->${fault.edge.to}`) : undefined;
    const trigger = fault.trigger ? events.get(fault.trigger) : undefined;
    // A herd whose outage is absent (lint plays the world without it) or never ends never starts.
    const fromMs = parseTimestamp(faultStartText(scenario, fault) ?? '') ?? Number.POSITIVE_INFINITY;
    const sev = fault.severity;
    // Kinds whose failures depend on resources start with no static error rate; the tick loop sets it.
    const dynamic = new Set<FaultKind>([
      'disk-full',
      'fd-exhaustion',
      'connection-pool-exhaustion',
      'memory-leak',
      'port-exhaustion',
      'quota-exhausted',
      'data-loss',
      // How many reads a replica answers with an old row follows how far behind it is.
      'replication-lag',
    ]);
    let errorRate = fault.errorRate ?? (spec.failsAt === 'none' ? 0 : 1);
    if (dynamic.has(fault.kind)) errorRate = 0;
    if (fault.kind === 'packet-loss') errorRate = fault.errorRate ?? 0.02 + 0.1 * sev;
    if (fault.kind === 'dns-failure') errorRate = fault.errorRate ?? 0.3 + 0.7 * sev;
    if (fault.kind === 'retry-storm') errorRate = fault.errorRate ?? 0.1 + 0.3 * sev;
    if (fault.kind === 'custom' && fault.errorRate === undefined) errorRate = 0;
    if (fault.kind === 'clock-skew') errorRate = fault.errorRate ?? 0.2 + 0.7 * sev;
    if (fault.kind === 'lock-contention') errorRate = fault.errorRate ?? 0.03 + 0.3 * sev;
    // The share of a consumer's deliveries that are the poison message coming back.
    if (fault.kind === 'poison-message') errorRate = fault.errorRate ?? 0.1 + 0.4 * sev;
    let failsAt = spec.failsAt;
    const authFailure =
      (fault.kind === 'expired-credential' || fault.kind === 'credential-rotation') &&
      edge?.to.spec.kind === 'database';
    // A database rejects the old password at the handshake: the caller's connection fails, no statement runs.
    if (fault.kind === 'credential-rotation' && authFailure) failsAt = 'client';
    if (fault.kind === 'misconfiguration' && edge) failsAt = 'client';
    if (fault.kind === 'expired-credential' && !edge) failsAt = 'server';
    if ((fault.kind === 'timezone-defect' || fault.kind === 'silent-data-error') && fault.errorRate)
      failsAt = 'server';
    let addMs = fault.addedLatency ? parseDuration(fault.addedLatency)! : 0;
    if (fault.kind === 'edge-latency' && !fault.addedLatency) addMs = 200 + 2800 * sev;
    // The mean wait for a lock; each request waits a random share of twice that.
    if (fault.kind === 'lock-contention' && !fault.addedLatency) addMs = 100 + 1400 * sev;
    // The mean wait of an operation queued behind the others on the one key.
    if (fault.kind === 'hot-key' && !fault.addedLatency) addMs = 150 + 1350 * sev;
    return {
      idx,
      fault,
      kind: fault.kind,
      spec,
      svc,
      edge,
      fromMs,
      untilMs: fault.until ? parseTimestamp(fault.until)! : Number.POSITIVE_INFINITY,
      // A data loss goes at the pace of its script, which the run follows tick by tick.
      rampMs: fault.rampUp && fault.kind !== 'data-loss' ? parseDuration(fault.rampUp)! : 0,
      lasting: fault.kind === 'data-loss',
      route: fault.route,
      segment: fault.segment,
      // A split database's region is the side promoted; both sides' primaries take the divergent writes.
      region: fault.kind === 'split-brain' ? undefined : fault.region,
      slots: slotMask(instanceSlots(fault, fault.service, svc.spec.instances)),
      version: fault.version,
      severity: sev,
      errorRate,
      failsAt,
      status: fault.status ?? spec.status,
      errorType: authFailure
        ? 'invalid_password'
        : (/^(\w+(?:Error|Exception))\b/.exec(fault.log?.message ?? '')?.[1] ??
          (fault.status !== undefined && fault.status < 500 ? String(fault.status) : spec.errorType)),
      message: (fault.log?.message ?? defaultMessage(fault.kind, svc, edge, fault.route)).replace(
        '{message}',
        messageIdOf(fault.id),
      ),
      stack: fault.log?.stack ?? [],
      // A lookup that finds nothing is an everyday answer: logged at info, like every other 404.
      level:
        fault.log?.level ??
        (fault.kind === 'replication-lag'
          ? 'warn'
          : fault.kind === 'data-loss' || (spec.failsAt === 'none' && !fault.errorRate)
            ? 'info'
            : 'error'),
      addMs,
      counter: fault.counter,
      // Only a fault that never fails a request leaves its message on successful ones (an info-level
      // symptom); one that fails some writes its message on those it fails, not on the ones that pass.
      // A write to a split database lands on one side only: its user's data is wrong without an error.
      annotates:
        (fault.log !== undefined || fault.kind === 'split-brain') &&
        errorRate === 0 &&
        !dynamic.has(fault.kind),
      flag: trigger?.kind === 'flag' ? trigger.key : undefined,
      hosts: undefined,
      attrs:
        fault.kind === 'poison-message'
          ? { 'messaging.message.id': messageIdOf(fault.id) }
          : fault.kind === 'hot-key'
            ? { [svc.spec.kind === 'cache' ? 'cache.key' : 'db.key']: hotKeyOf(fault) }
            : fault.kind === 'replication-lag'
              ? staleAttrs(fault.status ?? spec.status)
              : undefined,
    };
  });
}
