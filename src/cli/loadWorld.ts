import { readFile } from 'node:fs/promises';
import { formatScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import { loadScenario } from '../engine/scenario/load.ts';
import { simulate } from '../engine/sim/simulate.ts';
import type { CodeRepo } from '../engine/world/codeRepo.ts';
import { buildCodeRepo } from '../engine/world/codeRepo.ts';
import type { MetricStore } from '../engine/world/metricStore.ts';
import type { TraceStore } from '../engine/world/traceStore.ts';
import type { World } from '../engine/world/world.ts';
import type { Output } from './output.ts';
import { UsageError } from './output.ts';

/** A world with the signals a run may carry; metrics, traces and alerts appear as the simulation grows them. */
export type FullWorld = World & {
  readonly metrics?: MetricStore;
  readonly traces?: TraceStore;
  readonly alerts?: readonly unknown[];
};

/** Parses `--seed`: an integer, or the scenario's own seed when absent. */
export function seedOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new UsageError(`--seed "${text}" is not an integer`);
  return Number(text);
}

/**
 * Loads a scenario file and simulates its world; prints the file's problems and returns undefined when it
 * does not load. The code repository comes from the world, or is built from the scenario.
 */
export async function loadWorld(
  file: string,
  seed: number | undefined,
  output: Output,
): Promise<{ world: FullWorld; code: CodeRepo | undefined } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    output.err(`${file}:1:1: cannot read: ${reason}`);
    return undefined;
  }
  const { scenario, diagnostics } = loadScenario(text, file);
  if (!scenario) {
    for (const d of diagnostics) output.err(formatScenarioDiagnostic(d));
    return undefined;
  }
  const world: FullWorld = simulate(scenario, seed === undefined ? {} : { seed });
  return { world, code: world.code ?? buildCodeRepo(scenario) };
}
