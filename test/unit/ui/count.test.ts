import { describe, expect, it } from 'vitest';
import { count } from '../../../src/ui/logs/count.ts';

describe('count', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [59_237, '59,237'],
    [1_234_567, '1,234,567'],
    [-4200, '-4,200'],
  ])('%i → %s', (n, want) => expect(count(n)).toBe(want));
});
