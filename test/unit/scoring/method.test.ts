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
