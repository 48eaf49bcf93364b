import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import type { Action, Diagnosis, LogEvidence } from '../../../src/engine/investigation/actions.ts';
import { replay } from '../../../src/engine/investigation/notebook.ts';
import { HINT_DELAY_MS, investigationMachine, phaseOf } from '../../../src/flow/investigationMachine.ts';

const evidence: LogEvidence = {
  kind: 'log',
  ref: 'log:42',
  id: 42,
  service: 'cart',
  tsMs: 1,
  line: 'TypeError',
};
const query: Action = {
  type: 'query',
  at: 5,
  tool: 'logs',
  query: '{service="cart"}',
  matched: 1,
  shownIds: ['log:42'],
};
const right: Diagnosis = { component: 'cart', fault: 'bad-deploy', confidence: 80 };
const wrong: Diagnosis = { component: 'web', fault: 'misconfiguration', confidence: 60 };

function started(clock = new SimulatedClock()) {
  const actor = createActor(investigationMachine, { clock }).start();
  actor.send({ type: 'select scenario', scenarioId: 'tutorial' });
  actor.send({ type: 'answer known', answer: { component: 'cart', fault: 'bad-deploy' } });
  actor.send({ type: 'begin' });
  return actor;
}

const phase = (actor: ReturnType<typeof started>) => phaseOf(actor.getSnapshot().value as string);

describe('investigationMachine', () => {
  it('goes menu → briefing → investigating → diagnosing → debrief → menu', () => {
    const actor = createActor(investigationMachine).start();
    const phases = [phaseOf(actor.getSnapshot().value as string)];
    actor.subscribe((s) => phases.push(phaseOf(s.value as string)));
    actor.send({ type: 'select scenario', scenarioId: 'tutorial' });
    actor.send({ type: 'begin' });
    actor.send({ type: 'open diagnosis' });
    actor.send({ type: 'submit', at: 9, diagnosis: right });
    actor.send({ type: 'back to menu' });
    expect(phases).toEqual(['menu', 'briefing', 'investigating', 'diagnosing', 'debrief', 'menu']);
  });

  it('refuses to pin what no query showed, and pins what one showed once', () => {
    const actor = started();
    actor.send({ type: 'act', action: { type: 'pin', at: 1, evidence } });
    actor.send({ type: 'act', action: query });
    actor.send({ type: 'act', action: { type: 'pin', at: 6, evidence } });
    actor.send({ type: 'act', action: { type: 'pin', at: 7, evidence } });
    expect(actor.getSnapshot().context.actions).toEqual([query, { type: 'pin', at: 6, evidence }]);
  });

  it('keeps its notebook equal to a replay of its log', () => {
    const actor = started();
    actor.send({ type: 'act', action: query });
    actor.send({ type: 'act', action: { type: 'pin', at: 6, evidence } });
    actor.send({ type: 'act', action: { type: 'hypothesis', at: 7, id: 'h1', text: 'cart broke' } });
    actor.send({
      type: 'act',
      action: { type: 'link', at: 8, id: 'l1', from: 'cart', to: 'web', evidence: ['log:42'] },
    });
    const { actions, notebook } = actor.getSnapshot().context;
    expect(notebook).toEqual(replay(actions));
  });

  it('sends a wrong diagnosis to a retry, and a right one to the debrief', () => {
    const actor = started();
    actor.send({ type: 'open diagnosis' });
    actor.send({ type: 'submit', at: 10, diagnosis: wrong });
    expect(phase(actor)).toBe('wrong');
    actor.send({ type: 'retry' });
    expect(phase(actor)).toBe('investigating');
    actor.send({ type: 'open diagnosis' });
    actor.send({ type: 'submit', at: 20, diagnosis: right });
    expect(phase(actor)).toBe('debrief');
    expect(actor.getSnapshot().context.notebook.submissions.map((s) => s.diagnosis)).toEqual([wrong, right]);
  });

  it('ends in the debrief after the last wrong try', () => {
    const actor = started();
    for (let i = 0; i < 3; i++) {
      actor.send({ type: 'open diagnosis' });
      actor.send({ type: 'submit', at: i, diagnosis: wrong });
      actor.send({ type: 'retry' });
    }
    expect(phase(actor)).toBe('debrief');
    expect(actor.getSnapshot().context.notebook.submissions).toHaveLength(3);
  });

  it('offers a hint after a quiet spell, and restarts the timer on progress', () => {
    const clock = new SimulatedClock();
    const actor = started(clock);
    clock.increment(HINT_DELAY_MS - 1);
    expect(actor.getSnapshot().context.hintDue).toBe(false);
    actor.send({ type: 'act', action: query });
    actor.send({ type: 'act', action: { type: 'pin', at: 6, evidence } });
    clock.increment(HINT_DELAY_MS - 1);
    expect(actor.getSnapshot().context.hintDue).toBe(false);
    clock.increment(1);
    expect(actor.getSnapshot().context.hintDue).toBe(true);
    actor.send({ type: 'act', action: { type: 'hint', at: 7, index: 0 } });
    expect(actor.getSnapshot().context.hintDue).toBe(false);
  });

  it('ignores investigation events outside an investigation', () => {
    const actor = createActor(investigationMachine).start();
    actor.send({ type: 'act', action: query });
    actor.send({ type: 'submit', at: 1, diagnosis: right });
    expect(actor.getSnapshot().value).toBe('menu');
    expect(actor.getSnapshot().context.actions).toEqual([]);
  });

  it('forgets the investigation when abandoned', () => {
    const actor = started();
    actor.send({ type: 'act', action: query });
    actor.send({ type: 'abandon' });
    expect(actor.getSnapshot().value).toBe('menu');
    expect(actor.getSnapshot().context.actions).toEqual([]);
  });

  it.each(['briefing', 'investigating', 'debrief'] as const)(
    'restores a saved %s into the same state',
    (saved) => {
      const actor = createActor(investigationMachine).start();
      actor.send({ type: 'restore', scenarioId: 'tutorial', phase: saved, actions: [query] });
      expect(phaseOf(actor.getSnapshot().value as string)).toBe(saved);
      expect(actor.getSnapshot().context.notebook).toEqual(replay([query]));
    },
  );
});
