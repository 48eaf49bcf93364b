import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/engine/investigation/actions.ts';
import {
  COACH_STEPS,
  coachProgress,
  skipTutorial,
  TUTORIAL_SKIPPED_KEY,
  tutorialSkipped,
} from '../../../src/state/play/tutorialCoach.ts';
import type { KeyValueStorage } from '../../../src/state/save.ts';

const query = (q: string, browse = false): Action => ({
  type: 'query',
  at: 1,
  tool: 'logs',
  query: q,
  matched: 1,
  shownIds: [],
  ...(browse ? { browse: true } : {}),
});
const pin: Action = {
  type: 'pin',
  at: 2,
  evidence: { kind: 'change', ref: 'change:deploy-cart-2-4-1', eventId: 'deploy-cart-2-4-1' },
} as Action;
const hypothesis: Action = { type: 'hypothesis', at: 3, id: 'h1', text: 'cart broke' };
const mark = (stance: 'supports' | 'refutes'): Action => ({
  type: 'mark',
  at: 4,
  hypothesisId: 'h1',
  ref: 'r',
  stance,
});
const refuted: Action = { type: 'hypothesis status', at: 5, id: 'h2', status: 'refuted' };
const link: Action = { type: 'link', at: 6, id: 'l1', from: 'a', to: 'b', evidence: [] };
const mitigate: Action = { type: 'mitigate', at: 7, mitigation: 'rollback:deploy-cart-2-4-1' };
const diagnose: Action = {
  type: 'diagnose',
  at: 8,
  diagnosis: { component: 'cart', fault: 'bad-deploy', confidence: 80 },
} as Action;

const scoped = query('{service="web"}', true);
const searched = query('{service="web"} |= "502"');
const everything = [scoped, searched, pin, hypothesis, mark('supports'), mark('refutes'), refuted, link];

describe('the tutorial coach', () => {
  it.each([
    ['nothing done: scope first', [], 'investigating', 'scope'],
    ['a click on the map scopes the logs', [scoped], 'investigating', 'query'],
    [
      'a query the page ran is not a question asked',
      [scoped, query('{service="web"} |= "x"', true)],
      'investigating',
      'query',
    ],
    ['a search asks one', [scoped, searched], 'investigating', 'pin'],
    [
      'a pin before the first query counts once the query is asked',
      [pin, scoped, searched],
      'investigating',
      'hypothesis',
    ],
    [
      'evidence marked one way only is half of the step',
      [scoped, searched, pin, hypothesis, mark('supports')],
      'investigating',
      'mark',
    ],
    [
      'for and against',
      [scoped, searched, pin, hypothesis, mark('supports'), mark('refutes')],
      'investigating',
      'refute',
    ],
    [
      'a refuted hypothesis',
      [scoped, searched, pin, hypothesis, mark('supports'), mark('refutes'), refuted],
      'investigating',
      'chain',
    ],
    ['a chain link', everything, 'investigating', 'fix'],
    ['a fix', [...everything, mitigate], 'diagnosing', 'diagnose'],
    ['a submission', [...everything, mitigate, diagnose], 'wrong', 'debrief'],
    ['the debrief', [...everything, mitigate, diagnose], 'debrief', 'debrief'],
    ['the debrief, steps skipped on the way', [diagnose], 'debrief', 'debrief'],
  ] as const)('%s', (_what, actions, phase, expected) => {
    const { step, index, total } = coachProgress(actions, phase);
    expect(step?.id ?? 'done').toBe(expected);
    expect(total).toBe(COACH_STEPS.length);
    expect(index).toBe(step ? COACH_STEPS.indexOf(step) : COACH_STEPS.length);
  });

  // A game day's play takes no mitigation: there is no fix to choose, so the coach does not wait for one.
  it.each([
    ['a chain link: the diagnosis next', everything, 'investigating', 'diagnose', 7],
    ['the debrief, the last of nine', [diagnose], 'debrief', 'debrief', 8],
    ['nothing done: scope first', [], 'investigating', 'scope', 0],
  ] as const)('without a response, %s', (_what, actions, phase, expected, index) => {
    const progress = coachProgress(actions, phase, false);
    expect({ step: progress.step?.id, index: progress.index, total: progress.total }).toEqual({
      step: expected,
      index,
      total: COACH_STEPS.length - 1,
    });
  });

  it('remembers a skip in the storage, and survives a storage that refuses', () => {
    const items = new Map<string, string>();
    const storage: KeyValueStorage = {
      getItem: (k) => items.get(k) ?? null,
      setItem: (k, v) => void items.set(k, v),
      removeItem: (k) => void items.delete(k),
    };
    expect(tutorialSkipped(storage)).toBe(false);
    skipTutorial(storage);
    expect(items.get(TUTORIAL_SKIPPED_KEY)).toBe('1');
    expect(tutorialSkipped(storage)).toBe(true);
    const refusing: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {},
    };
    expect(tutorialSkipped(refusing)).toBe(false);
    expect(() => skipTutorial(refusing)).not.toThrow();
  });
});
