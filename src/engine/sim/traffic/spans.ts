import { resized } from '../../world/typedArrays.ts';
import { hex64 } from '../model/ids.ts';

/** Span kinds in the scratch buffer (OTLP numbering). */
export const SERVER = 2;
export const CLIENT = 3;
export const PRODUCER = 4;
export const CONSUMER = 5;

/** Why a span failed. */
export const ERR_NONE = 0;
/** The caller gave up waiting. */
export const ERR_TIMEOUT = 1;
/** The callee answered with an error status. */
export const ERR_UPSTREAM = 2;
/** A fault made it fail; `effect` says which. */
export const ERR_EFFECT = 3;
/** The connection broke: the instance died mid-request. */
export const ERR_RESET = 4;
/** No instance accepted the connection. */
export const ERR_REFUSED = 5;
/** No pooled connection came free in time. */
export const ERR_POOL = 6;

/**
 * The spans of one request while it is walked: columns reused from request to request, so the walk
 * allocates nothing but ids. Logs, metrics and traces are all written from these records.
 */
export class SpanBuffer {
  n = 0;
  svc = new Int32Array(0);
  inst = new Int32Array(0);
  ep = new Int32Array(0);
  parent = new Int32Array(0);
  kind = new Uint8Array(0);
  start = new Float64Array(0);
  dur = new Float64Array(0);
  /** HTTP status for server spans and the status a client span received (0: no answer). */
  status = new Int32Array(0);
  err = new Uint8Array(0);
  effect = new Int32Array(0);
  /** The called service of a client span. */
  peer = new Int32Array(0);
  attempt = new Uint8Array(0);
  /** Client span to a cache that missed; server span whose lines are not written (databases). */
  miss = new Uint8Array(0);
  /** Extra multiplier of business counters from a fault. */
  count = new Float64Array(0);
  /** The fault whose counter `count` is for (it multiplies only the counter it names), or -1. */
  countBy = new Int32Array(0);
  /**
   * The request's two id seeds: span `i`'s id is two 32-bit words mixed from them and `i` (distinct for
   * every span of a request), made only when a line or a trace needs it, so the walk draws no ids.
   */
  seedHi = 0;
  seedLo = 0;

  constructor(capacity = 1024) {
    this.resize(capacity);
  }

  /** Starts a span and returns its index. */
  open(kind: number, svc: number, inst: number, ep: number, parent: number, start: number): number {
    const i = this.n;
    if (i === this.kind.length) this.resize(i * 2);
    this.kind[i] = kind;
    this.svc[i] = svc;
    this.inst[i] = inst;
    this.ep[i] = ep;
    this.parent[i] = parent;
    this.start[i] = start;
    this.dur[i] = 0;
    this.status[i] = 200;
    this.err[i] = ERR_NONE;
    this.effect[i] = -1;
    this.peer[i] = -1;
    this.attempt[i] = 0;
    this.miss[i] = 0;
    this.count[i] = 1;
    this.countBy[i] = -1;
    this.n = i + 1;
    return i;
  }

  /** The W3C span id (16 hex characters) of span `i`. */
  id(i: number): string {
    return hex64(this.hi(i), this.lo(i));
  }

  /** The first word of span `i`'s id: distinct for every span of the request. */
  hi(i: number): number {
    return mix32(this.seedHi ^ Math.imul(i + 1, 0x9e3779b9));
  }

  /** The second word of span `i`'s id (never zero, so no id is all zeros). */
  lo(i: number): number {
    return mix32((this.seedLo + Math.imul(i + 1, 0x85ebca6b)) | 0) || 1;
  }

  private resize(size: number): void {
    this.svc = resized(this.svc, size);
    this.inst = resized(this.inst, size);
    this.ep = resized(this.ep, size);
    this.parent = resized(this.parent, size);
    this.kind = resized(this.kind, size);
    this.start = resized(this.start, size);
    this.dur = resized(this.dur, size);
    this.status = resized(this.status, size);
    this.err = resized(this.err, size);
    this.effect = resized(this.effect, size);
    this.peer = resized(this.peer, size);
    this.attempt = resized(this.attempt, size);
    this.miss = resized(this.miss, size);
    this.count = resized(this.count, size);
    this.countBy = resized(this.countBy, size);
  }
}

/** A 32-bit finaliser (from MurmurHash3): every bit of the input moves about half the output's. */
function mix32(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}
