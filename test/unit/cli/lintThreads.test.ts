import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintScenarioText } from '../../../src/engine/scenario/lint/lintScenario.ts';
import { scenarioText } from '../helpers.ts';

/** `twoam lint --json` on one file, its report parsed. */
function lintCli(file: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/twoam.mjs', 'lint', '--json', file, ...args], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { files: { file: string; diagnostics: unknown[]; bots: unknown }[] };
}

describe('twoam lint on two threads', () => {
  // A wrong action marked right: the file as written and every variant replayed report it, so the
  // findings of both threads are grouped into one message naming the variants.
  const dir = mkdtempSync(join(tmpdir(), 'twoam-lint-threads-'));
  const file = join(dir, 'two-of-three.yaml');
  const text = scenarioText('two-of-three.yaml').replace(
    'rollback:deploy-catalog-2-2-0: {}',
    'rollback:deploy-catalog-2-2-0: { right: true }',
  );
  writeFileSync(file, text);

  it('reports what the in-process lint reports, variants and mitigations replayed included', () => {
    const inProcess = lintScenarioText(text, file, { variants: 2 });
    const messages = inProcess.diagnostics.map((d) => d.message);
    expect(messages.some((m) => m.startsWith('in variant 1 ') && m.includes(', variant 2 '))).toBe(true);
    const cli = lintCli(file, '--variants', '2', '--threads', '2');
    expect(cli.files.map((f) => f.file)).toEqual([file]);
    expect(cli.files[0]!.diagnostics).toEqual(inProcess.diagnostics);
    expect(cli.files[0]!.bots).toEqual(inProcess.bots);
  });
});
