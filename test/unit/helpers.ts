import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../src/engine/scenario/load.ts';
import type { Scenario } from '../../src/engine/scenario/schema.ts';
import type { Session } from '../../src/state/session.ts';

/** Reads a file from the scenarios folder. */
export function scenarioText(name: string): string {
  return readFileSync(join(process.cwd(), 'scenarios', name), 'utf8');
}

/** Loads a built-in scenario, failing the test with its diagnostics if it does not load. */
export function builtinScenario(name: string): Scenario {
  return loadedScenario(scenarioText(name), `scenarios/${name}`);
}

/** Loads a scenario's text, failing the test with its diagnostics (`line:col: path: message`) if it does not load. */
export function loadedScenario(
  text: string,
  file: string,
  options?: Parameters<typeof loadScenario>[2],
): Scenario {
  const { scenario, diagnostics } = loadScenario(text, file, options);
  if (!scenario)
    throw new Error(diagnostics.map((d) => `${d.line}:${d.col}: ${d.path}: ${d.message}`).join('\n'));
  return scenario;
}

/** A Map-backed Web Storage for save tests. */
export class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** Resolves once a session's world is ready (generated up to the incident clock). */
export function worldReady(session: Session): Promise<void> {
  return new Promise((resolve) => {
    if (session.store.getState().world.state === 'ready') return resolve();
    const stop = session.store.subscribe(
      (s) => s.world.state,
      (state) => {
        if (state === 'ready') {
          stop();
          resolve();
        }
      },
    );
  });
}
