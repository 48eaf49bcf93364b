import type { CodeOutline } from '../sim/response/palette.ts';
import { codeOutline } from '../sim/response/palette.ts';
import type { Scenario } from './schema.ts';
import type { Trains } from './trainsSchema.ts';

// What a player may hold of a scenario before the debrief. The page of a solo play and a game-day player's
// browser receive this and nothing more; the world host (the worker in solo play, the server in a game
// day) keeps the rest and answers only what a tool shows.

/**
 * The parts of a scenario a player never receives before the debrief: the hidden truth (`solution`), how
 * the system breaks (`faults`, `noise`), what the hints say, which responses are right, the variants'
 * parameters, the channel's script (its messages reach the page as they appear, without their hidden
 * tags) and the code history (browsed through the world host). What it trains reaches the player without
 * its skills (see {@link CardTrains}).
 */
export const SEALED_PARTS = [
  'solution',
  'faults',
  'noise',
  'hints',
  'mitigations',
  'variants',
  'channel',
  'code',
] as const;

/** One part of a scenario kept from players before the debrief. */
export type SealedPart = (typeof SEALED_PARTS)[number];

/** A hint as a player sees it before buying it: its price, not its text. */
export interface HintOffer {
  readonly cost: number;
}

/**
 * What a scenario trains as a player may read it before the debrief: the system, the fault families to
 * tell apart and the tools, to choose a scenario by. The skills stay sealed: a method as precise as "read
 * a sawtooth in a graph" or "refute the latest deploy" tells a reader what the cause is, or which suspect
 * is not; the debrief names them.
 */
export type CardTrains = Omit<Trains, 'skills'>;

/** What a scenario trains, without what it would give away before the debrief (see {@link CardTrains}). */
export function cardTrains(trains: Trains | CardTrains): CardTrains {
  const { system, families, tools } = trains;
  return { system, families: [...families], tools: [...tools] };
}

/** A scenario as a player holds it before the debrief: everything a person on call could see. */
export type PlayerScenario = Omit<Scenario, SealedPart | 'trains'> & {
  /** What it trains, without the skills (see {@link CardTrains}). */
  readonly trains?: CardTrains;
  /** The hints on offer, in order, by price; a hint's text comes from the world host when it is bought. */
  readonly hints: readonly HintOffer[];
  /** Whether the scenario has a code history for the code browser. */
  readonly hasCode: boolean;
  /** Which commits changed which files, for the hot fixes the action palette offers; no contents. */
  readonly codeOutline?: CodeOutline;
};

/** What the library lists of a scenario: enough to choose one, nothing of its story. */
export interface CatalogEntry {
  readonly id: string;
  readonly title: string;
  readonly difficulty: Scenario['difficulty'];
  readonly summary: string;
  readonly estimatedMinutes: number;
  readonly tags: readonly string[];
  /** What the scenario trains, without the skills (see {@link CardTrains}). */
  readonly trains?: CardTrains;
}

/**
 * The player's view of a scenario: a new object holding none of the sealed parts.
 *
 * @example
 * post({ scenario: playerView(scenario) }); // safe to hand to the page
 */
export function playerView(scenario: Scenario): PlayerScenario {
  const {
    solution: _solution,
    faults: _faults,
    noise: _noise,
    hints,
    mitigations: _mitigations,
    variants: _variants,
    channel: _channel,
    code,
    trains,
    ...open
  } = scenario;
  return {
    ...open,
    ...(trains ? { trains: cardTrains(trains) } : {}),
    // A call missing from the team's diagram reaches the page only once the trainee has found it.
    system: { ...open.system, edges: open.system.edges.filter((e) => !e.undocumented) },
    hints: hints.map((h) => ({ cost: h.cost })),
    hasCode: code !== undefined,
    ...(code ? { codeOutline: codeOutline(code) } : {}),
  };
}

/** The library's entry for a scenario. */
export function catalogEntry(scenario: Scenario | PlayerScenario): CatalogEntry {
  const { id, title, difficulty, summary, estimatedMinutes, tags, trains } = scenario;
  return {
    id,
    title,
    difficulty,
    summary,
    estimatedMinutes,
    tags: [...tags],
    ...(trains ? { trains: cardTrains(trains) } : {}),
  };
}
