import type * as Y from 'yjs';
import type { z } from 'zod';
import type { Action } from '../../engine/investigation/actions.ts';
import { id } from '../../engine/scenario/primitives.ts';
import type { Scenario, TimelineEvent } from '../../engine/scenario/schema.ts';
import { formatTimestamp, parseTimestamp } from '../../engine/scenario/units.ts';
import { GAME_DAY, score } from '../../engine/scoring/score.ts';
import type { DocAddress, RoomRecord } from './rooms.ts';
import { docName, variantOf, worldSeed } from './rooms.ts';
import type { InjectSchema } from './schemas.ts';

/** Marks transactions the server makes, so its own writes are not taken for a client's. */
export const SERVER_ORIGIN = Symbol('2AM game day server');

/** Recompute a team's standing at most this often while its members are busy. */
const SCORE_DEBOUNCE_MS = 200;

/** Opens a document by name (loading it from disk if it is not in memory) without a client. */
export type OpenDoc = (name: string) => Y.Doc;

/** The round time in ms: what was banked at the last pause plus the run since the clock last started. */
export function roundElapsedMs(clock: Y.Map<unknown>, now: number): number {
  const banked = (clock.get('elapsedMs') as number | undefined) ?? 0;
  const startedAt = clock.get('startedAt') as number | null | undefined;
  return clock.get('running') === true && typeof startedAt === 'number'
    ? banked + Math.max(0, now - startedAt)
    : banked;
}

type Inject = z.infer<typeof InjectSchema>;

/**
 * A change is stamped this long before the round time it was sent for: the Changes tool lists what happened
 * before its "now", and a change sent for now (while the clock is paused, say) must show at once.
 */
const CHANGE_LEAD_MS = 1000;

/**
 * The event the Changes tool lists for a deploy or rollback inject: at the page's time plus the round time
 * the facilitator gave (the round's time when the server saw it, for injects that give none). Its id is
 * the inject's place in the room's list: the same for every team, and a valid event id whatever the
 * inject's own id is.
 */
export function injectedChange(
  scenario: Scenario,
  inject: Inject,
  index: number,
  roundMs: number,
): TimelineEvent | undefined {
  if (inject.kind !== 'deploy' && inject.kind !== 'rollback') return undefined;
  // The Changes tool filters by service id; a name that cannot be one stays in the description.
  const service = inject.service?.trim().toLowerCase();
  const known = service && id.safeParse(service).success ? service : undefined;
  const pageMs = parseTimestamp(scenario.briefing.page.at)!;
  const body = inject.body.trim();
  return {
    id: `inject-${index + 1}`,
    at: formatTimestamp(pageMs + Math.max(0, (inject.changeAtMs ?? roundMs) - CHANGE_LEAD_MS)),
    kind: inject.kind,
    ...(known ? { service: known } : {}),
    description: `${inject.service && !known ? `${inject.service}: ` : ''}${inject.title}${body ? ` (${body})` : ''}`,
  };
}

function copyMap(from: Y.Map<unknown>, to: Y.Map<unknown>): void {
  for (const [k, v] of from.entries()) if (JSON.stringify(to.get(k)) !== JSON.stringify(v)) to.set(k, v);
  for (const k of [...to.keys()]) if (!from.has(k)) to.delete(k);
}

/**
 * What the server does on its own in a round of a room: it writes the settings, copies each inject and hint
 * into the inbox of the team it targets (so a team sees only what was sent to it) and each deploy or
 * rollback into that team's changes (which players' Changes tool lists), mirrors the clock and the end
 * of the round onto the public board, and scores each team's board with the engine's `score` for the
 * leaderboard. Every step is idempotent, so it can rerun after a restart.
 */
export class RoomRuntime {
  private readonly scoreTimers = new Map<string, NodeJS.Timeout>();
  private readonly diagnoses = new Map<string, number>();

  constructor(
    readonly room: RoomRecord,
    /** The round (from 1) whose documents this runtime keeps. */
    readonly round: number,
    /** The scenario as the round's variant has it: its clues and times are what the teams see. */
    private readonly scenario: Scenario,
    private readonly open: OpenDoc,
  ) {}

  private doc(kind: 'room' | 'public'): Y.Doc;
  private doc(kind: 'team', team: RoomRecord['teams'][number]): Y.Doc;
  private doc(kind: 'room' | 'public' | 'team', team?: RoomRecord['teams'][number]): Y.Doc {
    return this.open(docName(this.room, kind, team, this.round));
  }

