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
  ];
  for (const [search, expected] of cases)
    it(search || '(no query)', () => {
      expect(previewTarget(search)).toBe(expected);
    });
});
