import { z } from 'zod';
import type { Grade } from '../engine/scoring/grade.ts';
import { betterGrade, GRADES } from '../engine/scoring/grade.ts';
import type { KeyValueStorage } from './save.ts';
import { readStoredRecord } from './storedRecord.ts';

/** Bump when the progress record's shape changes; an older record is then set aside, never misread. */
export const PROGRESS_VERSION = 1;
/** Where the progress record lives in the browser's storage. */
export const PROGRESS_KEY = 'twoam.progress';

const EntrySchema = z.object({
  /** The best total score of any play that reached the debrief. */
  bestScore: z.number().int().min(0).max(100),
  /** Whether a diagnosis ever reached the debrief. */
  completed: z.boolean(),
  /** How many plays reached the debrief. */
  plays: z.number().int().min(0),
  /** The best grade of those plays (absent in records written before grades). */
  bestGrade: z.enum(GRADES).optional(),
});

const ProgressSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  scenarios: z.record(z.string(), EntrySchema),
});

/** One scenario's progress, as the library shows it. */
export type ScenarioProgress = z.infer<typeof EntrySchema>;

/** Every scenario's progress, by scenario id. */
export type ProgressByScenario = Readonly<Record<string, ScenarioProgress>>;

/**
 * What reading the progress found. A corrupt record is moved aside under `setAsideKey` and reported; when
 * no copy could be kept (the storage is full even without older copies, or refuses), it is absent.
 */
export type LoadedProgress =
  | { readonly kind: 'ok'; readonly progress: ProgressByScenario }
  | {
      readonly kind: 'corrupt';
      readonly progress: ProgressByScenario;
      readonly reason: string;
      readonly setAsideKey?: string;
    };

/** Reads the progress record; never throws, and a record it cannot read is kept aside when there is room. */
export function loadProgress(storage: KeyValueStorage, nowMs: number): LoadedProgress {
  const read = readStoredRecord(storage, PROGRESS_KEY, ProgressSchema, nowMs, 'the record');
  if (read.kind === 'none') return { kind: 'ok', progress: {} };
  if (read.kind === 'ok') return { kind: 'ok', progress: read.value.scenarios };
  return { ...read, progress: {} };
}

/** One play that reached the debrief: its scenario, its total and grade, and whether a diagnosis was submitted. */
export interface FinishedPlay {
  readonly scenarioId: string;
  readonly total: number;
  readonly grade?: Grade;
  readonly diagnosed: boolean;
}

/** The better of a saved best grade and a new one. */
function bestOf(saved: Grade | undefined, play: Grade | undefined): Grade | undefined {
  if (!saved) return play;
  return play && betterGrade(play, saved) ? play : saved;
}

/** The progress after one more finished play (pure, so the library and the tests share it). */
export function withPlay(progress: ProgressByScenario, play: FinishedPlay): ProgressByScenario {
  const before = progress[play.scenarioId];
  const entry: ScenarioProgress = before
    ? {
        bestScore: Math.max(before.bestScore, play.total),
        completed: before.completed || play.diagnosed,
        plays: before.plays + 1,
      }
    : { bestScore: play.total, completed: play.diagnosed, plays: 1 };
  const bestGrade = bestOf(before?.bestGrade, play.grade);
  return { ...progress, [play.scenarioId]: bestGrade ? { ...entry, bestGrade } : entry };
}

/**
 * Records a finished play and answers the progress written (and whether an unreadable record was set aside). A record that cannot be read is set aside
 * first (as `loadProgress` does), so recording never overwrites what it could not read.
 */
export function recordPlay(storage: KeyValueStorage, play: FinishedPlay, nowMs: number): LoadedProgress {
  const loaded = loadProgress(storage, nowMs);
  const progress = withPlay(loaded.progress, play);
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify({ version: PROGRESS_VERSION, scenarios: progress }));
  } catch {
    // A full or disabled storage loses this play's score, not the game: the debrief still shows it.
  }
  return { ...loaded, progress };
}

/** The sentence that tells the player a progress record could not be read, and what became of it. */
export function progressNotice(loaded: Extract<LoadedProgress, { kind: 'corrupt' }>): string {
  const kept = loaded.setAsideKey
    ? `They were set aside in this browser's storage as "${loaded.setAsideKey}" and counting starts again.`
    : "No copy could be kept (this browser's storage is full or refused it), and counting starts again.";
  return `Your scores and completed scenarios could not be read because ${loaded.reason}. ${kept}`;
}
