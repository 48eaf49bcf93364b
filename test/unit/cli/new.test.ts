import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaffoldScenario } from '../../../src/cli/newScenario.ts';
import { FAULT_KINDS } from '../../../src/engine/scenario/faultKinds.ts';
import { lintScenarioText } from '../../../src/engine/scenario/lint/lintScenario.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';

function twoam(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/twoam.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('twoam new', () => {
  it.each(FAULT_KINDS)('scaffolds a valid %s scenario, in variants 0 to 2 too', (kind) => {
    const text = scaffoldScenario('starter', kind);
    for (const variant of [0, 1, 2]) {
      const { scenario, diagnostics } = loadScenario(text, 'starter.yaml', { variant });
      expect(diagnostics).toEqual([]);
      expect(scenario?.solution.rootCause.fault).toBe(kind);
    }
  });

  // A few kinds are played in full: the faults show, the clues are found, the bots meet their bars (the
  // edge kinds among them leave their message on the caller's lines without failing a request).
  it.each(['bad-deploy', 'memory-leak', 'expired-credential', 'edge-latency', 'cache-stampede'] as const)(
    'scaffolds a lint-clean %s scenario',
    (kind) => {
      const report = lintScenarioText(scaffoldScenario('starter', kind), 'scenarios/starter.yaml', {
        variants: 1,
      });
      expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    },
  );

  it('writes the file, and never over an existing one', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'twoam-new-')), 'night-shift.yaml');
    expect(twoam('new', 'night-shift', '--fault', 'dns-failure', '--out', out)).toMatchObject({
      code: 0,
      stdout: `${out}: written; next: twoam validate ${out} && twoam lint ${out}\n`,
    });
    expect(readFileSync(out, 'utf8')).toBe(scaffoldScenario('night-shift', 'dns-failure'));
    expect(twoam('new', 'night-shift', '--fault', 'dns-failure', '--out', out)).toMatchObject({
      code: 1,
      stderr: `${out}: already exists; choose another --out or remove it first\n`,
    });
  });

  it('prints the file without --out', () => {
    const r = twoam('new', 'night-shift', '--fault', 'gc-pauses');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${scaffoldScenario('night-shift', 'gc-pauses').trimEnd()}\n`);
  });

  it.each([
    [['new']],
    [['new', 'night-shift']],
    [['new', 'night-shift', '--fault', 'gremlins']],
    [['new', 'Night Shift', '--fault', 'dns-failure']],
  ])('exits 2 on usage errors: %j', (args) => {
    expect(twoam(...args).code).toBe(2);
  });
});
