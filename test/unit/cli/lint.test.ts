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

describe('twoam lint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twoam-lint-'));
  const broken = join(dir, 'broken.yaml');
  writeFileSync(
    broken,
    scenarioText('tutorial.yaml').replace('to: cart-db, timeout: 1s', 'to: cart-dbb, timeout: 1s'),
  );

  it('passes the tutorial clean, exit 0, with every bot’s score', () => {
    const r = twoam('lint', 'scenarios/tutorial.yaml', '--variants', '0');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd()).toMatch(
      /^scenarios\/tutorial\.yaml: 0 error\(s\), 0 warning\(s\); bots: reference \d+(\.\d)?, guess \d+(\.\d)?, shotgun \d+(\.\d)?, random \d+(\.\d)?, restarter \d+(\.\d)?, padded-guess \d+(\.\d)?, chain-spam \d+(\.\d)?, vocabulary \d+(\.\d)?, hint-farmer \d+(\.\d)?, honest-wrong \d+(\.\d)?$/,
    );
  });

  it('reports a file that does not validate, exit 1, in JSON with --json', () => {
    const r = twoam('lint', '--json', broken);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      files: { errors: number; diagnostics: { rule: string; message: string }[] }[];
    };
    expect(report.ok).toBe(false);
    expect(report.files[0]!.diagnostics.map((d) => [d.rule, d.message])).toEqual([
      ['validate', '"cart" calls "cart-db" but system.edges has no edge from cart to cart-db'],
      ['validate', '"cart" calls "cart-db" but system.edges has no edge from cart to cart-db'],
      ['validate', 'unknown service "cart-dbb" (did you mean "cart-db"?)'],
    ]);
  });

  it.each([
    [['lint']],
    [['lint', 'scenarios/tutorial.yaml', '--variants', 'many']],
    [['lint', 'scenarios/tutorial.yaml', '--threads', '0']],
    [['lint', '--bogus', 'x.yaml']],
  ])('exits 2 on usage errors: %j', (args) => {
    expect(twoam(...args).code).toBe(2);
  });
});
