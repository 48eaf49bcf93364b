import { z } from 'zod';
import { ActionSchema } from '../engine/investigation/actions.ts';
import { toLogQL } from '../engine/query/logSearch.ts';
import { remove, setAside } from './setAside.ts';
import { ToolInputsSchema } from './slices/toolInputs.ts';
import { readStoredRecord } from './storedRecord.ts';

/** Bump when the saved shape changes; older saves are then migrated or set aside, never misread. */
export const SAVE_VERSION = 2;
export const SAVE_KEY = 'twoam.investigation';

const SaveSchema = z.object({
  version: z.literal(SAVE_VERSION),
  scenarioId: z.string(),
  phase: z.enum(['briefing', 'investigating', 'debrief']),
  actions: z.array(ActionSchema),
  /** Milliseconds spent investigating before the save, so the clock resumes where it was. */
  elapsedMs: z.number().min(0),
  /** Which variant of the scenario is being played (absent: the file as written). */
  variant: z.number().int().min(0).optional(),
  /** What was typed and chosen in each tool (absent in saves written before it was kept). */
  inputs: ToolInputsSchema.optional(),
});

/** An investigation as saved in the browser. */
export type SavedInvestigation = z.infer<typeof SaveSchema>;

/** The subset of Web Storage used here, so tests can pass a Map-backed one. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * What reading the save found. A corrupt save is moved aside under `setAsideKey` and reported; when no
 * copy could be kept (the storage is full even without older copies, or refuses), `setAsideKey` is absent.
 */
export type LoadedSave =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly save: SavedInvestigation }
  | { readonly kind: 'corrupt'; readonly reason: string; readonly setAsideKey?: string };

type Json = Record<string, unknown>;

/**
 * Version 1 saved log queries as a service and a filter with numeric entry ids, and pins without refs;
 * version 2 speaks the generic evidence vocabulary (`log:123`). The rewrite is exact, so nothing is lost.
 */
function fromVersion1(save: Json): Json {
  const actions = Array.isArray(save.actions) ? (save.actions as Json[]) : [];
  return {
    ...save,
    version: 2,
    actions: actions.map((a) => {
      if (a.type === 'query') {
        const service = typeof a.service === 'string' ? a.service : undefined;
        const filter = typeof a.filter === 'string' ? a.filter : '';
        return {
          type: 'query',
          at: a.at,
          tool: 'logs',
          query: toLogQL({ ...(service ? { service } : {}), contains: filter }),
          scope: service ? { service } : {},
          matched: a.matched,
          shownIds: Array.isArray(a.shownIds) ? a.shownIds.map((id) => `log:${id}`) : [],
        };
      }
      if (a.type === 'pin')
        return { ...a, evidence: { ...(a.evidence as Json), ref: `log:${(a.evidence as Json).id}` } };
      if (a.type === 'unpin') return { type: 'unpin', at: a.at, ref: `log:${a.id}` };
      if (a.type === 'diagnose') return { ...a, diagnosis: { confidence: 50, ...(a.diagnosis as Json) } };
      return a;
    }),
  };
}

/**
 * Saves written while the change log's open start was recorded as -Infinity hold `null` there (JSON has no
 * infinity). An absent bound means the same thing, so such saves read back instead of being set aside.
 */
function withoutNullBounds(save: unknown): unknown {
  if (!save || typeof save !== 'object' || !Array.isArray((save as Json).actions)) return save;
  const actions = ((save as Json).actions as Json[]).map((a) => {
    const scope = a?.scope as Json | undefined;
    if (!scope || typeof scope !== 'object') return a;
    const kept = Object.fromEntries(Object.entries(scope).filter(([, v]) => v !== null));
    return { ...a, scope: kept };
  });
  return { ...(save as Json), actions };
}

/**
 * Reads the saved investigation; never throws and never drops unreadable data silently: a save it cannot
 * read (corrupt, or written by another version) is set aside, or reported as not kept when the storage
 * has no room for it, and removed so a new game can start.
 */
export function loadSave(storage: KeyValueStorage, nowMs: number): LoadedSave {
  const read = readStoredRecord(storage, SAVE_KEY, SaveSchema, nowMs, 'the save', (parsed) =>
    withoutNullBounds(
      parsed && typeof parsed === 'object' && (parsed as Json).version === 1
        ? fromVersion1(parsed as Json)
        : parsed,
    ),
  );
  return read.kind === 'ok' ? { kind: 'ok', save: read.value } : read;
}

/**
 * Sets the saved investigation aside because its steps name what the scenario does not have (a hand-edited
 * or foreign save): it is kept under a `.corrupt.` key, as an unreadable one is, and a new game starts.
 */
export function refuseSave(
  storage: KeyValueStorage,
  reason: string,
  nowMs: number,
): Extract<LoadedSave, { kind: 'corrupt' }> {
  let raw: string | null = null;
  try {
    raw = storage.getItem(SAVE_KEY);
  } catch {
    // Nothing to keep: the report says so.
  }
  const setAsideKey = raw === null ? undefined : setAside(storage, SAVE_KEY, raw, nowMs);
  remove(storage, SAVE_KEY);
  return setAsideKey === undefined ? { kind: 'corrupt', reason } : { kind: 'corrupt', reason, setAsideKey };
}

/** The sentence that tells the player their saved investigation could not be read, and what became of it. */
export function saveNotice(loaded: Extract<LoadedSave, { kind: 'corrupt' }>): string {
  const kept = loaded.setAsideKey
    ? `It was set aside in this browser's storage as "${loaded.setAsideKey}" and a new game starts.`
    : "No copy could be kept (this browser's storage is full or refused it), and a new game starts.";
  return `Your saved investigation could not be read because ${loaded.reason}. ${kept}`;
}

/** Writes the investigation in progress; answers false when the storage refused (full, or disabled). */
export function writeSave(storage: KeyValueStorage, save: Omit<SavedInvestigation, 'version'>): boolean {
  const record: SavedInvestigation = { version: SAVE_VERSION, ...save };
  try {
    storage.setItem(SAVE_KEY, JSON.stringify(record));
    return true;
  } catch {
    return false;
  }
}

/** Removes the saved investigation (after a debrief is left or an investigation abandoned). */
export function clearSave(storage: KeyValueStorage): void {
  remove(storage, SAVE_KEY);
}
