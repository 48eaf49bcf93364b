import type { LoadedText } from '../../worker/worldHost.ts';
import type { PlayContext } from './playContext.ts';

/** Loads a scenario file the player chose; when it is valid its briefing opens, else its errors come back. */
export async function loadScenarioText(
  context: PlayContext,
  text: string,
  fileName: string,
): Promise<LoadedText> {
  const result = await context.host.openText(text, fileName);
  if (result.ok) context.actor.send({ type: 'select scenario', scenarioId: result.scenario.id });
  return result;
}
