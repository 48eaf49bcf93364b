import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../src/engine/investigation/evidence.ts';
import type { Hypothesis, InvestigationState } from '../../../src/engine/investigation/notebook.ts';
import { EMPTY_INVESTIGATION } from '../../../src/engine/investigation/notebook.ts';
import { methodPart } from '../../../src/engine/scoring/method.ts';
import { builtinScenario } from '../helpers.ts';

// The tutorial's red herring: web logs "upstream timed out" all night.
const scenario = builtinScenario('tutorial.yaml');
const timeout: Evidence = {
  kind: 'log',
  ref: 'log:5',
  id: 5,
  service: 'web',
  tsMs: 0,
  line: 'upstream timed out (110: Connection timed out) while reading response header from upstream',
};
const typeError: Evidence = {
  kind: 'log',
  ref: 'log:6',
  id: 6,
  service: 'cart',
  tsMs: 0,
  line: 'TypeError: x',
};

function state(hypotheses: Hypothesis[]): InvestigationState {
  return {
    ...EMPTY_INVESTIGATION,
    pinned: [timeout, typeError].map((evidence) => ({ evidence, at: 0 })),
    hypotheses,
  };
}

const refuted = (about: Partial<Hypothesis>, ref = timeout.ref): Hypothesis => ({
  id: 'h1',
  text: 'a guess',
  status: 'refuted',
  at: 0,
  marks: [{ ref, stance: 'refutes' }],
  ...about,
});

/** The points of the method part that hypotheses earn: recorded (3), tested (5), a herring refuted (4). */
function hypothesisPoints(hypotheses: Hypothesis[]): number {
  return methodPart(scenario, [], state(hypotheses), []).score;
}

describe('method: structured hypotheses', () => {
  it.each<[string, Hypothesis[], number]>([
    ['a refuted hypothesis about the herring’s service, marked with it', [refuted({ component: 'web' })], 12],
    [
      'the herring’s service named through the change suspected',
      [refuted({ trigger: 'web-worker-connections' })],
      12,
    ],
    [
      'a refuted hypothesis about another service, marked with the herring',
      [refuted({ component: 'cart' })],
      2,
    ],
    ['a catch-all naming nothing, refuted with the herring', [refuted({})], 0],
    ['a hypothesis naming a service unknown to the system', [refuted({ component: 'mainframe' })], 0],
    [
      'a hypothesis about the herring refuted with evidence that does not show it',
      [refuted({ component: 'web' }, typeError.ref)],
      2,
    ],
  ])('%s', (_name, hypotheses, points) => {
    expect(hypothesisPoints(hypotheses)).toBe(points);
  });

  it('says why a hypothesis naming nothing earned nothing', () => {
    expect(methodPart(scenario, [], state([refuted({})]), []).notes[0]).toBe(
      'Your hypotheses name no component or change, and a hypothesis that names nothing earns nothing: −3.',
    );
  });
});

describe('method: a change record shows a change was made, not what it did', () => {
  const deploy: Evidence = {
    kind: 'change',
    ref: 'change:deploy-cart-2-4-1',
    eventId: 'deploy-cart-2-4-1',
    atMs: 0,
    changeKind: 'deploy',
    service: 'cart',
    description: 'cart 2.4.1',
  };
  const blamed = (refs: readonly string[]): Hypothesis => ({
    id: 'h1',
    text: 'the deploy broke it',
    component: 'cart',
    trigger: 'deploy-cart-2-4-1',
    status: 'supported',
    at: 0,
    marks: refs.map((ref) => ({ ref, stance: 'supports' as const })),
  });
  const play = (refs: readonly string[]) => {
    const s: InvestigationState = {
      ...state([blamed(refs)]),
      pinned: [deploy, typeError].map((evidence) => ({ evidence, at: 0 })),
      submissions: [
        { at: 0, diagnosis: { component: 'cart', fault: 'bad-deploy', confidence: 80 }, chain: [] },
      ],
    };
    return methodPart(scenario, [], s, []);
  };

  it.each<[string, string[], number]>([
    ['supported by its change record alone: recorded, but neither tested nor rested on', [deploy.ref], 3],
    ['supported by the change record and what cart logged', [deploy.ref, typeError.ref], 11],
  ])('%s', (_name, refs, points) => {
    // Recorded (3), tested (5) and the diagnosis resting on it (3) are the habits at stake here.
    const part = play(refs);
    const habits = part.losses.filter((l) => /hypothes|rests/.test(l.why));
    expect(3 + 5 + 3 - habits.reduce((sum, l) => sum + l.points, 0)).toBe(points);
  });

  it('says why the change record did not support it', () => {
    expect(play([deploy.ref]).notes).toContain(
      'The diagnosis rests on a hypothesis about cart supported only by a change record, which shows the change was made, not what it did: −3.',
    );
  });
});
