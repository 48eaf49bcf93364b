import { describe, expect, it } from 'vitest';
import { runTool } from '../../../src/engine/investigation/tools.ts';
import { parseCodeQuery } from '../../../src/engine/investigation/toolsCode.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { buildCodeRepo } from '../../../src/engine/world/codeRepo.ts';
import { builtinScenario } from '../helpers.ts';

describe('parseCodeQuery', () => {
  it.each([
    ['cat src/pricing/coupon.ts', { op: 'cat', path: 'src/pricing/coupon.ts' }],
    ['cat src/a.ts@A41F9C2#L40-L48', { op: 'cat', path: 'src/a.ts', commit: 'a41f9c2', lines: [40, 48] }],
    ['cat src/a.ts#L7', { op: 'cat', path: 'src/a.ts', lines: [7, 7] }],
    ['grep  before tax', { op: 'grep', text: 'before tax' }],
    ['show 7be2f40', { op: 'show', commit: '7be2f40' }],
  ])('%s', (text, want) => expect(parseCodeQuery(text)).toEqual({ query: want, errors: [] }));

  it.each([
    ['cat src/a.ts#L9-L3', 'lines go from 1 up, e.g. #L40-L48'],
    ['blame src/a.ts', 'write cat <path>[@<commit>][#L<from>-L<to>], grep <text> or show <commit>'],
  ])('%s is refused', (text, message) =>
    expect(parseCodeQuery(text).errors.map((e) => e.message)).toEqual([message]),
  );
});

describe('the code tool', () => {
  const scenario = builtinScenario('tutorial.yaml');
  const world = { ...simulate(scenario), code: buildCodeRepo(scenario) };
  const pageAt = Date.parse('2026-10-25T02:05:00Z');
  const refsOf = (query: string, endMs = pageAt) => {
    const r = runTool(world, { tool: 'code', query, endMs });
    return r.ok
      ? { matched: r.matched, refs: r.items.map((i) => i.evidence.ref) }
      : r.errors.map((e) => e.message);
  };

  it.each([
    ['cat README.md#L2-L3', { matched: 1, refs: ['code:a41f9c2:README.md#L2-L3'] }],
    [
      'cat src/catalog/cache.ts@3c0d8e1#L1-L2',
      { matched: 1, refs: ['code:3c0d8e1:src/catalog/cache.ts#L1-L2'] },
    ],
    ['cat nowhere.ts', ['no file nowhere.ts at a41f9c2']],
    ['show 7be2f40', { matched: 2, refs: expect.any(Array) }],
  ])('%s', (query, want) => expect(refsOf(query)).toEqual(want));

  it('lists a commit made after the clock as not there yet', () => {
    const before = Date.parse('2026-10-24T12:00:00Z');
    expect(refsOf('show a41f9c2', before)).toEqual(['no commit a41f9c2 by then']);
    expect(refsOf('cat README.md#L1', before)).toEqual({
      matched: 1,
      refs: ['code:7be2f40:README.md#L1-L1'],
    });
  });

  it('greps every file at head, one item per line', () => {
    const r = runTool(world, { tool: 'code', query: 'grep discount', endMs: pageAt });
    expect(
      r.ok && r.items.every((i) => i.evidence.kind === 'code' && i.evidence.text.includes('discount')),
    ).toBe(true);
    expect(r.ok && r.matched).toBe(31);
  });
});
