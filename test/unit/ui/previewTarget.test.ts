import { describe, expect, it } from 'vitest';
import { previewTarget } from '../../../src/ui/library/previewTarget.ts';

describe('previewTarget', () => {
  const cases: [string, string | undefined][] = [
    ['', undefined],
    ['?seed=3', undefined],
    ['?preview=', undefined],
    ['?preview=scenarios/tutorial.yaml', 'tutorial'],
    ['?preview=scenarios%2Fpool-last-year.yml', 'pool-last-year'],
    ['?preview=aftershock', 'aftershock'],
    // A game day page never opens the author preview, whatever is added to its link.
    ['?join=7K3M9QXA&preview=tutorial', undefined],
    ['?preview=tutorial&join=7K3M9QXA', undefined],
    ['?gameday=facilitate&room=7K3M9QXA&preview=tutorial', undefined],
  ];
  for (const [search, expected] of cases)
    it(search || '(no query)', () => {
      expect(previewTarget(search)).toBe(expected);
    });
});
