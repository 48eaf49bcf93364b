import type { Tool } from '../engine/investigation/actions.ts';
import type { FaultFamily } from '../engine/scenario/trainsSchema.ts';
import { FAULT_FAMILIES } from '../engine/scenario/trainsSchema.ts';
import type { PlayRecord } from './history.ts';
import type { ScenarioCard } from './slices/librarySlice.ts';

/** The tools the radar shows: the ones a trainee writes queries in (the inbox is read, not asked). */
export const RADAR_TOOLS: readonly Tool[] = ['logs', 'metrics', 'traces', 'code', 'changes'];

/**
 * The ranks, lowest first: each needs a number of plays solved and of fault families solved at least
 * once, so a rank is earned by breadth as well as by repetition.
 */
export const RANKS = [
  { title: 'Shadowing', solved: 0, families: 0 },
  { title: 'Second on call', solved: 1, families: 1 },
  { title: 'On call', solved: 3, families: 2 },
  { title: 'Incident responder', solved: 6, families: 3 },
  { title: 'Incident commander', solved: 10, families: 5 },
  { title: 'Principal on call', solved: 20, families: FAULT_FAMILIES.length },
] as const;

/** What the profile shows: a rank, streaks of days played, and skill per fault family and per tool. */
export interface Profile {
  readonly plays: number;
  readonly solved: number;
  readonly rank: string;
  /** The next rank and what it still needs, absent at the top. */
  readonly next?: { readonly title: string; readonly solved: number; readonly families: number };
  /** UTC days in a row with a finished play, up to today (or yesterday, when today has none yet), and the best run. */
  readonly streak: { readonly current: number; readonly best: number };
  /** Every family, in the taxonomy's order: plays whose root cause was of it, and how many were solved. */
  readonly families: readonly {
    readonly family: FaultFamily;
    readonly plays: number;
    readonly solved: number;
  }[];
  /** Every radar tool: in how many plays the trainee asked something of it. */
  readonly tools: readonly { readonly tool: Tool; readonly plays: number }[];
  /** Families no play has solved yet, in the taxonomy's order. */
  readonly neverSolved: readonly FaultFamily[];
}

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => Math.floor(ms / DAY_MS);

/** Longest run of consecutive days in `days`, and the run that ends today or yesterday. */
function streaks(days: ReadonlySet<number>, today: number): Profile['streak'] {
  let best = 0;
  for (const day of days) {
    if (days.has(day - 1)) continue;
    let length = 1;
    while (days.has(day + length)) length++;
    best = Math.max(best, length);
  }
  let end = days.has(today) ? today : today - 1;
  let current = 0;
  while (days.has(end)) {
    current++;
    end--;
  }
  return { current, best };
}

/** The profile of a history of finished plays, as of `nowMs` (for the streak). Pure. */
export function profileOf(plays: readonly PlayRecord[], nowMs: number): Profile {
  const solvedPlays = plays.filter((p) => p.solved);
  const families = FAULT_FAMILIES.map((family) => {
    const of = plays.filter((p) => p.family === family);
    return { family, plays: of.length, solved: of.filter((p) => p.solved).length };
  });
  const familiesSolved = families.filter((f) => f.solved > 0).length;
  const reached = RANKS.filter((r) => solvedPlays.length >= r.solved && familiesSolved >= r.families);
  const rank = reached[reached.length - 1] ?? RANKS[0];
  const above = RANKS[RANKS.indexOf(rank) + 1];
  return {
    plays: plays.length,
    solved: solvedPlays.length,
    rank: rank.title,
    ...(above
      ? {
          next: {
            title: above.title,
            solved: Math.max(0, above.solved - solvedPlays.length),
            families: Math.max(0, above.families - familiesSolved),
          },
        }
      : {}),
    streak: streaks(new Set(plays.map((p) => utcDay(p.at))), utcDay(nowMs)),
    families,
    tools: RADAR_TOOLS.map((tool) => ({ tool, plays: plays.filter((p) => p.tools.includes(tool)).length })),
    neverSolved: families.filter((f) => f.solved === 0).map((f) => f.family),
  };
}

/**
 * A scenario to offer for a family never solved: the easiest one not completed yet whose author says it
 * trains telling that family apart. What a scenario trains names the answer's family among others, so the
 * offer narrows the practice without naming any answer.
 */
export function offerFor(
  profile: Profile,
  cards: readonly ScenarioCard[],
  completed: (scenarioId: string) => boolean,
): { readonly family: FaultFamily; readonly card: ScenarioCard } | undefined {
  for (const family of profile.neverSolved) {
    const card = cards.find((c) => !completed(c.id) && c.trains?.families.includes(family));
    if (card) return { family, card };
  }
  return undefined;
}
