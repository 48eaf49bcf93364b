import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function twoam(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/twoam.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Hashes of every exported file, and the git commit ids of the exported repository. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)
    .filter((n) => n !== 'repo')
    .sort())
    out[name] = createHash('sha256')
      .update(readFileSync(join(dir, name)))
      .digest('hex');
  out.repo = spawnSync('git', ['-C', join(dir, 'repo'), 'log', '--format=%H %an %ad %s'], {
    encoding: 'utf8',
  }).stdout;
  return out;
}

describe('twoam export', () => {
  const root = mkdtempSync(join(tmpdir(), 'twoam-export-'));
  const [a, b] = [join(root, 'a'), join(root, 'b')];
  const first = twoam('export', 'scenarios/tutorial.yaml', '--out', a, '--seed', '7');
  const second = twoam('export', 'scenarios/tutorial.yaml', '--out', b, '--seed', '7');

  // Run before the tests, so a slow machine cannot time a test out.
  const again = twoam('export', 'scenarios/tutorial.yaml', '--out', a);
  const noOut = twoam('export', 'scenarios/tutorial.yaml');
  const inspected = twoam('inspect', 'scenarios/tutorial.yaml', '--json');

  it('writes every format', () => {
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(readdirSync(a).sort()).toEqual([
      'changes.json',
      'logs.jsonl',
      'logs.log',
      'metrics.om',
      'repo',
      'traces.json',
    ]);
  });

  it('gives byte-identical files and the same git history for the same file and seed', () => {
    expect(second.code).toBe(0);
    expect(fingerprint(b)).toEqual(fingerprint(a));
  });

  it('rebuilds the code history with the scenario ids in trailers, so git blame finds the faulty line', () => {
    const repo = join(a, 'repo');
    const blame = spawnSync(
      'git',
      ['-C', repo, 'blame', '-L', '42,42', '--porcelain', 'src/pricing/coupon.ts'],
      {
        encoding: 'utf8',
      },
    ).stdout;
    const sha = blame.split(' ')[0]!;
    const body = spawnSync('git', ['-C', repo, 'show', '-s', '--format=%an <%ae>%n%B', sha], {
      encoding: 'utf8',
    }).stdout;
    expect(body).toBe(
      'sam.dev <sam.dev@shop.example>\nApply coupon discounts before tax (FIN-2291)\n\n' +
        'Finance wants discounts taken off the net amount so that tax is charged\n' +
        'on what the shopper actually pays. The coupon now carries its discount,\n' +
        'so pricing no longer looks it up.\n\n' +
        'Scenario-Commit: a41f9c2\nPull-Request: #318 Apply coupon discounts before tax\n' +
        'Reviewed-by: Priya Raman <priya@shop.example>\n\n',
    );
  });

  it('refuses to write over an existing repository, and needs --out', () => {
    expect([again.code, again.stderr.split('\n')[0]]).toEqual([
      2,
      `twoam export: ${join(a, 'repo')} already exists: export into a new directory`,
    ]);
    expect([noOut.code, noOut.stderr.split('\n')[0]]).toEqual([2, 'twoam export: export needs --out DIR']);
  });

  it('inspect counts what the world holds, in JSON', () => {
    const r = inspected;
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      scenario: string;
      services: { id: string }[];
      counts: Record<string, number>;
    };
    expect(s.scenario).toBe('tutorial');
    expect(s.services.map((x) => x.id)).toEqual(['web', 'cart', 'cart-db']);
    expect(s.counts.commits).toBe(3);
    expect(s.counts.logLines).toBeGreaterThan(0);
  });
});
