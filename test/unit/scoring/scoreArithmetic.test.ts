import { describe, expect, it } from 'vitest';
import { scoreArithmetic } from '../../../src/engine/scoring/scoreArithmetic.ts';

const part = (score: number) => ({
  id: 'diagnosis' as const,
  label: 'x',
  score,
  max: 20,
  notes: [],
  losses: [],
});

describe('scoreArithmetic', () => {
  it.each([
    [
      'parts out of 100 with a penalty',
      {
        parts: [part(18), part(20), part(16)],
        penalties: [{ label: 'hint', points: 5 }],
        raw: 49,
        outOf: 100,
        total: 49,
      },
      '18 + 20 + 16 − 5 = 49 → 49 / 100.',
    ],
    [
      'parts out of 90 when the response is not scored',
      { parts: [part(20), part(25)], penalties: [], raw: 45, outOf: 90, total: 50 },
      "20 + 25 = 45 of 90 → 45 × 100 / 90 = 50 / 100 (this play's response is not scored).",
    ],
    [
      'penalties past the parts, kept at 0',
      { parts: [part(2)], penalties: [{ label: 'resubmission', points: 10 }], raw: -8, outOf: 100, total: 0 },
      '2 − 10 = -8 → 0 / 100.',
    ],
  ])('%s', (_, report, expected) => {
    expect(scoreArithmetic(report)).toBe(expected);
  });
});
