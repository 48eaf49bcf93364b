import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Action } from '../../../src/engine/investigation/actions.ts';
import { investigationMachine } from '../../../src/flow/investigationMachine.ts';

const evidence = { kind: 'log' as const, id: 42, service: 'cart', tsMs: 1, line: 'TypeError' };
const query: Extract<Action, { type: 'query' }> = {
  type: 'query',
  at: 5,
  tool: 'logs',
  service: 'cart',
  filter: 'TypeError',
  matched: 1,
  shownIds: [42],
};

function started() {
  const actor = createActor(investigationMachine).start();
  actor.send({ type: 'select scenario', scenarioId: 'tutorial' });
  actor.send({ type: 'begin' });
  return actor;
}

describe('investigationMachine', () => {
  it('goes menu → briefing → investigating → debrief → menu', () => {
    const actor = createActor(investigationMachine).start();
    const phases = [actor.getSnapshot().value];
    actor.subscribe((s) => phases.push(s.value));
    actor.send({ type: 'select scenario', scenarioId: 'tutorial' });
    actor.send({ type: 'begin' });
    actor.send({ type: 'submit', at: 9, diagnosis: { component: 'cart', fault: 'bad-deploy' } });
    actor.send({ type: 'back to menu' });
    expect(phases).toEqual(['menu', 'briefing', 'investigating', 'debrief', 'menu']);
  });

  it('refuses to pin what no query showed', () => {
    const actor = started();
    actor.send({ type: 'pin', at: 1, evidence });
    expect(actor.getSnapshot().context.actions).toEqual([]);
  });

  it('pins what a query showed, once', () => {
    const actor = started();
    actor.send({ type: 'record query', action: query });
    actor.send({ type: 'pin', at: 6, evidence });
    actor.send({ type: 'pin', at: 7, evidence });
    expect(actor.getSnapshot().context.actions).toEqual([query, { type: 'pin', at: 6, evidence }]);
  });

  it('unpins only what is pinned', () => {
    const actor = started();
    actor.send({ type: 'unpin', at: 1, id: 42 });
    actor.send({ type: 'record query', action: query });
    actor.send({ type: 'pin', at: 6, evidence });
    actor.send({ type: 'unpin', at: 8, id: 42 });
    expect(actor.getSnapshot().context.actions.map((a) => a.type)).toEqual(['query', 'pin', 'unpin']);
  });

  it('ignores investigation events outside an investigation', () => {
    const actor = createActor(investigationMachine).start();
    actor.send({ type: 'record query', action: query });
    actor.send({ type: 'submit', at: 1, diagnosis: { component: 'cart', fault: 'bad-deploy' } });
    expect(actor.getSnapshot().value).toBe('menu');
    expect(actor.getSnapshot().context.actions).toEqual([]);
  });

  it('forgets the investigation when abandoned', () => {
    const actor = started();
    actor.send({ type: 'record query', action: query });
    actor.send({ type: 'abandon' });
    expect(actor.getSnapshot().value).toBe('menu');
    expect(actor.getSnapshot().context).toEqual({ scenarioId: undefined, actions: [] });
  });

  it.each(['briefing', 'investigating', 'debrief'] as const)('restores a saved %s', (phase) => {
    const actor = createActor(investigationMachine).start();
    actor.send({ type: 'restore', scenarioId: 'tutorial', phase, actions: [query] });
    expect(actor.getSnapshot().value).toBe(phase);
    expect(actor.getSnapshot().context).toEqual({ scenarioId: 'tutorial', actions: [query] });
  });
});
