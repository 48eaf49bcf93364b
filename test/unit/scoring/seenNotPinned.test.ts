import { describe, expect, it } from 'vitest';
import type { Action, QueryAction } from '../../../src/engine/investigation/actions.ts';
import { chainServices } from '../../../src/engine/investigation/clues.ts';
import type { ToolRequest } from '../../../src/engine/investigation/tools.ts';
import { queryAction, runTool } from '../../../src/engine/investigation/tools.ts';
import { parseTimestamp } from '../../../src/engine/scenario/units.ts';
import {
  queriesToRecheck,
  rerunRequest,
  seenNotPinned,
  shownEvidence,
} from '../../../src/engine/scoring/seenNotPinned.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

const scenario = builtinScenario('tutorial.yaml');
const world = simulate(scenario);
const pageMs = parseTimestamp(scenario.briefing.page.at)!;

/** Runs a tool as the page does (up to the incident clock) and records the query at `at`. */
function query(request: ToolRequest, at: number): { action: QueryAction; refs: string[] } {
  const bounded = { ...request, endMs: pageMs + at } as ToolRequest;
  const result = runTool(world, bounded);
  const action = queryAction(bounded, result, at);
  return { action, refs: action.shownIds };
}

/** What the trainee's queries showed, found again by running them once more. */
function shown(actions: readonly Action[]) {
  return shownEvidence(queriesToRecheck(scenario, actions).map((q) => runTool(world, rerunRequest(q))));
}

const webCheckout = query({ tool: 'logs', query: '{service="web"} |= "POST /checkout"' }, 760_000);
const cartErrors = query({ tool: 'logs', query: '{service="cart"} |= "TypeError"' }, 800_000);
const changes = query({ tool: 'changes' }, 900_000);

describe('seen but not pinned', () => {
  it('names each key clue a query showed and nobody pinned, with when it was first shown', () => {
    const actions: Action[] = [webCheckout.action, cartErrors.action, changes.action];
    const seen = seenNotPinned(scenario, actions, shown(actions));
    expect(seen.map((s) => [s.clue.id, s.seenAt, s.query.query])).toEqual([
      ['web-checkout-502', 760_000, '{service="web"} |= "POST /checkout"'],
      ['cart-typeerror', 800_000, '{service="cart"} |= "TypeError"'],
      ['deploy-cart', 900_000, ''],
    ]);
    expect(seen[2]!.evidence.ref).toBe('change:deploy-cart-2-4-1');
  });

  it('leaves out a clue once something matching it is pinned', () => {
    const line = runTool(world, rerunRequest(cartErrors.action));
    const evidence = line.ok ? line.items[0]!.evidence : undefined;
    const actions: Action[] = [
      cartErrors.action,
      changes.action,
      { type: 'pin', at: 950_000, evidence: evidence! },
    ];
    const seen = seenNotPinned(scenario, actions, shown(actions));
    expect(seen.map((s) => s.clue.id)).toEqual(['deploy-cart']);
  });

  it('says nothing of a clue no query showed', () => {
    const actions: Action[] = [query({ tool: 'logs', query: '{service="cart"} |= "GET"' }, 10_000).action];
    expect(seenNotPinned(scenario, actions, shown(actions))).toEqual([]);
  });

  it('runs again only queries in a missed clue’s tool, each once', () => {
    const actions: Action[] = [webCheckout.action, { ...webCheckout.action, at: 999_000 }, changes.action];
    expect(queriesToRecheck(scenario, actions).map((q) => [q.tool, q.at])).toEqual([
      ['logs', 760_000],
      ['changes', 900_000],
    ]);
  });

  it('asks again for exactly the items a query showed', () => {
    const traces = query({ tool: 'traces', query: 'service=cart status=error', limit: 5 }, 800_000);
    expect(traces.refs.length).toBe(5);
    for (const q of [webCheckout, cartErrors, changes, traces]) {
      const again = runTool(world, rerunRequest(q.action));
      expect(again.ok ? again.items.map((i) => i.evidence.ref) : []).toEqual(q.refs);
    }
  });

  it('finds again the rows scrolled to in a list, past the lines first shown', () => {
    const first = query({ tool: 'logs', query: '{service="web"}', limit: 20 }, 760_000);
    const all = runTool(world, { tool: 'logs', query: '{service="web"}', ...first.action.scope, limit: 100 });
    const rows = (all.ok ? all.items : []).slice(60, 90).map((i) => i.evidence.ref);
    const scrolled: QueryAction = { ...first.action, shownIds: rows, rows: { from: 60, to: 90 } };
    const again = runTool(world, rerunRequest(scrolled));
    expect((again.ok ? again.items : []).slice(60).map((i) => i.evidence.ref)).toEqual(rows);
  });
});

describe('the services of the reference chain', () => {
  it('lists them root cause first', () => {
    expect(chainServices(scenario)).toEqual(['cart', 'web']);
  });
});
