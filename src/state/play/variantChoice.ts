import { loadProgress } from '../progress.ts';
import type { KeyValueStorage } from '../save.ts';

/** Where the variants a player has been given live in the browser's storage: variant numbers by scenario. */
export const VARIANTS_PLAYED_KEY = 'twoam.variantsPlayed';

/**
 * The variant being played: a first play is the scenario as written, each later play a variant whose answer
 * the player has not met yet (another culprit, trigger or slice), so a second play cannot be solved from
 * memory. Only variant numbers are kept here; which of them share an answer comes from the host, which
 * never says what the answer is. Kept in the save so a reload resumes it.
 */
export interface VariantChoice {
  /** The variant of this play (0: as written), chosen on the first call from the variants given so far. */
  of(scenarioId: string): Promise<number>;
  /** The variant chosen, if any. */
  current(): number | undefined;
  /** Resumes a saved play's variant. */
  restore(variant: number): void;
  /** Forgets the choice: the next play chooses again. */
  forget(): void;
}

/** The variants of a scenario grouped by answer, as the host tells them (variant numbers only). */
export type VariantGroups = (scenarioId: string) => Promise<readonly (readonly number[])[]>;

export function createVariantChoice(
  storage: KeyValueStorage,
  wallClockMs: () => number,
  groupsOf: VariantGroups,
): VariantChoice {
  let variant: number | undefined;
  const playsOf = (scenarioId: string): number => {
    const loaded = loadProgress(storage, wallClockMs());
    return loaded.kind === 'ok' ? (loaded.progress[scenarioId]?.plays ?? 0) : 0;
  };
  const choose = async (scenarioId: string): Promise<number> => {
    const given = readGiven(storage);
    // Plays from before variants were recorded took variants 0, 1, 2… in turn.
    const played = given[scenarioId] ?? range(playsOf(scenarioId));
    const groups = played.length === 0 ? [] : await groupsOf(scenarioId).catch(() => []);
    const chosen = pickVariant(groups, played);
    writeGiven(storage, { ...given, [scenarioId]: [...played.filter((v) => v !== chosen), chosen] });
    return chosen;
  };
  return {
    of: async (scenarioId) => {
      variant ??= await choose(scenarioId);
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

/**
 * The next variant to give a player who has been given `played`: the first play is variant 0; then the
 * first unplayed variant of an answer not met yet; once every answer is met, an unplayed variant of the
 * answer met least; past every variant known, the one after the highest played.
 */
export function pickVariant(groups: readonly (readonly number[])[], played: readonly number[]): number {
  if (played.length === 0) return 0;
  const seen = new Set(played);
  const met = (group: readonly number[]) => group.filter((v) => seen.has(v)).length;
  const open = groups
    .map((group, order) => ({ group, order, met: met(group) }))
    .filter(({ group }) => group.some((v) => !seen.has(v)))
    .sort((a, b) => a.met - b.met || a.order - b.order);
  const next = open[0]?.group.find((v) => !seen.has(v));
  return next ?? Math.max(...played) + 1;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function readGiven(storage: KeyValueStorage): Record<string, number[]> {
  try {
    const parsed = JSON.parse(storage.getItem(VARIANTS_PLAYED_KEY) ?? '{}') as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Record<string, number[]> = {};
    for (const [id, list] of Object.entries(parsed)) {
      if (Array.isArray(list)) out[id] = list.filter((v): v is number => Number.isInteger(v) && v >= 0);
    }
    return out;
  } catch {
    // An unreadable record only costs the variety of the next play, never the play itself.
    return {};
  }
}

function writeGiven(storage: KeyValueStorage, given: Record<string, number[]>): void {
  try {
    storage.setItem(VARIANTS_PLAYED_KEY, JSON.stringify(given));
  } catch {
    // A full or refusing storage: the next play may repeat an answer, nothing worse.
  }
}
