import { describe, expect, it } from 'vitest';
import { browseCode } from '../../../src/engine/views/codeBrowse.ts';
import { buildCodeRepo } from '../../../src/engine/world/codeRepo.ts';
import { builtinScenario } from '../helpers.ts';

const repo = buildCodeRepo(builtinScenario('tutorial.yaml'))!;

describe('a commit in the code browser', () => {
  it('comes with each changed file before and after it, for the diff view', () => {
    const answer = browseCode(repo, { kind: 'commit', commit: 'a41f9c2', endMs: Number.POSITIVE_INFINITY });
    if (answer.kind !== 'commit') throw new Error(`no commit: ${answer.kind}`);
    const { id, parent } = answer.view.commit;
    expect(answer.files.map((f) => f.path)).toEqual(answer.view.diff.map((d) => d.path));
    for (const f of answer.files) {
      expect(f.after).toBe(repo.file(f.path, id) ?? '');
      expect(f.before).toBe((parent && repo.file(f.path, parent)) ?? '');
    }
    const coupon = answer.files.find((f) => f.path === 'src/pricing/coupon.ts');
    expect(coupon && coupon.before !== coupon.after).toBe(true);
  });

  it('is not there before it was made', () => {
    const made = repo.resolve('a41f9c2')!.dateMs;
    expect(browseCode(repo, { kind: 'commit', commit: 'a41f9c2', endMs: made - 1 }).kind).toBe('none');
  });
});
