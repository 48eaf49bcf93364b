import { describe, expect, it } from 'vitest';
import { containsOf, serviceOf, withContains, withService } from '../../../src/ui/logs/logqlText.ts';

describe('serviceOf', () => {
  it.each([
    ['{service="cart"}', 'cart'],
    ['{env="prod", service="web"} |= "x"', 'web'],
    ['{service=~".+"}', undefined],
    ['{service!="cart"}', undefined],
    ['sum(rate({service="cart"}[5m]))', undefined],
    ['', undefined],
  ])('%s → %s', (query, want) => expect(serviceOf(query)).toBe(want));
});

describe('withService', () => {
  it.each([
    ['{service=~".+"}', 'cart', '{service="cart"}'],
    ['{service="web"} |= "502" | logfmt', 'cart', '{service="cart"} |= "502" | logfmt'],
    ['{env="prod", service="web"}', undefined, '{service=~".+", env="prod"}'],
    ['', 'web', '{service="web"}'],
    ['|= "x"', 'web', '{service="web"} |= "x"'],
  ])('%s with %s → %s', (query, service, want) => expect(withService(query, service)).toBe(want));
});

describe('containsOf and withContains', () => {
  it.each([
    ['{service="web"}', 'TypeError', '{service="web"} |= "TypeError"'],
    ['{service="web"} |= "old" | logfmt', 'new', '{service="web"} |= "new" | logfmt'],
    ['{service="web"} |= "old" | logfmt', '', '{service="web"} | logfmt'],
    [
      '{service="web"}',
      '"POST /checkout HTTP/1.1" 502',
      '{service="web"} |= "\\"POST /checkout HTTP/1.1\\" 502"',
    ],
    ['{service="web"}', '', '{service="web"}'],
  ])('%s with %s → %s', (query, text, want) => {
    expect(withContains(query, text)).toBe(want);
    expect(containsOf(want)).toBe(text);
  });

  it('reads a backquoted filter', () => expect(containsOf('{a="b"} |= `x"y`')).toBe('x"y'));
});
