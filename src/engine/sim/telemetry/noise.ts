import type { NoisePart } from '../../scenario/noiseText.ts';
import { noiseParts } from '../../scenario/noiseText.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { parseDuration, parseTimestamp } from '../../scenario/units.ts';
import type { InstModel } from '../model/model.ts';
import { hashString } from '../model/rng.ts';
import type { Run } from '../run.ts';
import type { Level } from './logFormats.ts';
import { mix } from './requestPaths.ts';
import { eventLine } from './runtimeLines.ts';

/** Built-in background lines per service kind: period in seconds, level, message. None is about the incident. */
const BUILT_IN: Readonly<Record<string, readonly (readonly [number, Level, string])[]>> = {
  api: [
    [900, 'warn', 'request aborted by the client before the response was sent'],
    [1500, 'error', 'failed to flush analytics batch: 429 Too Many Requests (will retry)'],
    [600, 'info', 'refreshed feature flags from the flag service (etag unchanged)'],
  ],
  worker: [
    [300, 'info', 'heartbeat: consumer alive'],
    [1800, 'warn', 'message redelivered after visibility timeout'],
  ],
  database: [
    [300, 'info', 'checkpoint starting: time'],
    [
      300,
      'info',
      'checkpoint complete: wrote 412 buffers (2.5%); 0 WAL file(s) added, 0 removed, 1 recycled; write=41.2 s, sync=0.004 s, total=41.3 s',
    ],
    [700, 'info', 'automatic vacuum of table "app.public.sessions": index scans: 1'],
  ],
  cache: [
    [300, 'info', '100 changes in 300 seconds. Saving...'],
    [300, 'info', 'Background saving terminated with success'],
  ],
  queue: [[600, 'info', 'accepting AMQP connection <0.4231.0> (10.0.3.7:41822 -> 10.0.9.2:5672)']],
};

/** Health checks every 10 s per proxy instance, as kubelet's probes leave them in an access log. */
const PROBE_EVERY_MS = 10_000;

/**
 * Background lines for the tick: the scenario's own noise, kubelet probes on proxies, and each kind's
 * routine chatter, including a few benign errors that were there long before the incident.
 */
export function backgroundNoise(run: Run, t0: number, t1: number): void {
  const rng = run.rng.noise;
  const span = t1 - t0;
  for (const [ni, n] of run.scenario.noise.entries()) {
    const every = parseDuration(n.every)!;
    // A line that starts or stops repeating (a warning that began with a change) is drawn as always and
    // written only inside its time, so the draws of every other line stay where they were.
    const fromMs = n.from ? parseTimestamp(n.from)! : Number.NEGATIVE_INFINITY;
    const untilMs = n.until ? parseTimestamp(n.until)! : Number.POSITIVE_INFINITY;
    const svc = run.sys.byId.get(n.service)!;
    const expected = span / every;
    const count = Math.floor(expected) + (rng.next() < expected % 1 ? 1 : 0);
    for (let i = 0; i < count; i++) {
      const inst = run.sys.instances[svc.active[rng.int(svc.active.length)]!]!;
      const t = t0 + rng.next() * span;
      if (t < fromMs || t >= untilMs || t < run.logsFromMs) continue;
      run.sink.push(run.streams[inst.idx]!, t, eventLine(run, inst, t, n.level, noiseText(n, ni, t)));
    }
  }
  for (const svc of run.sys.services) {
    const lines = svc.proxy ? [] : (BUILT_IN[svc.spec.kind] ?? []);
    for (const idx of svc.active) {
      const inst = run.sys.instances[idx]!;
      if (inst.killedAt < t1 && inst.downUntil > t0) continue;
      if (svc.proxy && t1 > run.logsFromMs) probes(run, inst, t0, t1);
      for (const [period, level, message] of lines) {
        if (rng.next() >= span / 1000 / period) continue;
        const t = t0 + rng.next() * span;
        if (t < run.logsFromMs) continue;
        run.sink.push(run.streams[idx]!, t, eventLine(run, inst, t, level, message));
      }
    }
  }
}

type Noise = Scenario['noise'][number];

/** Each noise line's message split once; kept with the scenario's own entry, so it goes with the scenario. */
const partsOf = new WeakMap<Noise, NoisePart[]>();

/**
 * A noise line's message as written at `t`: its placeholders (see `noiseParts`) filled with values hashed
 * from the line and its time, so they differ from line to line and draw nothing from the run's random
 * streams (every other line stays where it was).
 */
function noiseText(noise: Noise, line: number, t: number): string {
  let parts = partsOf.get(noise);
  if (parts === undefined) {
    parts = noiseParts(noise.message);
    partsOf.set(noise, parts);
  }
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  let h = hashString(`${line}:${t}`);
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    h = mix(h + 0x9e3779b9);
    const high = mix(h ^ 0x85ebca6b);
    if (p.kind === 'int') {
      const u = (high * 2 ** 21 + (h >>> 11)) / 2 ** 53;
      out += String(p.lo + Math.floor(u * (p.hi - p.lo + 1)));
    } else {
      let hex = '';
      for (let k = 0; hex.length < p.digits; k++)
        hex += mix(h ^ Math.imul(k + 1, 0x27d4eb2f))
          .toString(16)
          .padStart(8, '0');
      out += hex.slice(0, p.digits);
    }
  }
  return out;
}

function probes(run: Run, inst: InstModel, t0: number, t1: number): void {
  const phase = (inst.idx * 1373) % PROBE_EVERY_MS;
  const first = Math.ceil((t0 - phase) / PROBE_EVERY_MS) * PROBE_EVERY_MS + phase;
  for (let t = first; t < t1; t += PROBE_EVERY_MS) {
    run.sink.push(
      run.streams[inst.idx]!,
      t,
      `10.0.0.1 - - [${run.clock.accessTime(t)}] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.31" rt=0.001 trace_id=-`,
    );
  }
}
