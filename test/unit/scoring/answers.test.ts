import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Action, Diagnosis } from '../../../src/engine/investigation/actions.ts';
import { EMPTY_INVESTIGATION } from '../../../src/engine/investigation/notebook.ts';
import { diagnosisPart } from '../../../src/engine/scoring/answerParts.ts';
import { playBot } from '../../../src/engine/scoring/bots.ts';
import { ALTERNATIVE_SHARE, DIAGNOSIS_POINTS, score } from '../../../src/engine/scoring/score.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { investigationMachine, phaseOf } from '../../../src/flow/investigationMachine.ts';
import { builtinScenario } from '../helpers.ts';

/** The reference play with its diagnosis changed. */
function answered(actions: readonly Action[], change: Partial<Diagnosis>): Action[] {
  return actions.map((a) => (a.type === 'diagnose' ? { ...a, diagnosis: { ...a.diagnosis, ...change } } : a));
}

const part = (report: ReturnType<typeof score>, id: string) => report.parts.find((p) => p.id === id)!;

describe('two triggers: the proximate one and the latent decision', () => {
  const scenario = builtinScenario('undocumented-dependency.yaml');
  const world = simulate(scenario);
  const reference = playBot('reference', world);
  const { trigger, latent } = scenario.solution.rootCause;

  it('gives the trigger points for either', () => {
    expect(latent).toBe('deploy-orders-1-8-0');
    const proximate = score(scenario, reference);
    const old = score(scenario, answered(reference, { trigger: latent! }));
    expect(part(old, 'diagnosis').score).toBe(part(proximate, 'diagnosis').score);
    expect(old.correct.trigger).toBe(true);
    const other = score(scenario, answered(reference, { trigger: 'catalog-workers' }));
    expect(part(proximate, 'diagnosis').score - part(other, 'diagnosis').score).toBe(
      DIAGNOSIS_POINTS.trigger,
    );
    expect(part(other, 'diagnosis').notes).toContain(
      `The trigger you named, catalog-workers, did not set it off: −${DIAGNOSIS_POINTS.trigger}.`,
    );
  });

  it('lets the latent decision stand for the trigger in the chain where the story gives it no link', () => {
    const relinked = reference.map((a) =>
      a.type === 'link' && a.from === `event:${trigger}` ? { ...a, from: `event:${latent}` } : a,
    );
    expect(relinked).not.toEqual(reference);
    expect(part(score(scenario, relinked), 'chain').score).toBe(
      part(score(scenario, reference), 'chain').score,
    );
  });
});

describe('arguable answers', () => {
  it.each([
    ['undocumented-dependency.yaml', { component: 'orders' }, 'component'],
    ['cohort-rollout.yaml', { fault: 'bad-deploy' as const }, 'fault'],
  ])('%s: %o earns part of the credit, and the flow accepts it', (file, change, what) => {
    const scenario = builtinScenario(file);
    const reference = playBot('reference', simulate(scenario));
    const right = score(scenario, reference);
    const arguable = score(scenario, answered(reference, change));
    const points = DIAGNOSIS_POINTS[what as 'component' | 'fault'];
    expect(part(right, 'diagnosis').score - part(arguable, 'diagnosis').score).toBe(
      points * (1 - ALTERNATIVE_SHARE),
    );
    expect(arguable.accepted).toBe(true);
    expect(arguable.correct[what as 'component' | 'fault']).toBe(false);
    expect(part(arguable, 'diagnosis').losses.map((l) => l.why)).toEqual([
      expect.stringMatching(/is an arguable (reading|kind for this fault).*worth 50% of it: −4\.$/),
    ]);
    const wrong = score(
      scenario,
      answered(reference, what === 'component' ? { component: 'web' } : { fault: 'dns-failure' }),
    );
    expect(wrong.accepted).toBe(false);
    expect(part(wrong, 'diagnosis').score).toBeLessThan(part(arguable, 'diagnosis').score);

    const { component, fault, alternatives } = scenario.solution.rootCause;
    const phaseAfter = (diagnosis: Diagnosis) => {
      const flow = createActor(investigationMachine).start();
      flow.send({ type: 'select scenario', scenarioId: scenario.id });
      flow.send({
        type: 'answer known',
        answer: { component, fault, ...(alternatives ? { alternatives } : {}) },
      });
      flow.send({ type: 'begin' });
      flow.send({ type: 'open diagnosis' });
      flow.send({ type: 'submit', at: 9, diagnosis });
      return phaseOf(flow.getSnapshot().value as string);
    };
    const diagnosis: Diagnosis = { component, fault, confidence: 50 };
    expect(phaseAfter({ ...diagnosis, ...change })).toBe('debrief');
    expect(phaseAfter({ ...diagnosis, component: 'web', fault: 'dns-failure' })).toBe('wrong');
  });
});

describe('what backs the diagnosis', () => {
  const scenario = builtinScenario('tutorial.yaml');
  const diagnosis = {
    component: 'cart',
    fault: 'bad-deploy' as const,
    trigger: 'deploy-cart-2-4-1',
    confidence: 80,
  };
  const state = { ...EMPTY_INVESTIGATION, submissions: [{ at: 0, diagnosis, chain: [] }] };
  const looked: Action[] = [
    { type: 'query', at: 0, tool: 'logs', query: '{service="cart"}', matched: 1, shownIds: [] },
  ];
  const diagnosed = (pinned: number, precision: number) =>
    diagnosisPart(scenario, looked, state, {
      componentShare: 1,
      faultShare: 1,
      triggerRight: true,
      recall: 1,
      found: 3,
      precision,
      pinned,
    });

  it.each([
    [6, 1, 20],
    [12, 0.5, 14],
    [1000, 0.006, 8.1],
  ])(
    'with every key clue among %i pins (precision %f), the right answer earns %f',
    (pinned, precision, points) => {
      expect(diagnosed(pinned, precision).score()).toBe(points);
    },
  );

  it('says how the pile of pins diluted the clues', () => {
    expect(diagnosed(12, 0.5).notes).toEqual([
      '3 of 3 key clues back the diagnosis, and 12 items pinned dilute them (precision 50%, weighing 60% of them): 20 × 3/3 × (0.4 + 0.6 × 0.5) = 14: −6.',
    ]);
  });
});
