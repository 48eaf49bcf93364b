import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { newFacilitatorToken, newJoinCode, normaliseCode, sameSecret } from './codes.ts';
import type { DocKind, Role } from './schemas.ts';

const TeamRecordSchema = z.object({ id: z.string(), name: z.string(), code: z.string() });

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
});
/** A room record. */
export type RoomRecord = z.infer<typeof RoomRecordSchema>;
/** A team of a room: its id, display name and join code. */
export type TeamRecord = z.infer<typeof TeamRecordSchema>;

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
  };
}

/** A document of a room, named as clients name it in the WebSocket URL. */
export interface DocAddress {
  readonly room: RoomRecord;
  readonly kind: DocKind;
  readonly team?: TeamRecord;
}

/** Document names: `<room>/room` (facilitator), `<room>/public` (leaderboard), `<room>/team/<team id>`. */
export function docName(room: RoomRecord, kind: DocKind, team?: TeamRecord): string {
  return kind === 'team' ? `${room.id}/team/${team!.id}` : `${room.id}/${kind}`;
}

/** Finds the document a name refers to, or undefined for a name no room has. */
export function findDoc(rooms: readonly RoomRecord[], name: string): DocAddress | undefined {
  const [roomId, kind, teamId, ...rest] = name.split('/');
  const room = rooms.find((r) => r.id === roomId);
  if (!room || rest.length > 0) return undefined;
  if (kind === 'team') {
    const team = room.teams.find((t) => t.id === teamId);
    return team ? { room, kind, team } : undefined;
  }
  if ((kind === 'room' || kind === 'public') && teamId === undefined) return { room, kind };
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
