import { describe, expect, it } from 'vitest';
import type { Action, Evidence } from '../../../src/engine/investigation/actions.ts';
import type { HintStanding } from '../../../src/engine/investigation/hints.ts';
import { hintStandings, nextHint } from '../../../src/engine/investigation/hints.ts';
import { builtinScenario } from '../helpers.ts';

// The tutorial's hints lead, in order, to web's 502 (logs), cart's TypeError (logs) and cart's deploy (changes).
const scenario = builtinScenario('tutorial.yaml');

const web502: Evidence = {
  kind: 'log',
  ref: 'log:10',
  id: 10,
  service: 'web',
  tsMs: 1,
  line: '10.0.0.1 - - "POST /checkout HTTP/1.1" 502 0',
};
const cartTypeError: Evidence = {
  kind: 'log',
  ref: 'log:20',
  id: 20,
  service: 'cart',
  tsMs: 2,
  line: "TypeError: Cannot read properties of undefined (reading 'percent')",
};
const deploy: Evidence = {
  kind: 'change',
  ref: 'change:deploy-cart-2-4-1',
  eventId: 'deploy-cart-2-4-1',
  atMs: 0,
  changeKind: 'deploy',
  service: 'cart',
  description: 'cart 2.4.1',
};

const logs = (query: string, shownIds: string[] = []): Action => ({
  type: 'query',
  at: 1,
  tool: 'logs',
  query,
  matched: shownIds.length,
  shownIds,
});
const changes: Action = {
  type: 'query',
  at: 1,
  tool: 'changes',
  query: '',
  matched: 1,
  shownIds: [deploy.ref],
};
const show = (e: Evidence): Action => ({
  type: 'query',
  at: 1,
  tool: 'inbox',
  query: '',
  matched: 1,
  shownIds: [e.ref],
});
const pin = (e: Evidence): Action[] => [show(e), { type: 'pin', at: 2, evidence: e }];

const CASES: readonly {
  name: string;
  actions: Action[];
  standings: HintStanding[];
  next: number | undefined;
}[] = [
  { name: 'nothing done yet', actions: [], standings: ['fresh', 'fresh', 'fresh'], next: 0 },
  {
    name: "web's logs queried: its hint waits",
    actions: [logs('{service="web"} |= "POST"')],
    standings: ['looked', 'fresh', 'fresh'],
    next: 1,
  },
  {
    name: 'a regex matcher naming web and cart counts for both',
    actions: [logs('{service=~"web|cart"}')],
    standings: ['looked', 'looked', 'fresh'],
    next: 2,
  },
  {
    name: 'a service whose name contains another is not that one',
    actions: [logs('{service="webhooks"}')],
    standings: ['fresh', 'fresh', 'fresh'],
    next: 0,
  },
  {
    name: "web's 502 pinned: its hint is never offered",
    actions: pin(web502),
    standings: ['found', 'fresh', 'fresh'],
    next: 1,
  },
  {
    name: 'the change log showed the deploy',
    actions: [changes],
    standings: ['fresh', 'fresh', 'looked'],
    next: 0,
  },
  {
    name: 'everywhere looked at, nothing pinned: the first looked-at hint',
    actions: [logs('{service=~"web|cart"}'), changes],
    standings: ['looked', 'looked', 'looked'],
    next: 0,
  },
  {
    name: 'the first hint taken',
    actions: [{ type: 'hint', at: 1, index: 0 }],
    standings: ['taken', 'fresh', 'fresh'],
    next: 1,
  },
  {
    name: 'every clue pinned: no hint is worth its cost',
    actions: [...pin(web502), ...pin(cartTypeError), ...pin(deploy)],
    standings: ['found', 'found', 'found'],
    next: undefined,
  },
  {
    name: 'the rest taken or found',
    actions: [...pin(cartTypeError), { type: 'hint', at: 3, index: 0 }, { type: 'hint', at: 4, index: 2 }],
    standings: ['taken', 'found', 'taken'],
    next: undefined,
  },
];

describe('hint selection', () => {
  it.each(CASES)('$name', ({ actions, standings, next }) => {
    expect(hintStandings(scenario, actions)).toEqual(standings);
    expect(nextHint(scenario, actions)).toBe(next);
  });
});
