import { describe, expect, it } from 'vitest';
import type { ActionLogContext } from '../../../src/engine/investigation/actionLogCheck.ts';
import { actionLogProblems } from '../../../src/engine/investigation/actionLogCheck.ts';
import type { Action } from '../../../src/engine/investigation/actions.ts';
import { playerView } from '../../../src/engine/scenario/playerView.ts';
import { builtinScenario } from '../helpers.ts';

const tutorial = playerView(builtinScenario('tutorial.yaml'));
const context: ActionLogContext = { source: tutorial, hints: tutorial.hints.length };
const event = tutorial.timeline[0]!.id;
const link = (from: string, to: string): Action => ({
  type: 'link',
  at: 1,
  id: 'l1',
  from,
  to,
  evidence: [],
});

describe('actionLogProblems', () => {
  it.each<[string, Action[], { path: string; message: string }[]]>([
    ['a link between things of the system', [link(`event:${event}`, 'service:cart')], []],
    [
      'a link from a service that does not exist',
      [link('service:nope', 'service:cart')],
      [{ path: 'actions[0].from', message: 'link "l1": from: no service "nope"' }],
    ],
    [
      'a link to a malformed node',
      [link('service:cart', 'banana')],
      [{ path: 'actions[0].to', message: 'link "l1": to: "banana" is not a chain node' }],
    ],
    [
      'a link from evidence never pinned',
      [link('evidence:log:x', 'service:cart')],
      [{ path: 'actions[0].from', message: 'link "l1": from: "log:x" is not pinned' }],
    ],
    [
      'an action the palette does not offer',
      [{ type: 'mitigate', at: 1, mitigation: 'reboot:everything' }],
      [{ path: 'actions[0].mitigation', message: 'mitigate: no action "reboot:everything" on this system' }],
    ],
    ['an action it offers', [{ type: 'mitigate', at: 1, mitigation: 'restart:cart' }], []],
    [
      'a hint past the last',
      [{ type: 'hint', at: 1, index: tutorial.hints.length }],
      [
        {
          path: 'actions[0].index',
          message: `no hint ${tutorial.hints.length + 1}: the scenario offers ${tutorial.hints.length}`,
        },
      ],
    ],
    [
      'a pin of what no query showed',
      [
        {
          type: 'pin',
          at: 1,
          evidence: { kind: 'change', ref: `change:${event}`, eventId: event },
        } as Action,
      ],
      [{ path: 'actions[0]', message: 'pin: only what a query showed can be pinned' }],
    ],
  ])('%s', (_, actions, expected) => {
    expect(actionLogProblems(context, actions).map(({ path, message }) => ({ path, message }))).toEqual(
      expected,
    );
  });
});
