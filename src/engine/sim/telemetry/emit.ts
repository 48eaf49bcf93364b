import { hotKeyStatement } from '../faults/hotKey.ts';
import { headSampled } from '../model/ids.ts';
import type { EpModel, InstModel } from '../model/model.ts';
import type { Run } from '../run.ts';
import { callFailure, hostOf } from '../traffic/failures.ts';
import { CLIENT, ERR_EFFECT, ERR_NONE, ERR_UPSTREAM, PRODUCER, SERVER } from '../traffic/spans.ts';
import type { WalkedRequest } from '../traffic/walkedRequest.ts';
import { countRequest } from './declaredMetrics.ts';
import { concreteRoute, pathPlace } from './requestPaths.ts';
import { eventLine } from './runtimeLines.ts';
import { observeShardOp } from './shards.ts';
import { exportTrace } from './traceExport.ts';

/** PostgreSQL's `log_min_duration_statement`: statements slower than this are logged. */
const SLOW_QUERY_MS = 250;

/**
 * Writes every signal of one walked request from its spans: a log line per instrumented server span (and
 * the caller-side lines of failed calls), request and client counters, latency histograms, business
 * counters, and the trace when it is sampled or holds an error.
 */
export function emitRequest(run: Run, req: WalkedRequest, at: number): void {
  const seg = req.seg;
  const sp = run.spans;
  const n = sp.n;
  const m = run.metrics;
  const slots = run.slots;
  const instances = run.sys.instances;
  const endpoints = run.sys.endpoints;
  const lines = run.lines;
  // Before the stores keep text (a long window's early days), a request leaves its samples only.
  const text = at >= run.logsFromMs;
  if (text) lines.begin(req);
  const recorder = run.recorder;
  let error = false;
  for (let i = 0; i < n; i++) {
    const kind = sp.kind[i]!;
    const inst = instances[sp.inst[i]!]!;
    // A component nobody can see into writes nothing: its callers' client spans are all there is of it.
    if (!inst.svc.observed) continue;
    const ep = endpoints[sp.ep[i]!]!;
    const status = sp.status[i]!;
    if (kind === CLIENT || kind === PRODUCER) {
      const err = sp.err[i]!;
      const code = err === ERR_NONE || err === ERR_UPSTREAM ? status : 900 + err;
      const peer = sp.peer[i]!;
      m.add(
        run.routed[peer] === 1
          ? run.peerRegions.client(inst, peer, code, i)
          : slots.client(inst, peer, code, i),
        1,
      );
      m.observeMs(slots.clientHistogram(inst, sp.peer[i]!), sp.dur, i);
      if (err !== ERR_NONE) {
        error = true;
        if (text) clientFailureLines(run, i, inst, ep, req);
      }
      continue;
    }
    if (status >= 500) error = true;
    m.add(slots.request(inst, ep, status), 1);
    if (status < 400 && ep.counters.length > 0) countRequest(run, i, inst, ep, seg?.id ?? '');
    if (ep.svc.instrumented) {
      m.observeMs(slots.histogram(inst, ep), sp.dur, i);
      if (!text) continue;
      const end = sp.start[i]! + sp.dur[i]!;
      const stream = run.streams[inst.idx]!;
      // A plain success is left to the line writer, when the run has one and it keeps up: recorded.
      if (recorder && !recorder.writeHere && sp.err[i] === ERR_NONE && sp.effect[i]! < 0)
        recorder.line(stream, ep.idx, sp, i);
      else run.sink.push(stream, end, lines.line(i, ep, end));
    } else {
      if (ep.svc.spec.shards !== undefined) observeShardOp(run, i, inst, ep);
      if (text && ep.svc.format === 'postgres') databaseLines(run, i, inst, ep);
    }
  }
  if (
    (error || headSampled(req.words[0]!, run.headRatio)) &&
    at >= run.tracesFromMs &&
    !run.healthOnly &&
    !run.outages?.tracesDown
  )
    exportTrace(run, req.traceId, seg, pathPlace(req.words, seg));
}

