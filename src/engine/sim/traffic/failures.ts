import type { Effect } from '../faults/effects.ts';
import type { SvcModel } from '../model/model.ts';
import type { Run } from '../run.ts';
import { concretePath, concreteRoute } from '../telemetry/requestPaths.ts';
import { shardPrefix } from '../telemetry/shards.ts';
import { ERR_EFFECT, ERR_POOL, ERR_REFUSED, ERR_RESET, ERR_TIMEOUT, ERR_UPSTREAM } from './spans.ts';

const PORTS: Readonly<Record<string, number>> = { database: 5432, cache: 6379, queue: 5672 };

/** The port a service listens on. */
export function portOf(svc: SvcModel): number {
  return PORTS[svc.spec.kind] ?? 8080;
}

/** A stable cluster address for a service, as a caller's error message names it. */
export function hostOf(svc: SvcModel): string {
  return `10.0.${10 + svc.idx}.${20 + ((svc.idx * 37) % 200)}:${portOf(svc)}`;
}

/** The `error.type` of a failed span, as OpenTelemetry records it, and the status label of client metrics. */
export function errorType(run: Run, err: number, status: number, effect: number): string {
  switch (err) {
    case ERR_TIMEOUT:
      return 'timeout';
    case ERR_RESET:
      return 'ECONNRESET';
    case ERR_REFUSED:
      return 'ECONNREFUSED';
    case ERR_POOL:
      return 'pool_timeout';
    case ERR_EFFECT:
      return run.effects[effect]!.errorType || String(status);
    default:
      return String(status);
  }
}

/** An effect's message with `{host}`, `{peer}` and `{timeout}` filled in for one edge. */
export function effectMessage(e: Effect, callee: SvcModel, timeoutMs: number): string {
  if (e.message.indexOf('{') < 0) return e.message;
  return e.message
    .replace('{host}', hostOf(callee))
    .replace('{peer}', callee.id)
    .replace('{timeout}', String(Math.round(timeoutMs)));
}

/**
 * What the caller's runtime says when a call fails: the words of Node's, Go's or Java's HTTP and database
 * clients, so a trainee can search for them as they would in production. A URL names the path the request
 * asked for, its parameters filled from `place` (see `pathPlace`).
 */
export function callFailure(
  run: Run,
  caller: SvcModel,
  callee: SvcModel,
  clientSpan: number,
  place: number,
): string {
  const sp = run.spans;
  const err = sp.err[clientSpan]!;
  const lang = caller.spec.language ?? 'typescript';
  const edge = run.sys.edgeByKey.get(`${caller.id}->${callee.id}`);
  const timeout = edge?.timeoutMs ?? 0;
  const db = !callee.instrumented;
  const ep = run.sys.endpoints[sp.ep[clientSpan]!]!;
  const url = `http://${callee.id}:8080${db ? ep.path : concretePath(ep, place, run.site.host)}`;
  switch (err) {
    case ERR_TIMEOUT:
      if (db)
        return `${shardPrefix(run, clientSpan)}${lang === 'go' ? 'context deadline exceeded' : lang === 'java' ? 'Read timed out' : 'Query read timeout'}`;
      return lang === 'go'
        ? `Post "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`
        : lang === 'java'
          ? `I/O error on ${ep.method} request for "${url}": Read timed out`
          : `timeout of ${timeout}ms exceeded calling ${callee.id} ${concreteRoute(ep, place, run.site.host)}`;
    case ERR_RESET:
      return lang === 'go'
        ? `read tcp ${hostOf(callee)}: read: connection reset by peer`
        : lang === 'java'
          ? 'Connection reset'
          : 'socket hang up';
    case ERR_REFUSED:
      return lang === 'go'
        ? `dial tcp ${hostOf(callee)}: connect: connection refused`
        : `connect ECONNREFUSED ${hostOf(callee)}`;
    case ERR_POOL: {
      const e = run.edgeEffects[edge?.idx ?? -1]?.find((x) => x.kind === 'connection-pool-exhaustion');
      if (e) return effectMessage(e, callee, edge?.poolTimeoutMs ?? 0);
      return lang === 'java'
        ? `HikariPool-1 - Connection is not available, request timed out after ${edge?.poolTimeoutMs ?? 0}ms.`
        : 'timeout exceeded when trying to connect';
    }
    case ERR_EFFECT:
      return effectMessage(run.effects[sp.effect[clientSpan]!]!, callee, timeout);
    case ERR_UPSTREAM: {
      // The callee answered with an error: a database's own message, or an HTTP status.
      for (let k = clientSpan + 1; k < sp.n; k++) {
        if (sp.parent[k] !== clientSpan) continue;
        if (db && sp.err[k] === ERR_EFFECT)
          return effectMessage(run.effects[sp.effect[k]!]!, callee, timeout);
        // A refusal's body says why (a spent quota, a key no longer valid): clients log it with the status.
        if (sp.err[k] === ERR_EFFECT && sp.status[k]! < 500)
          return `${ep.method} ${url} failed with status ${sp.status[clientSpan]}: ${effectMessage(run.effects[sp.effect[k]!]!, callee, timeout)}`;
        break;
      }
      return `${ep.method} ${url} failed with status ${sp.status[clientSpan]}`;
    }
    default:
      return 'request failed';
  }
}
