import { loadProgress } from '../progress.ts';
import type { KeyValueStorage } from '../save.ts';

/**
 * The variant being played: a first play is the scenario as written, each later play another variant, so a
 * second play differs and answers cannot be memorised. Kept in the save so a reload resumes it.
 */
export interface VariantChoice {
  /** The variant of this play (0: as written), chosen on the first call from the plays so far. */
  of(scenarioId: string): number;
  /** The variant chosen, if any. */
  current(): number | undefined;
  /** Resumes a saved play's variant. */
  restore(variant: number): void;
  /** Forgets the choice: the next play chooses again. */
  forget(): void;
}

export function createVariantChoice(storage: KeyValueStorage, wallClockMs: () => number): VariantChoice {
  let variant: number | undefined;
  const playsOf = (scenarioId: string): number => {
    const loaded = loadProgress(storage, wallClockMs());
    return loaded.kind === 'ok' ? (loaded.progress[scenarioId]?.plays ?? 0) : 0;
  };
  return {
    of: (scenarioId) => {
      variant ??= playsOf(scenarioId);
      return variant;
    },
    current: () => variant,
    restore: (v) => {
      variant = v;
    },
    forget: () => {
      variant = undefined;
    },
  };
}
