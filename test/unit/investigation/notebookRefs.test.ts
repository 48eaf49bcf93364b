import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/engine/investigation/actions.ts';
import type { Evidence } from '../../../src/engine/investigation/evidence.ts';
import { notebookRefProblems } from '../../../src/engine/investigation/notebookRefs.ts';
import { builtinScenario } from '../helpers.ts';

const scenario = builtinScenario('tutorial.yaml');
const line: Evidence = { kind: 'log', ref: 'log:1', id: 1, service: 'cart', tsMs: 0, line: 'TypeError' };
const shown: Action = {
  type: 'query',
  at: 0,
  tool: 'logs',
  query: '{service="cart"}',
  matched: 1,
  shownIds: [line.ref],
};
const pin: Action = { type: 'pin', at: 1, evidence: line };
const link = (from: string, to: string): Action => ({
  type: 'link',
  at: 2,
  id: 'l1',
  from,
  to,
  evidence: [],
});

describe('notebookRefProblems', () => {
  it.each<[string, Action[], string[]]>([
    ['a chain of known nodes', [shown, pin, link('evidence:log:1', 'condition:errors:web')], []],
    ['bare service and change ids, as older saves hold', [link('deploy-cart-2-4-1', 'web')], []],
    ['own words', [link('text:prices go wrong', 'service:web')], []],
    ['an unknown service', [link('service:cache', 'service:web')], ['link "l1": from: no service "cache"']],
    [
      'evidence not pinned when linked',
      [link('evidence:log:1', 'service:web'), shown, pin],
      ['link "l1": from: "log:1" is not pinned'],
    ],
    [
      'an edge the system lacks and a condition it does not offer',
      [link('edge:cart>web', 'condition:oom:cache')],
      ['link "l1": from: no call edge cart → web', 'link "l1": to: no condition "oom:cache"'],
    ],
    [
      'a hypothesis naming an unknown component and change',
      [{ type: 'hypothesis', at: 0, id: 'h1', text: 'x', component: 'mainframe', trigger: 'deploy-9' }],
      ['hypothesis "h1": no service "mainframe"', 'hypothesis "h1": no change "deploy-9"'],
    ],
    [
      'mitigations by action id, and one the system does not have',
      [
        { type: 'mitigate', at: 3, mitigation: 'rollback:deploy-cart-2-4-1' },
        { type: 'mitigate', at: 4, mitigation: 'rollback-cart' },
      ],
      ['mitigate: no action "rollback-cart" on this system'],
    ],
    [
      'a mitigation on a service the system lacks',
      [{ type: 'mitigate', at: 3, mitigation: 'restart:carts' }],
      ['mitigate: no action "restart:carts" on this system (did you mean "restart:cart"?)'],
    ],
  ])('%s', (_name, actions, messages) => {
    expect(notebookRefProblems(scenario, actions).map((p) => p.message)).toEqual(messages);
  });

  it('places each problem at its action and field', () => {
    expect(notebookRefProblems(scenario, [pin, link('service:web', 'hypothesis:h7')])).toEqual([
      { path: [1, 'to'], message: 'link "l1": to: no hypothesis "h7"' },
    ]);
  });
});
