import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { DocKind, Role } from '../../protocol/gamedaySchemas.ts';
import { newFacilitatorToken, newJoinCode, normaliseCode, sameSecret } from './codes.ts';

const TeamRecordSchema = z.object({ id: z.string(), name: z.string(), code: z.string() });

/**
 * A round of a room: the variant every team plays. The variant also seeds the world, as a player's later
 * plays do in the solo game; variant 0 is the scenario as written, with its own seed.
 */
const RoundRecordSchema = z.object({ variant: z.number().int().nonnegative() });

/** A room as the server keeps it: its scenario run, its teams and the secrets that open it. */
export const RoomRecordSchema = z.object({
  id: z.string(),
  scenarioFile: z.string(),
  scenarioId: z.string(),
  title: z.string(),
  seed: z.number().int(),
  mode: z.enum(['coop', 'competitive']),
  facilitatorToken: z.string(),
  observerCode: z.string(),
  teams: z.array(TeamRecordSchema).min(1),
  /** The rounds played so far, the current one last; rooms kept before rounds existed played variant 0. */
  rounds: z
    .array(RoundRecordSchema)
    .min(1)
    .default([{ variant: 0 }]),
});
/** A room record. */
export type RoomRecord = z.infer<typeof RoomRecordSchema>;
/** A team of a room: its id, display name and join code. */
export type TeamRecord = z.infer<typeof TeamRecordSchema>;
/** A round of a room. */
export type RoundRecord = z.infer<typeof RoundRecordSchema>;

/** The number (from 1) of the room's current round. */
export function currentRound(room: RoomRecord): number {
  return room.rounds.length;
}

/** The variant of a round (the current one by default). */
export function variantOf(room: RoomRecord, round = currentRound(room)): number {
  return room.rounds[round - 1]!.variant;
}

/** The world seed of a variant: the scenario's own for variant 0, else the variant itself (as the world host does). */
export function worldSeed(scenarioSeed: number, variant: number): number {
  return variant === 0 ? scenarioSeed : variant;
}

/** The variant a new round plays by default: one no earlier round of the room played. */
export function freshVariant(room: RoomRecord): number {
  return Math.max(...room.rounds.map((r) => r.variant)) + 1;
}

const RegistrySchema = z.object({ version: z.literal(1), rooms: z.array(RoomRecordSchema) });

function registryFile(dataDir: string): string {
  return join(dataDir, 'rooms.json');
}

/** Reads the rooms kept under `dataDir`; none when the directory is new. */
export function loadRooms(dataDir: string): RoomRecord[] {
  let text: string;
  try {
    text = readFileSync(registryFile(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const parsed = RegistrySchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${registryFile(dataDir)}: not a game day room list: ${parsed.error.issues[0]!.message}`);
  return parsed.data.rooms;
}

/** Writes the room list (readable by its owner only: it holds the facilitator tokens). */
export function saveRooms(dataDir: string, rooms: readonly RoomRecord[]): void {
  mkdirSync(dataDir, { recursive: true });
  const file = registryFile(dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ version: 1, rooms }, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  chmodSync(file, 0o600);
}

/** A new room with fresh codes: one team plays co-op, several compete on the same world. */
export function newRoom(
  scenario: { file: string; id: string; title: string; seed: number },
  teams: number,
  variant = 0,
): RoomRecord {
  const codes = new Set<string>();
  const fresh = () => {
    let code = newJoinCode();
    while (codes.has(code)) code = newJoinCode();
    codes.add(code);
    return code;
  };
  return {
    id: fresh(),
    scenarioFile: scenario.file,
    scenarioId: scenario.id,
    title: scenario.title,
    seed: scenario.seed,
    mode: teams > 1 ? 'competitive' : 'coop',
    facilitatorToken: newFacilitatorToken(),
    observerCode: fresh(),
    teams: Array.from({ length: teams }, (_, i) => ({
      id: `team-${i + 1}`,
      name: teams > 1 ? `Team ${i + 1}` : 'The team',
      code: fresh(),
    })),
    rounds: [{ variant }],
  };
}

/** A document of a room's round, named as clients name it in the WebSocket URL. */
export interface DocAddress {
  readonly room: RoomRecord;
  readonly kind: DocKind;
  readonly team?: TeamRecord;
  /** The round (from 1) the document belongs to. */
  readonly round: number;
}

/**
 * Document names: `<room>/room` (facilitator), `<room>/public` (leaderboard), `<room>/team/<team id>` for
 * the first round (the names rooms had before rounds), and `<room>/round-<n>/…` for later rounds, so each
 * round starts on fresh boards and earlier rounds stay as they ended. The current round by default.
 */
export function docName(
  room: RoomRecord,
  kind: DocKind,
  team?: TeamRecord,
  round = currentRound(room),
): string {
  const prefix = round === 1 ? room.id : `${room.id}/round-${round}`;
  return kind === 'team' ? `${prefix}/team/${team!.id}` : `${prefix}/${kind}`;
}

/** Finds the document a name refers to, or undefined for a name no room has. */
export function findDoc(rooms: readonly RoomRecord[], name: string): DocAddress | undefined {
  const [roomId, ...parts] = name.split('/');
  const room = rooms.find((r) => r.id === roomId);
  if (!room) return undefined;
  const numbered = /^round-([1-9]\d{0,5})$/.exec(parts[0] ?? '');
  const round = numbered ? Number(numbered[1]) : 1;
  // Round 1 has no number in its names, so `round-1` is not a name of it.
  if (numbered && (round === 1 || round > currentRound(room))) return undefined;
  const [kind, teamId, ...rest] = numbered ? parts.slice(1) : parts;
  if (rest.length > 0) return undefined;
  if (kind === 'team') {
    const team = room.teams.find((t) => t.id === teamId);
    return team ? { room, kind, team, round } : undefined;
  }
  if ((kind === 'room' || kind === 'public') && teamId === undefined) return { room, kind, round };
  return undefined;
}

/** Who a secret makes its bearer in a room: the facilitator, a player of one team, or an observer. */
export interface Bearer {
  readonly role: Role;
  readonly team?: TeamRecord;
}

/** The role a token or code gives in `room`, or undefined when it opens nothing there. */
export function bearerOf(room: RoomRecord, secret: string): Bearer | undefined {
  if (sameSecret(secret, room.facilitatorToken)) return { role: 'facilitator' };
  const code = normaliseCode(secret);
  if (sameSecret(code, room.observerCode)) return { role: 'observer' };
  const team = room.teams.find((t) => sameSecret(code, t.code));
  return team ? { role: 'player', team } : undefined;
}

/** The room and role a join code opens, across all rooms. */
export function findByCode(
  rooms: readonly RoomRecord[],
  code: string,
): { room: RoomRecord; bearer: Bearer } | undefined {
  for (const room of rooms) {
    const bearer = bearerOf(room, code);
    if (bearer && bearer.role !== 'facilitator') return { room, bearer };
  }
  return undefined;
}

/**
 * Why a bearer may not open a document, or undefined when they may. Players open their own team's board
 * and the public board; observers every board but the facilitator's; the facilitator everything.
 */
export function refuseOpen(doc: DocAddress, bearer: Bearer | undefined): string | undefined {
  if (!bearer) return 'the token opens nothing in this room';
  if (bearer.role === 'facilitator' || doc.kind === 'public') return undefined;
  if (doc.kind === 'room') return "only the facilitator opens the room's state";
  if (bearer.role === 'player' && bearer.team!.id !== doc.team!.id)
    return "a team cannot open another team's board";
  return undefined;
}