/** PostgreSQL logs slow statements and errors, never ordinary queries. */
function databaseLines(run: Run, i: number, inst: InstModel, ep: EpModel): void {
  const sp = run.spans;
  const end = sp.start[i]! + sp.dur[i]!;
  const stream = run.streams[inst.idx]!;
  if (sp.err[i] === ERR_EFFECT) {
    const e = run.effects[sp.effect[i]!]!;
    run.sink.push(
      stream,
      end,
      `${eventLine(run, inst, end, 'error', e.message)}\n${eventLine(run, inst, end, 'info', `STATEMENT:  ${ep.route}`).replace('LOG:  ', '')}`,
    );
  } else if (sp.dur[i]! >= SLOW_QUERY_MS) {
    run.sink.push(
      stream,
      end,
      eventLine(
        run,
        inst,
        end,
        'info',
        `duration: ${sp.dur[i]!.toFixed(3)} ms  ${hotKeyStatement(run, i, ep.route) ?? `statement: ${ep.route}`}`,
      ),
    );
  }
}

/** What the caller writes besides its request line when a call fails: proxy error logs, retry warnings. */
function clientFailureLines(run: Run, i: number, inst: InstModel, ep: EpModel, request: WalkedRequest): void {
  const sp = run.spans;
  const t = sp.start[i]! + sp.dur[i]!;
  const callee = run.sys.services[sp.peer[i]!]!;
  const caller = inst.svc;
  const err = sp.err[i]!;
  const stream = run.streams[inst.idx]!;
  if (err === ERR_EFFECT) {
    const e = run.effects[sp.effect[i]!]!;
    if (
      (e.kind === 'expired-credential' || e.kind === 'credential-rotation') &&
      callee.spec.kind === 'database'
    ) {
      const db = run.sys.instances[callee.active[0]!]!;
      const user = caller.id.replace(/-/g, '_');
      run.sink.push(
        run.streams[db.idx]!,
        t,
        `${eventLine(run, db, t, 'fatal', `password authentication failed for user "${user}"`)}\n${eventLine(run, db, t, 'info', e.kind === 'expired-credential' ? `DETAIL:  User "${user}" has an expired password.` : `DETAIL:  Password does not match for user "${user}".`).replace('LOG:  ', '')}`,
      );
    }
  }
  if (caller.format === 'access') {
    if (err === ERR_UPSTREAM) return;
    const parent = sp.parent[i]!;
    const req = parent >= 0 ? run.sys.endpoints[sp.ep[parent]!]! : ep;
    const what =
      err === 1
        ? 'upstream timed out (110: Connection timed out) while reading response header from upstream'
        : err === 5
          ? 'connect() failed (111: Connection refused) while connecting to upstream'
          : err === ERR_EFFECT && run.effects[sp.effect[i]!]!.kind === 'dns-failure'
            ? `${callee.id} could not be resolved (2: Server failure)`
            : err === ERR_EFFECT && run.effects[sp.effect[i]!]!.kind === 'expired-credential'
              ? 'upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream'
              : 'upstream prematurely closed connection while reading response header from upstream';
    run.sink.push(
      stream,
      t,
      `${run.clock.nginxErrorTime(t)} [error] 7#7: *${sp.lo(i) % 99991} ${what}, client: ${request.ip}, server: _, request: "${req.method} ${run.lines.path(req)} HTTP/1.1", upstream: "http://${hostOf(callee)}${run.lines.path(ep)}", host: "${run.site.host}"`,
    );
    return;
  }
  // A retried attempt leaves a warning; the last failure is in the request line.
  for (let k = i + 1; k < sp.n; k++) {
    if (
      sp.parent[k] === sp.parent[i] &&
      sp.kind[k] === CLIENT &&
      sp.ep[k] === sp.ep[i] &&
      sp.attempt[k] === sp.attempt[i]! + 1
    ) {
      const edge = run.sys.edgeByKey.get(`${caller.id}->${callee.id}`)!;
      const place = run.lines.pathPlace();
      const msg = `retrying ${callee.id} ${concreteRoute(ep, place, run.site.host)} (attempt ${sp.attempt[k]! + 1} of ${edge.retries + 1}) after: ${callFailure(run, caller, callee, i, place)}`;
      const line = eventLine(run, inst, t, 'warn', msg);
      run.sink.push(
        stream,
        t,
        caller.format === 'json'
          ? `${line.slice(0, -1)},"trace_id":"${request.traceId}"}`
          : `${line} trace_id=${request.traceId}`,
      );
      break;
    }
  }
  void SERVER;
}
