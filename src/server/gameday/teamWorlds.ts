import { digest } from 'lib0/hash/sha256';
import type { Action, QueryAction } from '../../engine/investigation/actions.ts';
import type { Evidence } from '../../engine/investigation/evidence.ts';
import type { ToolRequest } from '../../engine/investigation/tools.ts';
import type { TimelineEvent } from '../../engine/scenario/schema.ts';
import { rerunRequest } from '../../engine/scoring/seenNotPinned.ts';
import type { LogExploreRequest } from '../../engine/views/logExplore.ts';
import type { OpenResult, ScenarioSource } from '../../worker/worldHost.ts';
import { WorldHost } from '../../worker/worldHost.ts';
import { SERVER_QUERY_BUDGET_MS } from '../queryDeadline.ts';

/** Members whose last log query a team's world remembers (for the explorer's paging); the oldest go first. */
const MEMBERS_REMEMBERED = 64;

/** What a recorded query shows when it runs again on the team's world. */
interface Rerun {
  readonly matched: number;
  readonly items: ReadonlyMap<string, Evidence>;
}

/** One team's world: the host that holds it, and each member's last log query. */
interface TeamWorld {
  readonly host: WorldHost;
  /** What opening the world answered: its size, instances and tools (its scenario is not sent as is). */
  readonly opened: Extract<OpenResult, { ok: true }>;
  /** Each member's last log exploration, so paging answers the member's own query. */
  readonly explorations: Map<string, LogExploreRequest>;
  /** The member whose exploration the host's match list holds now. */
  explorer: string | undefined;
}

/**
 * The worlds of one round, one per team: every team plays the round's variant, each with the deploys and
 * rollbacks the facilitator sent it in its Changes tool. Players query these worlds; their browsers never
 * hold the scenario. A world is generated when a member of its team first asks for it.
 */
export class TeamWorlds {
  private readonly worlds = new Map<string, Promise<TeamWorld>>();

  constructor(
    private readonly source: ScenarioSource,
    private readonly scenarioId: string,
    /** The round's variant: 0 plays the file as written with its own seed; any other is also the seed. */
    private readonly variant: number,
    /** The changes the server put on a team's board, to add to its world when it is generated. */
    private readonly changesOf: (teamId: string) => readonly TimelineEvent[],
    /** The queries the server answered each team, kept with the round (they survive a restart). */
    private readonly asked: AskedQueries,
  ) {}

  /** The team's world, generated on first use (one generation however many members ask at once). */
  world(teamId: string): Promise<TeamWorld> {
    let world = this.worlds.get(teamId);
    if (!world) {
      world = this.generate(teamId);
      this.worlds.set(teamId, world);
      // A world that failed to generate is tried again on the next request.
      world.catch(() => this.worlds.delete(teamId));
    }
    return world;
  }

  private async generate(teamId: string): Promise<TeamWorld> {
    // The server's one thread answers every team: a query stops at the servers' budget, not the worker's.
    const host = new WorldHost([this.source], { queryBudgetMs: SERVER_QUERY_BUDGET_MS });
    const opened = await host.open(this.scenarioId, this.variant === 0 ? undefined : this.variant);
    if (!opened.ok)
      throw new Error(`the round's scenario does not open: ${opened.diagnostics[0]?.message ?? 'unknown'}`);
    host.addChanges(this.changesOf(teamId));
    return { host, opened, explorations: new Map(), explorer: undefined };
  }

  /** Adds changes the facilitator sent a team to its world, if it is generated (else it takes them then). */
  addChanges(teamId: string, events: readonly TimelineEvent[]): void {
    void this.worlds.get(teamId)?.then(
      (world) => world.host.addChanges(events),
      () => undefined,
    );
  }

  /** Runs a member's log exploration, notes the query as asked, and remembers it for the member's paging. */
  async exploreLogs(teamId: string, member: string, request: LogExploreRequest) {
    const world = await this.world(teamId);
    world.explorations.delete(member);
    world.explorations.set(member, request);
    if (world.explorations.size > MEMBERS_REMEMBERED)
      world.explorations.delete(world.explorations.keys().next().value!);
    world.explorer = member;
    const answer = world.host.exploreLogs(request);
    this.asked.add(teamId, askedKey(answer.action));
    return answer;
  }

