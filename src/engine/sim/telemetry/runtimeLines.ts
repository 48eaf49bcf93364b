import type { InstModel } from '../model/model.ts';
import type { Run } from '../run.ts';
import type { Level } from './logFormats.ts';
import { formatEvent, logfmtValue } from './logFormats.ts';

/** A line from an instance in its service's format. */
export function eventLine(
  run: Run,
  inst: InstModel,
  t: number,
  level: Level,
  message: string,
  stack: readonly string[] = [],
): string {
  return formatEvent(run.clock, inst.svc.format, t, level, inst.svc.id, message, stack);
}

/** What a process prints when it is up and listening, in the words of its runtime or server. */
export function startupLine(run: Run, inst: InstModel, t: number): string {
  const svc = inst.svc;
  switch (svc.format) {
    case 'access':
      return eventLine(run, inst, t, 'info', 'start worker processes');
    case 'postgres':
      return eventLine(run, inst, t, 'info', 'database system is ready to accept connections');
    case 'redis':
      return eventLine(run, inst, t, 'info', 'Ready to accept connections tcp');
    case 'logback':
      return eventLine(
        run,
        inst,
        t,
        'info',
        `Started ${svc.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}Application in 7.412 seconds (process running for 8.03)`,
      );
    default:
      return eventLine(run, inst, t, 'info', `server listening on :8080 (version ${inst.version})`);
  }
}

/** The last words of a process that ran out of memory. */
export function oomLine(run: Run, inst: InstModel, t: number): string {
  const lang = inst.svc.spec.language ?? 'typescript';
  if (lang === 'go') return 'fatal error: runtime: out of memory';
  if (lang === 'java')
    return eventLine(
      run,
      inst,
      t,
      'error',
      'Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space',
      ['java.lang.OutOfMemoryError: Java heap space'],
    );
  if (inst.svc.format === 'postgres')
    return eventLine(run, inst, t, 'error', 'out of memory\nDETAIL:  Failed on request of size 8388608.');
  return 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory';
}

/** A garbage-collection log line for a long pause, as each runtime prints it. */
export function gcLine(run: Run, inst: InstModel, t: number, pauseMs: number): string {
  const lang = inst.svc.spec.language ?? 'typescript';
  const heap = Math.round(inst.memBytes / 1048576);
  const ms = pauseMs.toFixed(1);
  if (lang === 'go')
    return `gc ${inst.gcCount} @${((t / 1000) % 100000) | 0}.${(t % 1000) | 0}s 9%: 0.11+${ms}+0.04 ms clock, ${heap}->${heap - 12}->${heap - 40} MB, ${heap + 20} MB goal, 4 P`;
  if (lang === 'java')
    return eventLine(
      run,
      inst,
      t,
      'warn',
      `[gc] GC(${inst.gcCount}) Pause Full (Allocation Failure) ${heap}M->${heap - 20}M(${heap + 64}M) ${ms}ms`,
    );
  return `[1:0x5a2b3c0]   ${((t / 1000) % 100000) | 0} ms: Mark-Compact ${heap}.4 (${heap + 16}.0) -> ${heap - 9}.8 (${heap + 14}.2) MB, ${ms} / 0.0 ms  (average mu = 0.182, current mu = 0.031) allocation failure; scavenge might not succeed`;
}

/** A Kubernetes event, as an event exporter ships it to the log store. */
export function k8sEvent(
  run: Run,
  t: number,
  type: 'Normal' | 'Warning',
  reason: string,
  object: string,
  message: string,
): string {
  return `ts=${run.clock.isoMs(t)} type=${type} reason=${reason} object=${object} message=${logfmtValue(message)}`;
}
