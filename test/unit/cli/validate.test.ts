import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioText } from '../helpers.ts';

function twoam(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/twoam.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('twoam validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twoam-'));
  const broken = join(dir, 'broken.yaml');
  writeFileSync(
    broken,
    scenarioText('tutorial.yaml').replace('to: cart-db, timeout: 1s', 'to: cart-dbb, timeout: 1s'),
  );

  it('accepts a valid scenario with exit 0', () => {
    expect(twoam('validate', 'scenarios/tutorial.yaml')).toMatchObject({
      code: 0,
      stdout: 'scenarios/tutorial.yaml: ok\n',
    });
  });

  it('prints file:line:col problems and exits 1', () => {
    const r = twoam('validate', broken);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /broken\.yaml:\d+:25: system\.edges\[1\]\.to: unknown service "cart-dbb" \(did you mean "cart-db"\?\)/,
    );
  });

  it('answers in JSON with --json', () => {
    const r = twoam('validate', '--json', broken, 'scenarios/tutorial.yaml');
    const report = JSON.parse(r.stdout) as { valid: boolean; files: { file: string; valid: boolean }[] };
    expect(r.code).toBe(1);
    expect(report.valid).toBe(false);
    expect(report.files.map((f) => f.valid)).toEqual([false, true]);
  });

  it('reports a missing file as a problem', () => {
    const r = twoam('validate', join(dir, 'nope.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('nope.yaml:1:1: cannot read: no such file');
  });

  it.each([[['validate']], [['frobnicate']], [['--bogus']], [[]]])('exits 2 on usage errors: %j', (args) => {
    expect(twoam(...args).code).toBe(2);
  });

  it('prints help with exit 0', () => {
    const r = twoam('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('validate <file...>');
  });
});
