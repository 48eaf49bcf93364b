import { describe, expect, it } from 'vitest';
import { estimateFindings } from '../../../src/engine/scenario/lint/estimate.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { faultWorld } from '../sim/faultWorld.ts';

const base = faultWorld('{ id: f, kind: cpu-saturation, service: api, trigger: change }');

/** The fault world with a reference path of `steps` tool steps after the page, estimated at `minutes`. */
function estimated(
  minutes: number,
  steps: number,
  difficulty: Scenario['difficulty'] = 'standard',
): Scenario {
  const path = [
    { tool: 'inbox' as const, query: '', note: 'Read the page.' },
    ...Array.from({ length: steps }, (_, i) => ({
      tool: 'logs' as const,
      query: `{service="api"} |= "${i}"`,
      note: 'Look.',
    })),
  ];
  return { ...base, difficulty, estimatedMinutes: minutes, solution: { ...base.solution, path } };
}

const messages = (s: Scenario) =>
  estimateFindings(s).map((f) => `${f.rule} ${f.severity} ${f.path.join('.')}: ${f.message}`);

describe('the estimated minutes on the card', () => {
  it('pass when they fit the reference path and the difficulty', () => {
    expect(messages(estimated(25, 8))).toEqual([]);
    expect(messages(estimated(40, 7, 'expert'))).toEqual([]);
  });

  it('are too few for the steps the path takes, not counting the page', () => {
    expect(messages(estimated(15, 11))).toEqual([
      "estimate warning estimatedMinutes: estimatedMinutes is 15, but the reference path's 11 steps take at least 22 minutes at 2 a step: raise it",
    ]);
    expect(messages(estimated(10, 5))).toEqual([]);
  });

  it('are too many for a short path', () => {
    expect(messages(estimated(35, 4))).toEqual([
      "estimate warning estimatedMinutes: estimatedMinutes is 35, but the reference path's 4 steps take at most 30 minutes (5 a step and 10 to diagnose and fix): lower it, or add the steps the path is missing",
    ]);
  });

  it("must sit in the difficulty's range, naming the difficulty it reads as", () => {
    expect(messages(estimated(12, 5, 'expert'))).toEqual([
      'estimate warning estimatedMinutes: an expert scenario takes 30–90 minutes; 12 reads as "intro" or "standard": change estimatedMinutes or difficulty',
    ]);
  });
});
