import { describe, expect, it } from 'vitest';
import { CodeSchema } from '../../../src/engine/scenario/codeSchema.ts';
import { buildCodeRepo, CodeRepo, parseIdentity } from '../../../src/engine/world/codeRepo.ts';
import { formatHunks } from '../../../src/engine/world/lineDiff.ts';
import { builtinScenario } from '../helpers.ts';

const tutorial = buildCodeRepo(builtinScenario('tutorial.yaml'))!;

const small = new CodeRepo(
  CodeSchema.parse({
    repo: 'shop/demo',
    files: [{ path: 'a.txt', content: 'one\ntwo\nthree\n' }],
    commits: [
      { id: 'aaaaaaa', author: 'ann', date: '2026-01-01T00:00:00Z', message: 'Start' },
      {
        id: 'bbbbbbb',
        author: 'Bob B <bob@demo.example>',
        date: '2026-01-02T00:00:00+02:00',
        message: 'Say 2',
        changes: [
          { path: 'a.txt', content: 'one\n2\nthree\n' },
          { path: 'b.txt', content: 'new\n' },
        ],
      },
      {
        id: 'ccccccc',
        author: 'ann',
        date: '2026-01-03T00:00:00Z',
        message: 'Drop b',
        changes: [{ path: 'b.txt', deleted: true }],
      },
    ],
  }),
);

describe('CodeRepo', () => {
  it('keeps the files of every commit', () => {
    expect(small.files('aaaaaaa')).toEqual(['a.txt']);
    expect(small.files('bbbbbbb')).toEqual(['a.txt', 'b.txt']);
    expect(small.files()).toEqual(['a.txt']);
    expect(small.file('a.txt', 'aaaaaaa')).toBe('one\ntwo\nthree\n');
    expect(small.file('b.txt')).toBeUndefined();
  });

  it.each([
    ['a.txt', undefined, ['bbbbbbb', 'aaaaaaa']],
    ['b.txt', undefined, ['ccccccc', 'bbbbbbb']],
    [undefined, 'bbbbbbb', ['bbbbbbb', 'aaaaaaa']],
  ])('log(%s) from %s', (path, from, ids) => {
    expect(small.log(path, from).map((c) => c.id)).toEqual(ids);
  });

  it('blames each line on the commit that last changed it', () => {
    expect(small.blame('a.txt').map((l) => `${l.commit} ${l.line} ${l.text}`)).toEqual([
      'aaaaaaa 1 one',
      'bbbbbbb 2 2',
      'aaaaaaa 3 three',
    ]);
  });

  it('diffs a commit against its parent', () => {
    expect(small.diff('bbbbbbb').map((d) => [d.path, d.status, formatHunks(d.hunks)])).toEqual([
      ['a.txt', 'modified', '@@ -1,3 +1,3 @@\n one\n-two\n+2\n three'],
      ['b.txt', 'added', '@@ -0,0 +1 @@\n+new'],
    ]);
    expect(small.diff('ccccccc').map((d) => [d.path, d.status])).toEqual([['b.txt', 'deleted']]);
  });

  it.each([
    ['aaaa', 'aaaaaaa'],
    ['bbbbbbb', 'bbbbbbb'],
    ['abc', undefined],
    ['dddd', undefined],
  ])('resolves %s', (ref, id) => {
    expect(small.resolve(ref)?.id).toBe(id);
  });

  it.each([
    ['ann', 'shop.example', { name: 'ann', email: 'ann@shop.example' }],
    ['Bob B <bob@demo.example>', 'shop.example', { name: 'Bob B', email: 'bob@demo.example' }],
  ])('reads the identity %s', (person, domain, identity) => {
    expect(parseIdentity(person, domain)).toEqual(identity);
  });
});

describe("the tutorial's cart repository", () => {
  it('blames the failing line of the stack trace on the 2.4.1 commit', () => {
    const line = tutorial.blame('src/pricing/coupon.ts', 'a41f9c2')[41]!;
    expect(line).toEqual({ line: 42, text: '  const pct = coupon.discount.percent;', commit: 'a41f9c2' });
    expect(line.text.indexOf('percent') + 1).toBe(31);
    expect(tutorial.blame('src/pricing/coupon.ts')[0]?.commit).toBe('3c0d8e1');
  });

  it('finds the line with grep, at head and not before the change', () => {
    expect(tutorial.grep('coupon.discount.percent', { commit: 'a41f9c2' })).toEqual([
      { path: 'src/pricing/coupon.ts', line: 42, col: 15, text: '  const pct = coupon.discount.percent;' },
    ]);
    expect(tutorial.grep('coupon\\.discount', { regex: true, commit: '7be2f40' })).toEqual([]);
  });

  it('shows PR #318 with its approval and the question nobody followed up', () => {
    const view = tutorial.show('a41f9c2')!;
    expect(view.pr?.number).toBe(318);
    expect(view.pr?.reviews.map((r) => [r.author, r.verdict, r.line ?? null])).toEqual([
      ['lee.ops', 'commented', 42],
      ['sam.dev', 'commented', 42],
      ['Priya Raman <priya@shop.example>', 'approved', null],
    ]);
    expect(view.diff.map((d) => d.path)).toEqual([
      'package.json',
      'src/pricing/coupon.test.ts',
      'src/pricing/coupon.ts',
      'src/pricing/price.ts',
      'src/pricing/types.ts',
    ]);
    expect(tutorial.log('src/pricing/coupon.ts').map((c) => c.subject)).toEqual([
      'Apply coupon discounts before tax (FIN-2291)',
      'Move cart pricing out of the monolith',
    ]);
  });
});
