import { hex64 } from '../model/ids.ts';
import type { EpModel } from '../model/model.ts';
import type { Run, SegmentModel } from '../run.ts';
import { callFailure, errorType } from '../traffic/failures.ts';
import { ERR_EFFECT, ERR_NONE, ERR_UPSTREAM } from '../traffic/spans.ts';
import { javaLogger, logfmtValue } from './logFormats.ts';
import { concretePath, pathPlace, templatedEndpoints } from './requestPaths.ts';

/** Seconds whose line starts are kept: a tick's lines fall within a few dozen seconds. */
const SLOTS = 64;

/**
 * The string itself, its characters gathered into one run. A string built by concatenation is a tree of
 * its pieces, walked again each time it is copied; the pieces reused in many lines (an endpoint's fixed
 * middle, a second's time, a client's user agent) are gathered once, so joining a block of lines copies
 * each of them in one step; a request's own pieces, used in a few lines only, are not worth it. Reading a
 * character is what makes V8 gather them, in place.
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

const MS3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** `.123 trace_id=`: the milliseconds of an access line's `rt` and what follows them. */
const RT_TAIL: readonly string[] = MS3.map((ms) => flat(`.${ms} trace_id=`));

/**
 * Decimal text of small whole numbers (byte counts, durations in tenths), made once each when first met.
 * Filled arrays, not sparse ones: a write into a sparse array is a dictionary insert.
 */
const SMALL_LIMIT = 1 << 14;
const SMALL: string[] = new Array<string>(SMALL_LIMIT).fill('');
const TENTHS: string[] = new Array<string>(SMALL_LIMIT).fill('');

/** `String(n)` for a whole number, from {@link SMALL} while it is small. */
function decimal(n: number): string {
  if (n >= SMALL_LIMIT || n < 0) return String(n);
  let s = SMALL[n]!;
  if (s === '') {
    s = String(n);
    SMALL[n] = s;
  }
  return s;
}

/** Tenths as a JSON number (`12.3`, `12`), the text `${Math.round(x * 10) / 10}` gives. */
function tenths(t: number): string {
  if (t >= SMALL_LIMIT || t < 0) return String(t / 10);
  let s = TENTHS[t]!;
  if (s === '') {
    s = String(t / 10);
    TENTHS[t] = s;
  }
  return s;
}

/**
 * What every line of a request shares: its trace id (and the words it is written from, which also pick the
 * values of its paths' parameters), user segment, client address and agent. Every format carries the
 * segment's attributes (`plan=beta`) after the ids, so a line can be filtered by them.
 */
export interface RequestText {
  readonly words: ArrayLike<number>;
  readonly traceId: string;
  readonly seg: SegmentModel | undefined;
  readonly ip: string;
  readonly ua: string;
}

const NO_REQUEST: RequestText = { words: [0, 0, 0, 0], traceId: '', seg: undefined, ip: '', ua: '' };

/** The message and level of a server span's line that is not a plain success. */
interface Outcome {
  readonly level: string;
  readonly msg: string;
  readonly err: string;
  readonly stack: readonly string[];
}

/**
 * Writes the line a service logs for each request it served. Nearly every line is a plain success, whose
 * text is mostly fixed by the endpoint and status: those parts are joined once and reused, so a line is a
 * handful of pieces (time, the fixed middle, duration, ids) rather than twenty; a log of half a million
 * lines is built in a fraction of the time, and every line reads exactly as before.
 *
 * @example
 * const lines = new RequestLines(run);
 * lines.begin(traceId, seg, ip, ua);
 * sink.push(stream, end, lines.line(i, ep, end));
 */