  /** Hooks the runtime onto a document as it is loaded. */
  attach(address: DocAddress, doc: Y.Doc): void {
    if (address.kind === 'room') {
      doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (tr.changed.size > 0) queueMicrotask(() => this.onRoomChange());
      });
    } else if (address.kind === 'team') {
      const teamId = address.team!.id;
      doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (tr.origin !== SERVER_ORIGIN && tr.changed.size > 0) this.scheduleScore(teamId);
      });
    }
  }

  /** Writes the room's settings and brings every derived document up to date. */
  start(): void {
    const roomDoc = this.doc('room');
    const variant = variantOf(this.room, this.round);
    roomDoc.transact(() => {
      const settings = roomDoc.getMap('settings');
      settings.set('mode', this.room.mode);
      settings.set('scenarioId', this.room.scenarioId);
      settings.set('seed', worldSeed(this.scenario.seed, variant));
      settings.set('variant', variant);
      settings.set('round', this.round);
      settings.set(
        'teams',
        this.room.teams.map((t) => ({ id: t.id, name: t.name })),
      );
    }, SERVER_ORIGIN);
    this.onRoomChange();
    for (const team of this.room.teams) this.scoreTeam(team.id);
  }

  /** Marks the round as followed by round `next`, so its players are offered to join that one. */
  supersede(next: number): void {
    const roomDoc = this.doc('room');
    roomDoc.transact(() => {
      const round = roomDoc.getMap('round');
      if (round.get('ended') !== true) {
        round.set('ended', true);
        round.set('endedAt', Date.now());
      }
      round.set('next', next);
    }, SERVER_ORIGIN);
    this.onRoomChange();
  }

  private onRoomChange(): void {
    const roomDoc = this.doc('room');
    const pub = this.doc('public');
    pub.transact(() => {
      copyMap(roomDoc.getMap('clock'), pub.getMap('clock'));
      copyMap(roomDoc.getMap('round'), pub.getMap('round'));
    }, SERVER_ORIGIN);
    const injects = roomDoc.getArray<Inject>('injects').toArray();
    const hints = roomDoc.getArray<{ id: string; target: string }>('hints').toArray();
    const roundMs = roundElapsedMs(roomDoc.getMap('clock'), Date.now());
    for (const team of this.room.teams) {
      const board = this.doc('team', team);
      const inbox = board.getArray<{ type: string; inject?: { id: string }; hint?: { id: string } }>('inbox');
      const have = new Set(inbox.toArray().map((item) => `${item.type}:${item.inject?.id ?? item.hint?.id}`));
      const due = [
        ...injects
          .filter((i) => (i.target === 'all' || i.target === team.id) && !have.has(`inject:${i.id}`))
          .map((inject) => ({ type: 'inject', inject })),
        ...hints
          .filter((h) => (h.target === 'all' || h.target === team.id) && !have.has(`hint:${h.id}`))
          .map((hint) => ({ type: 'hint', hint })),
      ];
      if (due.length > 0) board.transact(() => inbox.push(due), SERVER_ORIGIN);
      const changes = board.getArray<TimelineEvent>('changes');
      const listed = new Set(changes.toArray().map((e) => e.id));
      const fresh = injects.flatMap((inject, i) => {
        if (inject.target !== 'all' && inject.target !== team.id) return [];
        const change = injectedChange(this.scenario, inject, i, roundMs);
        return change && !listed.has(change.id) ? [change] : [];
      });
      if (fresh.length > 0) board.transact(() => changes.push(fresh), SERVER_ORIGIN);
    }
  }

  private scheduleScore(teamId: string): void {
    if (this.scoreTimers.has(teamId)) return;
    this.scoreTimers.set(
      teamId,
      setTimeout(() => {
        this.scoreTimers.delete(teamId);
        this.scoreTeam(teamId);
      }, SCORE_DEBOUNCE_MS),
    );
  }

  /** Scores a team's board and writes its line of the leaderboard. */
  scoreTeam(teamId: string): void {
    const team = this.room.teams.find((t) => t.id === teamId)!;
    const board = this.doc('team', team);
    const actions = board
      .getArray<{ action: Action }>('actions')
      .toArray()
      .map((e) => e.action);
    const ordered = [...actions].sort((a, b) => a.at - b.at);
    const report = score(this.scenario, ordered, undefined, GAME_DAY);
    const pub = this.doc('public');
    const leaderboard = pub.getMap<Record<string, unknown>>('leaderboard');
    const before = leaderboard.get(teamId);
    const diagnoses = ordered.filter((a) => a.type === 'diagnose').length;
    const known = this.diagnoses.get(teamId) ?? (before ? diagnoses : 0);
    this.diagnoses.set(teamId, diagnoses);
    const roomDoc = this.doc('room');
    const diagnosedAtMs =
      diagnoses > known
        ? roundElapsedMs(roomDoc.getMap('clock'), Date.now())
        : ((before?.diagnosedAtMs as number | null) ?? null);
    const standing = {
      name: team.name,
      score: report.total,
      cluesFound: report.cluesFound.length,
      actions: actions.length,
      diagnosedAtMs,
    };
    if (JSON.stringify(before) !== JSON.stringify(standing))
      pub.transact(() => leaderboard.set(teamId, standing), SERVER_ORIGIN);
  }

  /** Stops pending work (before the server stops). */
  stop(): void {
    for (const t of this.scoreTimers.values()) clearTimeout(t);
    this.scoreTimers.clear();
  }
}

/** The leaderboard order: highest score first, then the earliest diagnosis, then name. */
export function rankStandings<T extends { score: number; diagnosedAtMs: number | null; name: string }>(
  standings: readonly T[],
): T[] {
  return [...standings].sort(
    (a, b) =>
      b.score - a.score ||
      (a.diagnosedAtMs ?? Number.POSITIVE_INFINITY) - (b.diagnosedAtMs ?? Number.POSITIVE_INFINITY) ||
      a.name.localeCompare(b.name),
  );
}
