import { z } from 'zod';
import { TOOLS } from '../engine/investigation/actions.ts';
import { FAULT_FAMILIES } from '../engine/scenario/trainsSchema.ts';
import type { KeyValueStorage } from './save.ts';
import { readStoredRecord } from './storedRecord.ts';

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
  const read = readStoredRecord(storage, HISTORY_KEY, HistorySchema, nowMs, 'the record');
  if (read.kind === 'none') return { kind: 'ok', plays: [] };
  if (read.kind === 'ok') return { kind: 'ok', plays: read.value.plays };
  return { ...read, plays: [] };
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
