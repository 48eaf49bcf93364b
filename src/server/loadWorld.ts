import { readFile } from 'node:fs/promises';
import { formatScenarioDiagnostic } from '../engine/scenario/diagnostics.ts';
import { loadScenario } from '../engine/scenario/load.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { simulate } from '../engine/sim/simulate.ts';
import type { World } from '../engine/world/world.ts';

/** A scenario file that could not be read or is not a valid scenario; the message names file:line:col. */
export class ScenarioFileError extends Error {}

/** Reads and validates a scenario file, as variant `variant` has it (0, the default, is the file as written). */
export async function readScenarioFile(file: string, variant = 0): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScenarioFileError(
      `${file}: cannot read: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  const { scenario, diagnostics } = loadScenario(text, file, { variant });
  if (!scenario) throw new ScenarioFileError(diagnostics.map(formatScenarioDiagnostic).join('\n'));
  return scenario;
}

/** Reads a scenario file and simulates its world with the given seed (the scenario's own by default). */
export async function loadWorld(file: string, seed?: number): Promise<World> {
  const scenario = await readScenarioFile(file);
  return simulate(scenario, seed === undefined ? {} : { seed });
}