export class RequestLines {
  /**
   * Fixed middles per endpoint, then per status (and Logback thread), and for an endpoint whose route is a
   * template, per concrete path: a few hundred paths, most requests taking the few hot ones.
   */
  private readonly middles: Map<number, string>[] = [];
  /** 1 for each endpoint whose route is a template, once the first middle is made. */
  private templated: Uint8Array = new Uint8Array(0);
  /** Trailers per user segment (`"` + attributes + `}` for JSON). */
  private readonly segTails = new Map<SegmentModel | undefined, { json: string; logfmt: string }>();
  private readonly uaTails = new Map<string, string>();
  /**
   * Line starts of the seconds met lately, each in the slot its second picks (lines come in arrival order,
   * so consecutive lines jump between the seconds of a tick), and those of the line being written.
   */
  private readonly seconds = new Float64Array(SLOTS).fill(Number.NaN);
  private readonly heads: string[] = new Array(SLOTS * 4).fill('');
  private jsonHead = '';
  private logfmtHead = '';
  private spaceHead = '';
  private accessHead = '';
  // The request being written, with the pieces its lines share.
  private req: RequestText = NO_REQUEST;
  private jsonTrace = '';
  private logfmtTrace = '';
  private ipHead = '';
  private uaTail = '';
  /**
   * Where the request's templated paths are among their values (see `pathPlace`), and that place as it
   * enters the key of a templated endpoint's middle: found once a request, not once a line.
   */
  private place = 0;
  private placeKey = 0;

  constructor(private readonly run: Run) {}

  /** Starts a request's lines: the parts every line of it shares are made when first needed. */
  begin(req: RequestText): void {
    this.req = req;
    this.jsonTrace = '';
    this.logfmtTrace = '';
    this.ipHead = '';
    this.uaTail = '';
    this.place = pathPlace(req.words, req.seg);
    this.placeKey = this.place * 16_384;
  }

  /** The path the current request asked endpoint `ep` for: its route with the parameters filled in. */
  path(ep: EpModel): string {
    return concretePath(ep, this.place, this.run.site.host);
  }

  /** Where the current request's templated paths are among their values. */
  pathPlace(): number {
    return this.place;
  }

  /** The line of server span `i` (at endpoint `ep`, ending at `end`) of the current request. */
  line(i: number, ep: EpModel, end: number): string {
    const sp = this.run.spans;
    if (sp.err[i] !== ERR_NONE || sp.effect[i]! >= 0) return this.unusual(i, ep, end);
    return this.plain(ep, sp.status[i]!, sp.dur[i]!, end, sp.start[i]!, sp.hi(i), sp.lo(i));
  }

  /**
   * The line of a plain success of the current request: endpoint, status, duration, end and start, and
   * the span id's two words. All it reads is given, so another thread can write it from those values.
   */
  plain(
    ep: EpModel,
    status: number,
    dur: number,
    end: number,
    start: number,
    hi: number,
    lo: number,
  ): string {
    const ms = this.at(end);
    switch (ep.svc.format) {
      case 'access': {
        if (this.ipHead === '') this.ipHead = `${this.req.ip} - - [`;
        if (this.uaTail === '') this.uaTail = this.uaPiece(this.req.ua);
        const bytes = status < 400 ? 512 + (((start * 7919) % 8000) | 0) : 150 + (status % 50);
        const head = `${this.ipHead}${this.accessHead}${this.middle(ep, status, 0)}${decimal(bytes)}${this.uaTail}`;
        // Seconds with three decimals, as `(dur / 1000).toFixed(3)` writes them: from whole milliseconds
        // and a table, unless the duration is too near a half millisecond to be sure how it rounds.
        const whole = Math.round(dur);
        const attrs = this.segTail(this.req.seg).logfmt;
        return Math.abs(dur - whole) < 0.4999
          ? `${head}${decimal(Math.floor(whole / 1000))}${RT_TAIL[whole % 1000]}${this.req.traceId}${attrs}`
          : `${head}${(dur / 1000).toFixed(3)} trace_id=${this.req.traceId}${attrs}`;
      }
      case 'logfmt':
        if (this.logfmtTrace === '') this.logfmtTrace = `ms trace_id=${this.req.traceId} span_id=`;
        return `${this.logfmtHead}${MS3[ms]}${this.middle(ep, status, 0)}${tenths(Math.round(dur * 10))}${this.logfmtTrace}${hex64(hi, lo)}${this.segTail(this.req.seg).logfmt}`;
      case 'logback':
        return `${this.spaceHead}${MS3[ms]}${this.middle(ep, status, 1 + (lo % 10))}${decimal(Math.round(dur))}ms trace_id=${this.req.traceId} span_id=${hex64(hi, lo)}${this.segTail(this.req.seg).logfmt}`;
      default:
        if (this.jsonTrace === '') this.jsonTrace = `,"trace_id":"${this.req.traceId}","span_id":"`;
        return `${this.jsonHead}${MS3[ms]}${this.middle(ep, status, 0)}${tenths(Math.round(dur * 10))}${this.jsonTrace}${hex64(hi, lo)}${this.segTail(this.req.seg).json}`;
    }
  }

