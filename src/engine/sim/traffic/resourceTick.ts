import { actsOn, strengthAt } from '../faults/effects.ts';
import type { InstModel } from '../model/model.ts';
import type { Run } from '../run.ts';
import { TICK_MS } from '../run.ts';
import { declaredAfterTick } from '../telemetry/declaredMetrics.ts';
import { k8sEvent, oomLine, startupLine } from '../telemetry/runtimeLines.ts';

const GB = 1073741824;
const MB = 1048576;

/**
 * Resources at the end of a tick, from the work the tick's requests did and the faults in force: CPU,
 * memory (and OOM kills), GC, file descriptors, disk, retransmits. Writes the gauges the next scrape reads.
 */
export function afterTick(run: Run, t0: number, t1: number): void {
  const span = t1 - t0;
  const rng = run.rng.res;
  for (const inst of run.sys.instances) {
    if (!inst.live) continue;
    const svc = inst.svc;
    const lim = svc.spec.limits;
    let extraCpu = 0;
    let leak = 0;
    let fdLeak = 0;
    let diskFill = 0;
    let retrans = rng.next() < 0.2 ? 1 : 0;
    for (const e of run.svcEffects[svc.idx]!) {
      if (e.fromMs >= t1 || e.untilMs <= t0 || !actsOn(e, inst)) continue;
      const since = Math.max(0, t1 - e.fromMs);
      // A fault that ramps up burns, leaks and fills slower until its ramp is over.
      const strength = strengthAt(e, t1);
      if (e.kind === 'cpu-saturation') extraCpu += (0.5 + 0.6 * e.severity) * lim.cpu * span * strength;
      // What leaks grows with the work done, which differs from pod to pod, so pods do not die together.
      if (e.kind === 'memory-leak')
        leak +=
          ((lim.memoryMb * MB * 0.6) / ((1 - e.severity) * 2_400_000 + 300_000)) *
          span *
          (0.4 + 1.2 * rng.next()) *
          strength;
      if (e.kind === 'fd-exhaustion')
        fdLeak += (lim.fds / ((1 - e.severity) * 1_800_000 + 300_000)) * span * strength;
      if (e.kind === 'disk-full' && since > 0)
        diskFill += ((lim.diskGb * GB * 0.5) / ((1 - e.severity) * 2_400_000 + 300_000)) * span * strength;
    }
    for (const edge of run.sys.edges) {
      if (edge.from !== svc) continue;
      // Only the hosts whose packets are lost retransmit: a loss confined to one node shows on that node.
      for (const e of run.edgeEffects[edge.idx]!)
        if (e.kind === 'packet-loss' && actsOn(e, inst))
          retrans += Math.round(edge.calls * (0.05 + 0.3 * e.severity) * 3 * strengthAt(e, t1));
    }
    const down = inst.killedAt < t1 && inst.downUntil > t0;
    const busy = down ? 0 : inst.busyMs + extraCpu + 0.03 * lim.cpu * span;
    inst.util = busy / (lim.cpu * span);
    const used = Math.min(inst.util, 1) * lim.cpu * (span / 1000);
    inst.cpuSeconds += used;
    const memFrac = inst.memBytes / (lim.memoryMb * MB);
    const pressure = memFrac > 0.9 ? 1 + (memFrac - 0.9) * 20 : 1;
    run.slow[inst.idx] =
      (inst.util < 0.6 ? 1 : 1 + ((Math.min(inst.util, 1.5) - 0.6) / 0.4) ** 2 * 3) * pressure;
    inst.gcCount += Math.round(inst.busyMs / 400);
    inst.gcSeconds += (inst.busyMs / 1000) * 0.02 * pressure;
    if (!Number.isNaN(inst.pauseStart) && inst.pauseEnd < t1) inst.pauseStart = inst.pauseEnd = Number.NaN;
    const base = lim.memoryMb * MB * 0.4;
    inst.memBytes +=
      (base - inst.memBytes) * (leak > 0 ? 0 : 0.05) + (rng.next() - 0.5) * lim.memoryMb * MB * 0.01 + leak;
    // The kill lands during the next tick, so requests already on their way meet it.
    if (inst.memBytes >= lim.memoryMb * MB && inst.downUntil <= t1)
      oomKill(run, inst, t1 + rng.next() * span);
    const target = 40 + Math.round(inst.busyMs / 100);
    inst.fds =
      fdLeak > 0 ? Math.min(lim.fds, inst.fds + fdLeak) : Math.round(inst.fds + (target - inst.fds) * 0.5);
    inst.diskUsed = Math.min(lim.diskGb * GB, inst.diskUsed + diskFill + rng.next() * 2 * MB);
    inst.busyMs = 0;
    if (inst.downUntil > t0 && inst.downUntil <= t1 && inst.killedAt < t0)
      run.sink.push(run.streams[inst.idx]!, inst.downUntil, startupLine(run, inst, inst.downUntil));
    const tel = run.telemetry[inst.idx]!;
    const m = run.metrics;
    m.set(tel.cpu, inst.cpuSeconds);
    m.add(tel.throttled, Math.max(0, inst.util - 1) * (span / 1000));
    m.set(tel.rss, Math.round(inst.memBytes * 1.04));
    m.set(tel.wss, Math.round(inst.memBytes));
    m.set(tel.restarts, inst.restarts);
    m.set(tel.gcSum, inst.gcSeconds);
    m.set(tel.gcCount, inst.gcCount);
    m.set(tel.fds, Math.round(inst.fds));
    m.set(tel.fsAvail, Math.round(lim.diskGb * GB - inst.diskUsed));
    m.set(tel.up, inst.killedAt <= t1 && inst.downUntil > t1 ? 0 : 1);
    m.add(tel.retrans, retrans);
  }
  declaredAfterTick(run, t0, t1);
}

/** The kernel kills the container; it restarts after a back-off, and requests in flight are reset. */
function oomKill(run: Run, inst: InstModel, t: number): void {
  const restart = 12_000 + run.rng.res.next() * 20_000;
  inst.restarts++;
  inst.killedAt = t;
  inst.downUntil = t + restart;
  inst.memBytes = inst.svc.spec.limits.memoryMb * MB * 0.3;
  run.sink.push(run.streams[inst.idx]!, t, oomLine(run, inst, t));
  const ev = run.eventStreams[inst.svc.idx]!;
  run.sink.push(
    ev,
    t + 40,
    k8sEvent(
      run,
      t + 40,
      'Warning',
      'OOMKilled',
      `pod/${inst.name}`,
      `Container app in pod ${inst.name} was OOMKilled (exit code 137); restart count ${inst.restarts}`,
    ),
  );
  run.sink.push(
    ev,
    t + 1500,
    k8sEvent(
      run,
      t + 1500,
      'Warning',
      'BackOff',
      `pod/${inst.name}`,
      `Back-off restarting failed container app in pod ${inst.name}`,
    ),
  );
  run.sink.push(
    ev,
    t + restart - 500,
    k8sEvent(run, t + restart - 500, 'Normal', 'Started', `pod/${inst.name}`, 'Started container app'),
  );
  void TICK_MS;
}
