import { describe, expect, it } from 'vitest';
import { LOGQL_FUNCTIONS, logqlCompletions, PIPELINE_STAGES } from '../../../src/ui/editor/logqlComplete.ts';

const labels = { names: ['env', 'instance', 'service'], values: { service: ['cart', 'web'], env: ['prod'] } };
const names = (before: string) => logqlCompletions(before, labels)?.options.map((o) => o.label);

describe('logqlCompletions', () => {
  it.each([
    ['{', 1, ['env', 'instance', 'service']],
    ['{ser', 1, ['env', 'instance', 'service']],
    ['{service="web", e', 16, ['env', 'instance', 'service']],
    ['{service="', 10, ['cart', 'web']],
    ['{service=~"ca', 11, ['cart', 'web']],
    ['{env!="', 7, ['prod']],
    ['{nope="', 7, []],
  ])('%s', (before, from, want) => {
    expect(logqlCompletions(before, labels)?.from).toBe(from);
    expect(names(before)).toEqual(want);
  });

  it('offers pipeline stages after a pipe', () => {
    expect(names('{service="web"} | ')).toEqual(PIPELINE_STAGES.map((o) => o.label));
    expect(logqlCompletions('{service="web"} | lo', labels)?.from).toBe(18);
  });

  it('offers functions and a selector at the start', () => {
    expect(names('')).toEqual(['{', ...LOGQL_FUNCTIONS.map((o) => o.label)]);
    expect(names('sum(')).toEqual(['{', ...LOGQL_FUNCTIONS.map((o) => o.label)]);
  });

  it('offers nothing inside a line filter string', () => {
    expect(logqlCompletions('{service="web"} |= "err', labels)).toBeUndefined();
  });
});