  /** Moves the line starts to `end`'s second; returns the milliseconds within it. */
  private at(end: number): number {
    const second = Math.floor(end / 1000);
    const slot = second & (SLOTS - 1);
    const heads = this.heads;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      const clock = this.run.clock;
      const t = second * 1000;
      const iso = clock.isoMs(t).slice(0, -4);
      heads[slot * 4] = flat(`{"ts":"${iso}`);
      heads[slot * 4 + 1] = flat(`ts=${iso}`);
      heads[slot * 4 + 2] = flat(clock.spaceMs(t).slice(0, -3));
      heads[slot * 4 + 3] = flat(clock.accessTime(t));
    }
    this.jsonHead = heads[slot * 4]!;
    this.logfmtHead = heads[slot * 4 + 1]!;
    this.spaceHead = heads[slot * 4 + 2]!;
    this.accessHead = heads[slot * 4 + 3]!;
    return Math.floor(end - second * 1000);
  }

  /** The fixed text between a line's time and its duration, for an endpoint, status and Logback thread. */
  private middle(ep: EpModel, status: number, thread: number): string {
    const byStatus = this.middles[ep.idx] ?? this.firstMiddles(ep);
    // Below 16,384: a status and thread, then the place of a templated path above them. Kept small, with
    // what is seldom needed in functions of its own, so that V8 inlines it into `plain`: on the bench's
    // standard world, a branch and a call here took the line writer's thread 2% longer.
    const key = status * 16 + thread + this.templated[ep.idx]! * this.placeKey;
    return byStatus.get(key) ?? this.newMiddle(ep, status, thread, key, byStatus);
  }

  private firstMiddles(ep: EpModel): Map<number, string> {
    const byStatus = new Map<number, string>();
    this.middles[ep.idx] = byStatus;
    if (this.templated.length === 0) this.templated = templatedEndpoints(this.run.sys.endpoints);
    return byStatus;
  }

  private newMiddle(
    ep: EpModel,
    status: number,
    thread: number,
    key: number,
    byStatus: Map<number, string>,
  ): string {
    const text = flat(middleText(ep, status, thread, this.path(ep)));
    byStatus.set(key, text);
    return text;
  }

  private segTail(seg: SegmentModel | undefined): { json: string; logfmt: string } {
    let tail = this.segTails.get(seg);
    if (tail === undefined) {
      tail = { json: flat(`"${seg ? seg.json : ''}}`), logfmt: flat(seg ? seg.logfmt : '') };
      this.segTails.set(seg, tail);
    }
    return tail;
  }

  private uaPiece(ua: string): string {
    let tail = this.uaTails.get(ua);
    if (tail === undefined) {
      tail = flat(` "-" "${ua}" rt=`);
      this.uaTails.set(ua, tail);
    }
    return tail;
  }

  /** A failed request's line or one a fault annotated: rare, so written in full each time. */
  private unusual(i: number, ep: EpModel, end: number): string {
    const run = this.run;
    const sp = run.spans;
    const status = sp.status[i]!;
    const dur = sp.dur[i]!;
    const clock = run.clock;
    const svc = ep.svc;
    const { traceId, seg, ip, ua } = this.req;
    const path = this.path(ep);
    if (svc.format === 'access') {
      const bytes = status < 400 ? 512 + (((sp.start[i]! * 7919) % 8000) | 0) : 150 + (status % 50);
      return `${ip} - - [${clock.accessTime(end)}] "${ep.method} ${path} HTTP/1.1" ${status} ${bytes} "-" "${ua}" rt=${(dur / 1000).toFixed(3)} trace_id=${traceId}${seg ? seg.logfmt : ''}`;
    }
    const o = outcome(run, i, ep, this.place);
    const d = Math.round(dur * 10) / 10;
    const sid = sp.id(i);
    switch (svc.format) {
      case 'logfmt': {
        const head = `ts=${clock.isoMs(end)} level=${o.level} msg=${logfmtValue(o.msg)}`;
        const tail = o.err ? ` err=${logfmtValue(o.err)}` : '';
        const stack = o.stack.length > 0 ? `\n${o.stack.join('\n')}` : '';
        return `${head} method=${ep.method} path=${path} status=${status} duration=${d}ms trace_id=${traceId} span_id=${sid}${seg ? seg.logfmt : ''}${tail}${stack}`;
      }
      case 'logback': {
        const level =
          o.level === 'error' || o.level === 'fatal' ? 'ERROR' : o.level === 'warn' ? ' WARN' : ' INFO';
        const stack = o.stack.length > 0 ? `\n${o.stack.join('\n')}` : '';
        return `${clock.spaceMs(end)} ${level} 1 --- [${svc.id}] [nio-8080-exec-${1 + (sp.lo(i) % 10)}] ${javaLogger(svc.id, 'web.RequestLog')} : ${o.msg} ${ep.method} ${path} ${status} ${Math.round(dur)}ms trace_id=${traceId} span_id=${sid}${seg ? seg.logfmt : ''}${stack}`;
      }
      default: {
        const err = o.err ? `,"err":${JSON.stringify(o.err)}` : '';
        const stack = o.stack.length > 0 ? `,"stack":${JSON.stringify([o.msg, ...o.stack].join('\n'))}` : '';
        return `{"ts":"${clock.isoMs(end)}","level":"${o.level}","msg":${JSON.stringify(o.msg)},"method":"${ep.method}","path":"${path}","status":${status},"duration_ms":${d},"trace_id":"${traceId}","span_id":"${sid}"${seg ? seg.json : ''}${err}${stack}}`;
      }
    }
  }
}

