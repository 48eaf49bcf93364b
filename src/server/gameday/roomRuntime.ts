import type * as Y from 'yjs';
import type { z } from 'zod';
import type { Action } from '../../engine/investigation/actions.ts';
import { id } from '../../engine/scenario/primitives.ts';
import type { Scenario, TimelineEvent } from '../../engine/scenario/schema.ts';
import { formatTimestamp, parseTimestamp } from '../../engine/scenario/units.ts';
import type { Grade } from '../../engine/scoring/grade.ts';
import { gradeOfReport } from '../../engine/scoring/grade.ts';
import { scorePlay, teamPlay } from '../../engine/scoring/playScore.ts';
import type { ScoreReport } from '../../engine/scoring/score.ts';
import type { Replay } from '../../engine/views/replay.ts';
import type { InjectSchema } from '../../protocol/gamedaySchemas.ts';
import type { ScenarioSource } from '../../worker/worldHost.ts';
import type { DocAddress, RoomRecord } from './rooms.ts';
import { docName, variantOf, worldSeed } from './rooms.ts';
import { TeamWorlds } from './teamWorlds.ts';

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

/**
 * A team's score as the debrief sends it: the report without the replayed state it was computed from, and
 * the grade the debrief shows beside the total (the same letter a solo play of that score earns).
 */
export type DebriefReport = Omit<ScoreReport, 'state'> & { readonly grade: Grade };

/** What the server tells a team once the round has ended: its verified steps and their score. */
export interface TeamDebrief {
  readonly actions: readonly Action[];
  readonly report: DebriefReport;
}

/** Most distinct queries the server keeps as asked by one team in a round (far above a long round's). */
const MAX_ASKED = 5000;

/** How long a world request waits for its member to appear on the team's board (joining syncs separately). */
const MEMBER_WAIT_MS = 3000;

function copyMap(from: Y.Map<unknown>, to: Y.Map<unknown>): void {
  for (const [k, v] of from.entries()) if (JSON.stringify(to.get(k)) !== JSON.stringify(v)) to.set(k, v);
  for (const k of [...to.keys()]) if (!from.has(k)) to.delete(k);
}

/**
 * What the server does on its own in a round of a room: it writes the settings, copies each inject and hint
 * into the inbox of the team it targets (so a team sees only what was sent to it) and each deploy or
 * rollback into that team's changes (which players' Changes tool lists), mirrors the clock and the end
 * of the round onto the public board, and keeps the leaderboard. It holds the teams' worlds, which the
 * players query. While the round runs the leaderboard shows each team's pace only (a live score would tell
 * a team which pin is a clue); when the round ends the server scores each team's verified steps with the
 * engine's `score` and publishes the scores. Every step is idempotent, so it can rerun after a restart.
 */
export class RoomRuntime {
  private readonly scoreTimers = new Map<string, NodeJS.Timeout>();
  private readonly diagnoses = new Map<string, number>();
  private readonly debriefs = new Map<string, Promise<TeamDebrief>>();
  private readonly replays = new Map<string, Promise<Replay | undefined>>();
  /** Whether the leaderboard holds the end-of-round scores. */
  private scoredAsEnded = false;
  /** The teams' worlds of this round, which players query through the server. */
  readonly worlds: TeamWorlds;

  constructor(
    readonly room: RoomRecord,
    /** The round (from 1) whose documents this runtime keeps. */
    readonly round: number,
    /** The scenario as the round's variant has it: its clues and times are what the teams see. */
    readonly scenario: Scenario,
    private readonly open: OpenDoc,
    /** The scenario file's text, which the teams' world hosts load. */
    source: ScenarioSource,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    const asked = (teamId: string) => this.doc('team', this.team(teamId)).getArray<string>('asked');
    this.worlds = new TeamWorlds(
      source,
      room.scenarioId,
      variantOf(room, round),
      (teamId) => this.doc('team', this.team(teamId)).getArray<TimelineEvent>('changes').toArray(),
      {
        has: (teamId, key) => asked(teamId).toArray().includes(key),
        add: (teamId, key) => {
          const list = asked(teamId);
          if (list.length < MAX_ASKED && !list.toArray().includes(key))
            this.doc('team', this.team(teamId)).transact(() => list.push([key]), SERVER_ORIGIN);
        },
      },
    );
  }

  private team(teamId: string): RoomRecord['teams'][number] {
    return this.room.teams.find((t) => t.id === teamId)!;
  }

  /** Whether the facilitator has ended this round. */
  ended(): boolean {
    return this.doc('room').getMap('round').get('ended') === true;
  }

  /** The round's "now" on the incident clock: the page's time plus the time the round's clock has run. */
  nowMs(): number {
    return (
      parseTimestamp(this.scenario.briefing.page.at)! +
      roundElapsedMs(this.doc('room').getMap('clock'), Date.now())
    );
  }

