import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { FuzzReport } from '../../../src/cli/fuzz.ts';
import { formatReport } from '../../../src/cli/fuzz.ts';

function twoam(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/twoam.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('twoam fuzz', () => {
  it('tries a few cases and answers the table in JSON, exit 0 when nothing went wrong', () => {
    const r = twoam('fuzz', '--scenarios', '2', '--queries', '6', '--seed', '3', '--json');
    const report = JSON.parse(r.stdout) as FuzzReport;
    expect(r.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([]);
    for (const [tally, tried] of [
      [report.scenarios, 2],
      [report.queries, 6],
    ] as const) {
      expect(tally.tried).toBe(tried);
      expect(tally.accepted + tally.rejected).toBe(tried);
      expect([tally.unpositioned, tally.uncaught, tally.overBudget]).toEqual([0, 0, 0]);
    }
  });

  it.each([
    [['fuzz', '--scenarios', 'many']],
    [['fuzz', '--seeds', '1']],
    [['fuzz', '--threads', '0']],
    [['fuzz', '--full-every', '0']],
  ])('exits 2 on usage errors: %j', (args) => {
    expect(twoam(...args).code).toBe(2);
  });

  it('prints help with exit 0', () => {
    const r = twoam('fuzz', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: twoam fuzz \[--scenarios N\] \[--queries N\] \[--seed S\]/);
  });

  it('prints the table with a line per kind of input and each finding with its seed and index', () => {
    const tally = {
      tried: 3,
      accepted: 1,
      rejected: 1,
      unpositioned: 0,
      uncaught: 1,
      overBudget: 0,
      slowestMs: 12,
    };
    const text = formatReport({
      seed: 9,
      scenarios: tally,
      queries: { ...tally, uncaught: 0, rejected: 2 },
      findings: [
        {
          input: 'scenario',
          kind: 'uncaught',
          index: 4,
          name: 'tutorial.yaml #4: set window.end',
          detail: 'TypeError: x',
        },
      ],
      ok: false,
    });
    expect(text.split('\n')).toEqual([
      '           tried  accepted  rejected  unpositioned  uncaught  over budget  slowest (CPU)',
      'scenarios      3         1         1             0         1            0          12 ms',
      'queries        3         1         2             0         0            0          12 ms',
      '',
      'seed 9: findings below',
      '  scenario #4 uncaught: TypeError: x',
      '    tutorial.yaml #4: set window.end',
    ]);
  });
});
