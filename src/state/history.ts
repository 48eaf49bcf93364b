import { z } from 'zod';
import { TOOLS } from '../engine/investigation/actions.ts';
import { FAULT_FAMILIES } from '../engine/scenario/trainsSchema.ts';
import type { KeyValueStorage } from './save.ts';
import { remove, setAside } from './setAside.ts';

/** Bump when a play record's shape changes; an older history is then set aside, never misread. */
export const HISTORY_VERSION = 1;
/** Where the history of finished plays lives in the browser's storage, beside the progress record. */
export const HISTORY_KEY = 'twoam.history';
/** How many finished plays are kept: enough for years of practice, small enough for any storage. */
export const HISTORY_KEEP = 500;

const PlaySchema = z.object({
  scenarioId: z.string(),
  /** When the debrief opened, in milliseconds since the epoch: streaks count UTC days. */
  at: z.number().int().min(0),
  total: z.number().int().min(0).max(100),
  /** Whether the diagnosis stood (the root cause's component and kind, or an arguable alternative). */
  solved: z.boolean(),
  /**
   * The family of the root cause's kind, learned at the debrief, for the skill radar. Only the family is
   * kept, never the component, kind or trigger, and a later play of the scenario gets another answer.
   */
  family: z.enum(FAULT_FAMILIES).optional(),
  /** The tools the trainee asked something of. */
  tools: z.array(z.enum(TOOLS)),
});

const HistorySchema = z.object({
  version: z.literal(HISTORY_VERSION),
  plays: z.array(PlaySchema),
});

/** One play that reached the debrief, as the profile counts it. */
export type PlayRecord = z.infer<typeof PlaySchema>;

/** What reading the history found; an unreadable history is set aside (under `setAsideKey` when kept). */
export type LoadedHistory =
  | { readonly kind: 'ok'; readonly plays: readonly PlayRecord[] }
  | {
      readonly kind: 'corrupt';
      readonly plays: readonly PlayRecord[];
      readonly reason: string;
      readonly setAsideKey?: string;
    };

/** Reads the history of finished plays; never throws, and one it cannot read is kept aside when there is room. */
export function loadHistory(storage: KeyValueStorage, nowMs: number): LoadedHistory {
  let raw: string | null;
  try {
    raw = storage.getItem(HISTORY_KEY);
  } catch (err) {
    return {
      kind: 'corrupt',
      plays: [],
      reason: `this browser's storage cannot be read (${(err as Error).message})`,
    };
  }
  if (raw === null) return { kind: 'ok', plays: [] };
  let reason: string;
  try {
    const result = HistorySchema.safeParse(JSON.parse(raw));
    if (result.success) return { kind: 'ok', plays: result.data.plays };
    const issue = result.error.issues[0]!;
    reason = `${issue.path.join('.') || 'the record'}: ${issue.message}`;
  } catch (err) {
    reason = `it is not valid JSON (${(err as Error).message})`;
  }
  const setAsideKey = setAside(storage, HISTORY_KEY, raw, nowMs);
  remove(storage, HISTORY_KEY);
  return setAsideKey === undefined
    ? { kind: 'corrupt', plays: [], reason }
    : { kind: 'corrupt', plays: [], reason, setAsideKey };
}

/**
 * Appends a finished play (keeping the latest {@link HISTORY_KEEP}) and answers the history written. A
 * history that cannot be read is set aside first, so recording never overwrites what it could not read.
 */
export function recordHistory(storage: KeyValueStorage, play: PlayRecord, nowMs: number): LoadedHistory {
  const loaded = loadHistory(storage, nowMs);
  const plays = [...loaded.plays, play].slice(-HISTORY_KEEP);
  try {
    storage.setItem(HISTORY_KEY, JSON.stringify({ version: HISTORY_VERSION, plays }));
  } catch {
    // A full or disabled storage loses this play from the profile, not the game.
  }
  return { ...loaded, plays };
}

/** The sentence that tells the player the history could not be read, and what became of it. */
export function historyNotice(loaded: Extract<LoadedHistory, { kind: 'corrupt' }>): string {
  const kept = loaded.setAsideKey
    ? `It was set aside in this browser's storage as "${loaded.setAsideKey}" and your profile starts again.`
    : "No copy could be kept (this browser's storage is full or refused it), and your profile starts again.";
  return `The history of your plays could not be read because ${loaded.reason}. ${kept}`;
}
