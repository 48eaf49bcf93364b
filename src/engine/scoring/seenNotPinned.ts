import type { Action, QueryAction } from '../investigation/actions.ts';
import { clueTool, matchesClue } from '../investigation/clues.ts';
import type { Evidence } from '../investigation/evidence.ts';
import { replay } from '../investigation/notebook.ts';
import type { ToolRequest, ToolResult } from '../investigation/tools.ts';
import type { Clue, Scenario } from '../scenario/schema.ts';

/** A key clue the trainee had on screen and never pinned: "you saw this at 12:40 but did not pin it". */
export interface SeenNotPinned {
  readonly clue: Clue;
  /** The first item shown that matched the clue. */
  readonly evidence: Evidence;
  /** Elapsed milliseconds into the investigation when a query first showed it. */
  readonly seenAt: number;
  /** The query that showed it. */
  readonly query: QueryAction;
}

/**
 * The request that shows again what a recorded query showed. The world is deterministic, so the same tool,
 * query and range give the same items; a log query asks for as many lines as were listed, newest first
 * (through the last row scrolled to, for rows of a list).
 */
export function rerunRequest(q: QueryAction): ToolRequest {
  const range = {
    ...(q.scope?.startMs !== undefined ? { startMs: q.scope.startMs } : {}),
    ...(q.scope?.endMs !== undefined ? { endMs: q.scope.endMs } : {}),
  };
  switch (q.tool) {
    case 'logs':
      // Rows scrolled to are the newest `to` lines of the same query, which hold them.
      return { tool: 'logs', query: q.query, limit: Math.max(1, q.rows?.to ?? q.shownIds.length), ...range };
    case 'metrics':
      return { tool: 'metrics', query: q.query, ...range };
    case 'changes':
      return {
        tool: 'changes',
        ...(q.query ? { query: q.query } : {}),
        ...(q.scope?.service ? { service: q.scope.service } : {}),
        ...range,
      };
    case 'inbox':
      return { tool: 'inbox', ...range };
    case 'traces':
      // Trace search lists the newest first, like the log explorer: as many as were listed is the same list.
      return { tool: 'traces', query: q.query, limit: Math.max(1, q.shownIds.length), ...range };
    case 'code':
      return { tool: 'code', query: q.query, ...range };
  }
}

/**
 * The recorded queries worth running again to learn whether a missed clue was on screen: those in the tool
 * of a clue not pinned, that showed something left unpinned. Identical requests are asked once.
 */
export function queriesToRecheck(scenario: Scenario, actions: readonly Action[]): QueryAction[] {
  const state = replay(actions);
  const pinned = state.pinned.map((p) => p.evidence);
  const pinnedRefs = new Set(pinned.map((e) => e.ref));
  const tools = new Set(
    scenario.solution.clues.filter((c) => !pinned.some((e) => matchesClue(e, c))).map(clueTool),
  );
  const seen = new Set<string>();
  const out: QueryAction[] = [];
  for (const a of actions) {
    if (a.type !== 'query' || !tools.has(a.tool)) continue;
    if (a.shownIds.every((r) => pinnedRefs.has(r))) continue;
    const key = JSON.stringify(rerunRequest(a));
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

/** The items tool answers showed, by ref: what {@link seenNotPinned} reads. */
export function shownEvidence(results: readonly ToolResult[]): Map<string, Evidence> {
  const out = new Map<string, Evidence>();
  for (const r of results) if (r.ok) for (const item of r.items) out.set(item.evidence.ref, item.evidence);
  return out;
}

/**
 * Key clues the trainee saw and did not pin: for each clue no pinned item matches, the first item a query
 * showed that does, with when it was shown. `shown` holds the evidence records of shown items (the action
 * log keeps only their refs); refs missing from it are skipped, so a partial map gives a partial answer.
 *
 * @example seenNotPinned(scenario, actions, shownEvidence(recheck.map((q) => runTool(world, rerunRequest(q)))))
 */
export function seenNotPinned(
  scenario: Scenario,
  actions: readonly Action[],
  shown: ReadonlyMap<string, Evidence>,
): SeenNotPinned[] {
  const pinned = replay(actions).pinned.map((p) => p.evidence);
  const out: SeenNotPinned[] = [];
  for (const clue of scenario.solution.clues) {
    if (pinned.some((e) => matchesClue(e, clue))) continue;
    const hit = firstShown(actions, shown, clue);
    if (hit) out.push({ clue, ...hit });
  }
  return out;
}

function firstShown(
  actions: readonly Action[],
  shown: ReadonlyMap<string, Evidence>,
  clue: Clue,
): { evidence: Evidence; seenAt: number; query: QueryAction } | undefined {
  for (const a of actions) {
    if (a.type !== 'query') continue;
    for (const ref of a.shownIds) {
      const e = shown.get(ref);
      if (e && matchesClue(e, clue)) return { evidence: e, seenAt: a.at, query: a };
    }
  }
  return undefined;
}
