import { z } from 'zod';
import type { Tool } from '../engine/investigation/actions.ts';
import { TOOLS } from '../engine/investigation/actions.ts';
import { VARIANTS_OFFERED } from '../engine/scenario/variantAnswer.ts';
import type { KeyValueStorage } from './save.ts';

/** Where today's incident and the results of the days played live in the browser's storage. */
export const DAILY_KEY = 'twoam.daily';
/** The first day of the daily incident: day #1. */
const FIRST_DAY_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;
/** The tutorial teaches; every other built-in scenario takes its turn as the daily incident. */
const NOT_DAILY = new Set(['tutorial']);

/** The incident of one UTC day: the same scenario and variant (hence the same world) for everyone. */
export interface DailyIncident {
  /** The UTC day, as YYYY-MM-DD. */
  readonly day: string;
  /** Its number, counting from 1 January 2026. */
  readonly number: number;
  readonly scenarioId: string;
  /** The variant: one of those every built-in scenario is checked on, so the day is as fair as any. */
  readonly variant: number;
}

/** FNV-1a over the text: a stable number from a name, the same in every browser. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The incident of the UTC day holding `nowMs`, drawn from the built-in scenarios' ids by the date alone,
 * so every player on that day gets the same one. Undefined when the catalog has no scenario to give.
 */
export function dailyIncident(nowMs: number, scenarioIds: readonly string[]): DailyIncident | undefined {
  const pool = [...new Set(scenarioIds)].filter((id) => !NOT_DAILY.has(id)).sort();
  if (pool.length === 0 || !Number.isFinite(nowMs)) return undefined;
  const day = new Date(Math.floor(nowMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  return {
    day,
    number: Math.floor((nowMs - FIRST_DAY_MS) / DAY_MS) + 1,
    scenarioId: pool[hash(`2am daily ${day}`) % pool.length]!,
    variant: hash(`2am daily ${day} variant`) % VARIANTS_OFFERED,
  };
}

const IncidentSchema = z.object({
  day: z.string(),
  number: z.number().int(),
  scenarioId: z.string(),
  variant: z.number().int().min(0),
});

const ResultSchema = z.object({
  total: z.number().min(0).max(100),
  grade: z.string().optional(),
  /** Minutes on the incident clock from the briefing to the debrief. */
  minutes: z.number().min(0),
  tools: z.array(z.enum(TOOLS)),
  /** Each score part's share of its points, in the debrief's order, for the card's squares. */
  parts: z.array(z.number().min(0).max(1)),
});

const DailySchema = z.object({
  /** The daily incident started last, so a reload knows the play under way is the day's. */
  started: IncidentSchema.optional(),
  /** The first result of each day, by day: later plays of the same day do not replace it. */
  results: z.record(z.string(), ResultSchema),
});

/** One day's result: what the share card tells. */
export type DailyResult = z.infer<typeof ResultSchema>;
type DailyRecord = z.infer<typeof DailySchema>;

/** Reads the daily record; an unreadable one reads as empty (it holds no play, only what the day showed). */
export function loadDaily(storage: KeyValueStorage): DailyRecord {
  try {
    const parsed = DailySchema.safeParse(JSON.parse(storage.getItem(DAILY_KEY) ?? '{"results":{}}'));
    return parsed.success ? parsed.data : { results: {} };
  } catch {
    return { results: {} };
  }
}

function writeDaily(storage: KeyValueStorage, record: DailyRecord): void {
  try {
    storage.setItem(DAILY_KEY, JSON.stringify(record));
  } catch {
    // A full or refusing storage loses the day's card, not the play.
  }
}

/** Notes that the day's incident was started, so a reload of the play still counts it as the day's. */
export function startDaily(storage: KeyValueStorage, incident: DailyIncident): void {
  writeDaily(storage, { ...loadDaily(storage), started: incident });
}

/** The day's incident a saved play belongs to, if it is the one started last. */
export function dailyOfSave(
  storage: KeyValueStorage,
  scenarioId: string,
  variant: number,
): DailyIncident | undefined {
  const { started } = loadDaily(storage);
  return started && started.scenarioId === scenarioId && started.variant === variant ? started : undefined;
}

/** Keeps the day's first result; answers the result that stands for the day. */
export function recordDaily(storage: KeyValueStorage, day: string, result: DailyResult): DailyResult {
  const record = loadDaily(storage);
  const kept = record.results[day];
  if (kept) return kept;
  writeDaily(storage, { ...record, results: { ...record.results, [day]: result } });
  return result;
}

const TOOL_EMOJI: Readonly<Record<Tool, string>> = {
  logs: '📜',
  metrics: '📈',
  traces: '🧵',
  code: '💻',
  changes: '🔀',
  inbox: '📥',
};

const square = (share: number) => (share >= 0.8 ? '🟩' : share >= 0.4 ? '🟨' : share > 0 ? '🟧' : '⬛');

/**
 * The card a player shares: the day's number and date, the score, the grade, the time and the tools used,
 * and a square per score part. It says nothing of the scenario or its answer, so it spoils nobody's day.
 */
export function shareCard(incident: Pick<DailyIncident, 'day' | 'number'>, result: DailyResult): string {
  const tools = TOOLS.filter((t) => result.tools.includes(t));
  return [
    `2AM daily #${incident.number} · ${incident.day}`,
    `${Math.round(result.total)}/100${result.grade ? ` · grade ${result.grade}` : ''} · ${Math.round(result.minutes)} min`,
    result.parts.map(square).join(''),
    tools.length > 0 ? tools.map((t) => `${TOOL_EMOJI[t]} ${t}`).join(' ') : 'no tools asked',
  ].join('\n');
}
