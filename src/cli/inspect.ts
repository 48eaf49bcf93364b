import type { AlertFirings } from '../engine/sim/telemetry/alerts.ts';
import { alertFirings, evaluateAlerts } from '../engine/sim/telemetry/alerts.ts';
import type { CodeRepo } from '../engine/world/codeRepo.ts';
import type { FullWorld } from './loadWorld.ts';
import { loadWorld, seedOption } from './loadWorld.ts';
import type { Output } from './output.ts';
import { EXIT, UsageError } from './output.ts';

export const INSPECT_HELP = `Usage: twoam inspect <scenario.yaml> [--seed N] [--json]

Simulates a scenario and summarises its world: the services and their instances, the window, and how
much of each signal it holds (log lines and streams, metric series, spans and traces, commits), and how
many times each of the scenario's alert rules fired in the window (evaluated every 15 s, as Prometheus
does). Signals the simulation does not produce for this scenario are left out.
Exit status: 0 ok, 1 the scenario has problems, 2 usage error.`;

/** The summary `inspect` prints, also its --json shape. */
export interface WorldSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly window: { readonly start: string; readonly end: string };
  readonly services: readonly {
    readonly id: string;
    readonly kind: string;
    readonly instances: readonly string[];
  }[];
  readonly counts: Readonly<Record<string, number>>;
  /** Every alert rule of the scenario, in file order, with how often it fired. */
  readonly alerts: readonly AlertSummary[];
  /** Rules whose expression could not be evaluated. */
  readonly alertErrors: readonly { readonly alert: string; readonly message: string }[];
}

/** One alert rule in the summary; `firstFiringAt` is an ISO time, absent when the rule never fired. */
export interface AlertSummary extends Omit<AlertFirings, 'firstFiringAtMs'> {
  readonly firstFiringAt?: string;
}

/** Counts what a world holds. */
export function summarise(world: FullWorld, code: CodeRepo | undefined): WorldSummary {
  const counts: Record<string, number> = { logLines: world.logs.size, logStreams: world.logs.streams.length };
  if (world.metrics) counts.series = world.metrics.series.length;
  if (world.traces) {
    counts.spans = world.traces.size;
    counts.traces = world.traces.traceIds.length;
  }
  if (code) counts.commits = code.commits.length;
  counts.changes = world.scenario.timeline.length;
  const rules = world.scenario.alerts;
  const evaluated = world.metrics
    ? evaluateAlerts(rules, world.metrics, world.startMs, world.endMs)
    : { alerts: [], errors: [] };
  const alerts = alertFirings(rules, evaluated.alerts).map(({ firstFiringAtMs, ...rest }) =>
    firstFiringAtMs === undefined
      ? rest
      : { ...rest, firstFiringAt: new Date(firstFiringAtMs).toISOString() },
  );
  if (rules.length > 0) counts.alertFirings = alerts.reduce((sum, a) => sum + a.firings, 0);
  return {
    scenario: world.scenario.id,
    seed: world.seed,
    window: { start: new Date(world.startMs).toISOString(), end: new Date(world.endMs).toISOString() },
    services: world.scenario.system.services.map((s) => ({
      id: s.id,
      kind: s.kind,
      instances: world.instances[s.id] ?? [],
    })),
    counts,
    alerts,
    alertErrors: evaluated.errors,
  };
}

/** `  CheckoutErrorRate  page  fired 2 times, first at 2026-…Z (1 more only pending)` */
function alertLine(a: AlertSummary, width: number): string {
  const times = a.firings === 1 ? 'fired 1 time' : `fired ${a.firings} times`;
  const first = a.firstFiringAt ? `, first at ${a.firstFiringAt}` : '';
  const pending = a.pendingOnly > 0 ? ` (${a.pendingOnly} more only pending)` : '';
  return `  ${a.alert.padEnd(width)}  ${a.severity.padEnd(6)}  ${times}${first}${pending}`;
}

/** Prints the summary of a scenario's world. */
export async function inspectCommand(
  files: readonly string[],
  seed: string | undefined,
  output: Output,
): Promise<number> {
  if (files.length !== 1) throw new UsageError('inspect needs exactly one scenario file');
  const loaded = await loadWorld(files[0]!, seedOption(seed), output);
  if (!loaded) return EXIT.problems;
  const s = summarise(loaded.world, loaded.code);
  if (output.json) {
    output.out(JSON.stringify(s, null, 2));
    return EXIT.ok;
  }
  const lines = [
    `${s.scenario} (seed ${s.seed})`,
    `window: ${s.window.start} to ${s.window.end}`,
    'services:',
  ];
  const width = Math.max(...s.services.map((svc) => svc.id.length));
  for (const svc of s.services)
    lines.push(`  ${svc.id.padEnd(width)}  ${svc.kind.padEnd(8)}  ${svc.instances.join(', ')}`);
  lines.push('counts:');
  for (const [name, n] of Object.entries(s.counts)) lines.push(`  ${name.padEnd(12)} ${n}`);
  if (s.alerts.length > 0) {
    lines.push('alert firings:');
    const alertWidth = Math.max(...s.alerts.map((a) => a.alert.length));
    for (const a of s.alerts) lines.push(alertLine(a, alertWidth));
  }
  for (const e of s.alertErrors) lines.push(`  ${e.alert}: cannot evaluate: ${e.message}`);
  output.out(lines.join('\n'));
  return EXIT.ok;
}
