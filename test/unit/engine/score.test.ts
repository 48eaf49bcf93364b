import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/engine/investigation/actions.ts';
import { matchesClue } from '../../../src/engine/investigation/clues.ts';
import { playBot } from '../../../src/engine/scoring/bots.ts';
import { score } from '../../../src/engine/scoring/score.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

const scenario = builtinScenario('tutorial.yaml');
const world = simulate(scenario);
const reference = playBot('reference', world);
const withoutChain = reference.filter((a) => a.type !== 'link');
const diagnosis = reference.find((a) => a.type === 'diagnose')!;
const wrongFirst: Action[] = [
  ...reference.filter((a) => a.type !== 'diagnose'),
  { type: 'diagnose', at: 1, diagnosis: { component: 'web', fault: 'misconfiguration', confidence: 90 } },
  diagnosis,
];

describe('score', () => {
  it('gives the reference investigation full marks in every part', () => {
    const r = score(scenario, reference);
    expect(r.parts.map((p) => [p.id, p.score])).toEqual([
      ['diagnosis', 20],
      ['chain', 20],
      ['evidence', 20],
      ['method', 25],
      ['efficiency', 5],
      ['response', 10],
    ]);
    expect(r.total).toBe(100);
    expect(r.calibration).toEqual({
      confidence: 90,
      correct: true,
      brier: 0.01,
      verdict: 'Right, and you knew it.',
    });
  });

  it('gives no chain credit and loses the symptom for a missing chain', () => {
    const r = score(scenario, withoutChain);
    expect(r.parts.find((p) => p.id === 'chain')!.score).toBe(0);
    expect(r.parts.find((p) => p.id === 'method')!.score).toBe(18);
  });

  it('charges a resubmission, and a blind one costs method too', () => {
    const r = score(scenario, wrongFirst);
    expect(r.penalties).toEqual([{ label: '1 resubmission(s)', points: 10 }]);
    expect(r.parts.find((p) => p.id === 'method')!.notes).toEqual([
      '1 submission(s) made without new work since the one before: −3.',
    ]);
    // 100 points of 100, less 10 for the resubmission and 3 of method.
    expect(r.total).toBe(87);
    expect(r.raw).toBe(87);
    expect(r.outOf).toBe(100);
  });

  it('charges the hints taken', () => {
    const r = score(scenario, [{ type: 'hint', at: 0, index: 0 }, ...reference]);
    expect(r.penalties).toEqual([{ label: '1 hint(s) taken', points: 5 }]);
  });

  it('gives a right guess with nothing behind it nothing: no key clue backs the answer', () => {
    const r = score(scenario, playBot('guess', world));
    expect(r.parts.map((p) => p.score)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(r.parts[0]!.notes).toEqual([
      'You blamed cart without ever looking at it: −8.',
      'No key clue was pinned to back the diagnosis: none of its 12 points stand: −12.',
    ]);
  });

  describe('says what became of each red herring, as the evidence part weighed it', () => {
    const herring = scenario.solution.redHerrings[0]!;
    const showsHerring = (a: Action) => a.type === 'pin' && matchesClue(a.evidence, herring);
    const herringRefs = new Set(
      reference.flatMap((a) => (showsHerring(a) && a.type === 'pin' ? [a.evidence.ref] : [])),
    );
    const refutesHerring = (a: Action) =>
      a.type === 'mark' && a.stance === 'refutes' && herringRefs.has(a.ref);
    const plays: [string, Action[], string, string[]][] = [
      ['ruled out', reference, 'ruled out', []],
      [
        'pinned, its refuting marks left out',
        reference.filter((a) => !refutesHerring(a)),
        'chased',
        ['1 red herring(s) pinned and never refuted.'],
      ],
      ['never pinned', reference.filter((a) => !showsHerring(a) && !refutesHerring(a)), 'left alone', []],
    ];
    it.each(plays)('%s', (_, actions, verdict, chasedNotes) => {
      expect(herringRefs.size).toBeGreaterThan(0);
      const r = score(scenario, actions);
      expect(r.redHerrings).toEqual([{ herring, verdict }]);
      const notes = r.parts.find((p) => p.id === 'evidence')!.notes;
      expect(notes.filter((n) => n.includes('red herring'))).toEqual(chasedNotes);
    });
  });
});
