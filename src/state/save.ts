import { z } from 'zod';
import { ActionSchema } from '../engine/investigation/actions.ts';

/** Bump when the saved shape changes; older saves are then migrated or set aside, never misread. */
export const SAVE_VERSION = 1;
export const SAVE_KEY = 'twoam.investigation';

const SaveSchema = z.object({
  version: z.literal(SAVE_VERSION),
  scenarioId: z.string(),
  phase: z.enum(['briefing', 'investigating', 'debrief']),
  actions: z.array(ActionSchema),
  /** Milliseconds spent investigating before the save, so the clock resumes where it was. */
  elapsedMs: z.number().min(0),
});

/** An investigation as saved in the browser. */
export type SavedInvestigation = z.infer<typeof SaveSchema>;

/** The subset of Web Storage used here, so tests can pass a Map-backed one. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What reading the save found. A corrupt save is moved aside under `setAsideKey` and reported. */
export type LoadedSave =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly save: SavedInvestigation }
  | { readonly kind: 'corrupt'; readonly reason: string; readonly setAsideKey: string };

/** Reads the saved investigation; never throws and never drops unreadable data silently. */
export function loadSave(storage: KeyValueStorage, nowMs: number): LoadedSave {
  const raw = storage.getItem(SAVE_KEY);
  if (raw === null) return { kind: 'none' };
  let reason: string;
  try {
    const result = SaveSchema.safeParse(JSON.parse(raw));
    if (result.success) return { kind: 'ok', save: result.data };
    const issue = result.error.issues[0]!;
    reason =
      issue.path[0] === 'version'
        ? `it was written by another version of 2AM (${JSON.stringify((JSON.parse(raw) as { version?: unknown }).version)})`
        : `${issue.path.join('.') || 'the save'}: ${issue.message}`;
  } catch (err) {
    reason = `it is not valid JSON (${(err as Error).message})`;
  }
  const setAsideKey = `${SAVE_KEY}.corrupt.${nowMs}`;
  storage.setItem(setAsideKey, raw);
  storage.removeItem(SAVE_KEY);
  return { kind: 'corrupt', reason, setAsideKey };
}

/** Writes the investigation in progress. */
export function writeSave(storage: KeyValueStorage, save: Omit<SavedInvestigation, 'version'>): void {
  const record: SavedInvestigation = { version: SAVE_VERSION, ...save };
  storage.setItem(SAVE_KEY, JSON.stringify(record));
}

/** Removes the saved investigation (after a debrief is left or an investigation abandoned). */
export function clearSave(storage: KeyValueStorage): void {
  storage.removeItem(SAVE_KEY);
}
