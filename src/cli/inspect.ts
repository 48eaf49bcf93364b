import type { CodeRepo } from '../engine/world/codeRepo.ts';
import type { FullWorld } from './loadWorld.ts';
import { loadWorld, seedOption } from './loadWorld.ts';
import type { Output } from './output.ts';
import { EXIT, UsageError } from './output.ts';

export const INSPECT_HELP = `Usage: twoam inspect <scenario.yaml> [--seed N] [--json]

Simulates a scenario and summarises its world: the services and their instances, the window, and how
much of each signal it holds (log lines and streams, metric series, spans and traces, commits, alerts).
Signals the simulation does not produce for this scenario are left out.
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
  if (world.alerts) counts.alertFirings = world.alerts.length;
  counts.changes = world.scenario.timeline.length;
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
  };
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
  output.out(lines.join('\n'));
  return EXIT.ok;
}