/** The text of a plain success line from the end of its time to the start of its duration. */
function middleText(ep: EpModel, status: number, thread: number, path: string): string {
  const svc = ep.svc;
  switch (svc.format) {
    case 'access':
      return `] "${ep.method} ${path} HTTP/1.1" ${status} `;
    case 'logfmt':
      return `Z level=info msg="request completed" method=${ep.method} path=${path} status=${status} duration=`;
    case 'logback':
      // Logback pads the level to five characters: two spaces before INFO.
      return `  INFO 1 --- [${svc.id}] [nio-8080-exec-${thread}] ${javaLogger(svc.id, 'web.RequestLog')} : ${ep.method} ${path} ${status} `;
    default:
      return `Z","level":"info","msg":"request completed","method":"${ep.method}","path":"${path}","status":${status},"duration_ms":`;
  }
}

/** The message and level of a server span's line that failed or that a fault annotated. */
function outcome(run: Run, i: number, ep: EpModel, place: number): Outcome {
  const sp = run.spans;
  const err = sp.err[i]!;
  if (err === ERR_EFFECT) {
    const e = run.effects[sp.effect[i]!]!;
    return { level: e.level, msg: e.message, err: e.errorType, stack: e.stack };
  }
  if (err === ERR_UPSTREAM) {
    const c = sp.effect[i]!;
    const callee = run.sys.services[sp.peer[c]!]!;
    return {
      level: 'error',
      msg: callFailure(run, ep.svc, callee, c, place),
      err: errorType(run, sp.err[c]!, sp.status[c]!, sp.effect[c]!),
      stack: [],
    };
  }
  const e = run.effects[sp.effect[i]!]!;
  return { level: e.level, msg: e.message, err: '', stack: [] };
}