  /**
   * Resolves whether `member` is on the team's board, waiting a little for a member who just joined (the
   * board reaches the server over its WebSocket, which may come after the player's first request).
   */
  hasMember(teamId: string, member: string): Promise<boolean> {
    const members = this.doc('team', this.team(teamId)).getMap('members');
    if (members.has(member)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!members.has(member)) return;
        done(true);
      };
      const timer = setTimeout(() => done(false), MEMBER_WAIT_MS);
      const done = (found: boolean) => {
        clearTimeout(timer);
        members.unobserve(check);
        resolve(found);
      };
      members.observe(check);
    });
  }

  /** The team's debrief, once the round has ended; undefined while it runs. */
  debrief(teamId: string): Promise<TeamDebrief | undefined> {
    if (!this.ended()) return Promise.resolve(undefined);
    let known = this.debriefs.get(teamId);
    if (!known) {
      known = this.scoreEnded(teamId);
      this.debriefs.set(teamId, known);
      known.catch(() => this.debriefs.delete(teamId));
    }
    return known;
  }

  /**
   * The incident as the team's world played it, from the window's start to the round's end, for the
   * debrief's map; undefined while the round runs. It draws every call, the undocumented ones too, and
   * colours them from telemetry the team may not have asked for: the answer, so it waits for the end.
   */
  replay(teamId: string): Promise<Replay | undefined> {
    if (!this.ended()) return Promise.resolve(undefined);
    let known = this.replays.get(teamId);
    if (!known) {
      const endMs = this.nowMs();
      known = this.worlds.world(teamId).then((world) => world.host.replay(endMs));
      this.replays.set(teamId, known);
      known.catch(() => this.replays.delete(teamId));
    }
    return known;
  }

  /** Scores the team's steps as its world confirms them. */
  private async scoreEnded(teamId: string): Promise<TeamDebrief> {
    const actions = await this.worlds.verifiedActions(teamId, this.teamActions(teamId), this.nowMs());
    return { actions, report: teamReport(this.scenario, actions) };
  }

  /** The team's steps on its board, in the order of the round's clock. */
  teamActions(teamId: string): Action[] {
    const entries = this.doc('team', this.team(teamId)).getArray<{ action: Action }>('actions').toArray();
    return entries.map((e) => e.action).sort((a, b) => a.at - b.at);
  }

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
    // A round that ended with its scores published is not scored again on every restart (one published
    // before grades were is, once, so its leaderboard gains them).
    const leaderboard = this.doc('public').getMap<{ score?: unknown; grade?: unknown }>('leaderboard');
    const published = (teamId: string) => {
      const standing = leaderboard.get(teamId);
      return typeof standing?.score === 'number' && typeof standing.grade === 'string';
    };
    this.scoredAsEnded = this.ended() && this.room.teams.every((t) => published(t.id));
    this.onRoomChange();
    if (!this.ended()) for (const team of this.room.teams) this.scoreTeam(team.id);
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
    // Its teams have been scored: the worlds are generated again only if someone asks for a debrief.
    this.worlds.release();
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
      if (fresh.length > 0) {
        board.transact(() => changes.push(fresh), SERVER_ORIGIN);
        this.worlds.addChanges(team.id, fresh);
      }
    }
    // The round's end is when the teams are scored; a round reopened goes back to showing pace only.
    if (this.ended() !== this.scoredAsEnded) for (const team of this.room.teams) this.scoreTeam(team.id);
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

  /**
   * Writes a team's line of the leaderboard: its pace while the round runs, and once it has ended the
   * score the server gives the team's verified steps (never anything a board claims of itself).
   */
  scoreTeam(teamId: string): void {
    const ended = this.ended();
    this.scoredAsEnded = ended;
    if (!ended) {
      this.debriefs.clear();
      this.replays.clear();
      this.writeStanding(teamId, undefined);
      return;
    }
    this.debrief(teamId).then(
      (debrief) => {
        if (debrief && this.ended()) this.writeStanding(teamId, debrief.report);
      },
      (err: Error) => this.log(`room ${this.room.id}: ${teamId} could not be scored: ${err.message}`),
    );
  }

  private writeStanding(teamId: string, report: DebriefReport | undefined): void {
    const team = this.team(teamId);
    const ordered = this.teamActions(teamId);
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
      score: report ? report.total : null,
      grade: report ? report.grade : null,
      cluesFound: report ? report.cluesFound.length : null,
      actions: ordered.length,
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

/** A team's score and grade from its verified steps: its board scored as the game scores every play. */
export function teamReport(scenario: Scenario, verifiedActions: readonly Action[]): DebriefReport {
  const scored = scorePlay(scenario, teamPlay(verifiedActions));
  const { state: _state, ...report } = scored;
  return { ...report, grade: gradeOfReport(scored) };
}

/** The leaderboard order: highest score first, then the earliest diagnosis, then name. */
export function rankStandings<T extends { score: number | null; diagnosedAtMs: number | null; name: string }>(
  standings: readonly T[],
): T[] {
  return [...standings].sort(
    (a, b) =>
      (b.score ?? 0) - (a.score ?? 0) ||
      (a.diagnosedAtMs ?? Number.POSITIVE_INFINITY) - (b.diagnosedAtMs ?? Number.POSITIVE_INFINITY) ||
      a.name.localeCompare(b.name),
  );
}
