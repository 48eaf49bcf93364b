import { describe, expect, it } from 'vitest';
import { runTool } from '../../../src/engine/investigation/tools.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { faultWorld } from '../sim/faultWorld.ts';

const base = simulate(
  faultWorld('{ id: f, kind: cpu-saturation, service: api, trigger: change, severity: 0.5 }'),
);
/** The fault world's flag change, and two changes a responder made: a pool size and a deploy of a commit. */
const world: World = {
  ...base,
  changes: [
    {
      id: 'pool',
      at: '2026-03-01T00:20:00Z',
      kind: 'config',
      service: 'api',
      key: 'db.pool.max',
      value: '250',
      description: 'Tune the pool',
    },
    {
      id: 'ship',
      at: '2026-03-01T00:25:00Z',
      kind: 'deploy',
      service: 'web',
      version: '9.1.4',
      commit: 'a41f9c2',
      description: 'Ship it',
    },
  ],
};

describe('the Changes search', () => {
  it.each([
    ['new-pricing', ['change']],
    ['db.pool', ['pool']],
    ['250', ['pool']],
    ['9.1.4', ['ship']],
    ['A41F9C2', ['ship']],
    ['pricing for beta', ['change']],
    ['no such thing', []],
  ])('finds %s in what a change did as well as in what it says', (query, ids) => {
    const result = runTool(world, { tool: 'changes', query });
    expect(result.ok && result.items.map((i) => (i.evidence as { eventId: string }).eventId)).toEqual(ids);
  });
});
