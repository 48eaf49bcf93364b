import { z } from 'zod';
import { ActionSchema } from '../engine/investigation/actions.ts';
import { TimelineEventSchema } from '../engine/scenario/schema.ts';
import { GRADES } from '../engine/scoring/grade.ts';

/** Who is on the other end of a connection. The server itself writes what no client may. */
export type Role = 'facilitator' | 'player' | 'observer';

/** The kinds of shared document a game day has: one board per team, the room's state, the public board. */
export type DocKind = 'team' | 'room' | 'public';

/**
 * One top-level shared type of a document: its Yjs type, the zod schema of its JSON, and who may change
 * it. The schema is an array of entries, a record of entries by id, or an object of named fields, so
 * each entry an update adds is checked on its own (see {@link entrySchemaOf}).
 */
export interface SharedSpec {
  readonly type: 'array' | 'map';
  readonly schema: z.ZodArray | z.ZodRecord | z.ZodObject;
  readonly writers: readonly Role[];
  /** Entries may be added but never removed or rewritten (logs people rely on not changing under them). */
  readonly appendOnly?: boolean;
  /** The most entries an array may hold. */
  readonly maxEntries?: number;
  /**
   * Whose entry it is, for players: the member id in the entry's `by` field, or the map's key. A player
   * writes only entries that are their own.
   */
  readonly owner?: 'by' | 'key';
}

/**
 * The schema one entry must fit: an array's element, a record's value (and its key's schema), or the
 * field `key` of an object; undefined for a field the object does not have.
 */
export function entrySchemaOf(
  spec: SharedSpec,
  key: string | null,
): { readonly value: z.core.$ZodType; readonly key?: z.core.$ZodType } | undefined {
  const { schema } = spec;
  if (schema instanceof z.ZodArray) return { value: schema.element };
  if (schema instanceof z.ZodRecord) return { value: schema.valueType, key: schema.keyType };
  if (key === null || !Object.hasOwn(schema.shape, key)) return undefined;
  return { value: (schema.shape as Record<string, z.ZodType>)[key]! };
}

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().min(1).max(max);
const time = z.number().finite().nonnegative();

/** Team roles from incident response: one commander, investigators, and someone who writes the updates. */
export const TEAM_ROLES = ['commander', 'investigator', 'communications'] as const;

/** A team member as the board lists them. */
export const MemberSchema = z.strictObject({
  name: text(60),
  role: z.enum(TEAM_ROLES),
  joinedAt: time,
});

/** One step of the team's shared investigation: the engine's action, and which member took it. */
export const BoardEntrySchema = z.strictObject({ by: id, action: ActionSchema });

/** A status update the communications role writes and the facilitator reads. */
export const StatusUpdateSchema = z.strictObject({ by: id, at: time, text: text(2000) });

/** Kinds of surprise a facilitator can push: a ticket, an escalation, or a deploy or rollback in the change log. */
export const INJECT_KINDS = ['ticket', 'escalation', 'deploy', 'rollback'] as const;

/** An inject as the facilitator sends it; `target` is a team id or `all`. */
export const InjectSchema = z.strictObject({
  id,
  at: time,
  target: id,
  kind: z.enum(INJECT_KINDS),
  title: text(200),
  body: z.string().max(4000),
  /** For deploys and rollbacks: the service the change log shows it on. */
  service: z.string().max(64).optional(),
  /**
   * For deploys and rollbacks: when the change happened, in round time (ms the round's clock has run).
   * A time ahead of the clock shows in the Changes tool once the clock reaches it.
   */
  changeAtMs: time.optional(),
});

/** A hint the facilitator sends to a team or to all. */
export const HintSchema = z.strictObject({ id, at: time, target: id, text: text(2000) });

/** What arrives in a team's inbox: an inject or a hint, copied there by the server for that team only. */
export const InboxItemSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('inject'), inject: InjectSchema }),
  z.strictObject({ type: z.literal('hint'), hint: HintSchema }),
]);

/** The round's clock: elapsed time banked at the last pause, and when it was last started if running. */
export const ClockSchema = z.strictObject({
  running: z.boolean().optional(),
  startedAt: time.nullable().optional(),
  elapsedMs: time.optional(),
});

/** Whether the facilitator has ended the round, and when. */
export const RoundSchema = z.strictObject({
  ended: z.boolean().optional(),
  endedAt: time.nullable().optional(),
  /** The number of the round the facilitator started after this one (players are offered to join it). */
  next: z.number().int().positive().optional(),
});

/** The room's fixed settings, written when the room is created. */
export const SettingsSchema = z.strictObject({
  mode: z.enum(['coop', 'competitive']).optional(),
  scenarioId: z.string().optional(),
  seed: z.number().int().optional(),
  /** The variant of the scenario this round plays, and the round's number (from 1). */
  variant: z.number().int().nonnegative().optional(),
  round: z.number().int().positive().optional(),
  teams: z.array(z.strictObject({ id, name: text(60) })).optional(),
});

/** A team's line on the leaderboard; its score, grade and clues are null until the round has ended. */
export const StandingSchema = z.strictObject({
  name: text(60),
  score: z.number().nullable(),
  /** The letter beside the score, S to D, as a solo play of that score earns it (a board kept before grades has none). */
  grade: z.enum(GRADES).nullable().optional(),
  cluesFound: z.number().int().nonnegative().nullable(),
  actions: z.number().int().nonnegative(),
  /** Round time (ms) of the team's last diagnosis, the tie-breaker; null before one. */
  diagnosedAtMs: time.nullable(),
});

/** The shared types of each kind of document. Anything else in a document is refused. */
export const DOC_SPECS: Readonly<Record<DocKind, Readonly<Record<string, SharedSpec>>>> = {
  team: {
    actions: {
      type: 'array',
      schema: z.array(BoardEntrySchema),
      maxEntries: 20_000,
      writers: ['player'],
      appendOnly: true,
      owner: 'by',
    },
    members: { type: 'map', schema: z.record(id, MemberSchema), writers: ['player'], owner: 'key' },
    status: {
      type: 'array',
      schema: z.array(StatusUpdateSchema),
      maxEntries: 2000,
      writers: ['player'],
      appendOnly: true,
      owner: 'by',
    },
    inbox: { type: 'array', schema: z.array(InboxItemSchema), writers: [] },
    /** Deploys and rollbacks the facilitator injected, as events of the Changes tool (server-written). */
    changes: { type: 'array', schema: z.array(TimelineEventSchema), writers: [] },
    /** The queries the server answered the team, which its score counts (server-written). */
    asked: { type: 'array', schema: z.array(z.string().max(64)), writers: [] },
  },
  room: {
    settings: { type: 'map', schema: SettingsSchema, writers: [] },
    clock: { type: 'map', schema: ClockSchema, writers: ['facilitator'] },
    injects: {
      type: 'array',
      schema: z.array(InjectSchema),
      maxEntries: 1000,
      writers: ['facilitator'],
      appendOnly: true,
    },
    hints: {
      type: 'array',
      schema: z.array(HintSchema),
      maxEntries: 1000,
      writers: ['facilitator'],
      appendOnly: true,
    },
    round: { type: 'map', schema: RoundSchema, writers: ['facilitator'] },
  },
  public: {
    leaderboard: { type: 'map', schema: z.record(id, StandingSchema), writers: [] },
    clock: { type: 'map', schema: ClockSchema, writers: [] },
    round: { type: 'map', schema: RoundSchema, writers: [] },
  },
};