  /** Runs a tool for the team and notes the query as asked (the page records it on the board). */
  async runToolRecorded(teamId: string, request: ToolRequest) {
    const world = await this.world(teamId);
    const answer = world.host.runToolRecorded(request);
    this.asked.add(teamId, askedKey(answer.action));
    return answer;
  }

  /**
   * Rows of the member's last exploration. The host keeps one list of matches; when a teammate has queried
   * since, the member's query runs again first (the world is deterministic, so it lists the same lines).
   */
  async logRows(teamId: string, member: string, from: number, to: number) {
    const world = await this.world(teamId);
    const request = world.explorations.get(member);
    if (!request) return { from, items: [], rows: [] };
    if (world.explorer !== member) {
      world.host.exploreLogs(request);
      world.explorer = member;
    }
    return world.host.logRows(from, to);
  }

  /**
   * A team's board as the server scores it: a query counts only if the server answered it to the team, and
   * keeps only the items the team's world shows when it runs again; a pin counts only for an item a
   * verified query showed, with the evidence as the world has it. A board that claims what no query
   * showed (a forged, replayed or bot-made log) scores as if it had not.
   */
  async verifiedActions(teamId: string, actions: readonly Action[], nowMs: number): Promise<Action[]> {
    const world = await this.world(teamId);
    const shown = new Map<string, Evidence>();
    const reruns = new Map<string, Rerun>();
    const showing = (q: QueryAction): Rerun => {
      const request = clampRequest(rerunRequest(q), nowMs);
      const key = JSON.stringify(request);
      let rerun = reruns.get(key);
      if (!rerun) {
        const result = world.host.runTool(request);
        rerun = result.ok
          ? { matched: result.matched, items: new Map(result.items.map((i) => [i.evidence.ref, i.evidence])) }
          : { matched: 0, items: new Map() };
        reruns.set(key, rerun);
      }
      return rerun;
    };
    const out: Action[] = [];
    for (const action of actions) {
      if (action.type === 'query') {
        if (!this.asked.has(teamId, askedKey(action))) continue;
        const { matched, items } = showing(action);
        const shownIds = action.shownIds.filter((ref) => items.has(ref));
        for (const ref of shownIds) shown.set(ref, items.get(ref)!);
        out.push({ ...action, shownIds, matched });
      } else if (action.type === 'pin') {
        const evidence = shown.get(action.evidence.ref);
        if (evidence) out.push({ ...action, evidence });
      } else out.push(action);
    }
    return out;
  }

  /** Lets every world go (a round that is over and superseded); they are generated again if asked for. */
  release(): void {
    this.worlds.clear();
  }
}

/** The queries the server answered each team. */
export interface AskedQueries {
  has(teamId: string, key: string): boolean;
  add(teamId: string, key: string): void;
}

/**
 * What names a query the server answered: its tool, text and scope, hashed (the team's board keeps these,
 * and a long query must not make the board grow by its length each time). Rows scrolled to later carry the
 * same key as the query that listed them; how many lines were shown is checked by running it again.
 */
export function askedKey(q: QueryAction): string {
  const named = [q.tool, q.query, q.scope?.service ?? null, q.scope?.startMs ?? null, q.scope?.endMs ?? null];
  const hash = digest(new TextEncoder().encode(JSON.stringify(named)));
  let hex = '';
  for (const byte of hash.subarray(0, 16)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** A tool request bounded by the round's now: nothing after it exists yet. */
export function clampRequest(request: ToolRequest, nowMs: number): ToolRequest {
  const endMs = Math.min(request.endMs ?? nowMs, nowMs);
  const startMs = request.startMs === undefined ? undefined : Math.min(request.startMs, endMs);
  return { ...request, endMs, ...(startMs === undefined ? {} : { startMs }) } as ToolRequest;
}
