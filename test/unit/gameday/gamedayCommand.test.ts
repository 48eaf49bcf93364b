import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function usage(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/twoam.mjs', 'gameday', ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr.split('\n')[0] };
}

describe('twoam gameday', () => {
  const cases: { args: string[]; stderr: string }[] = [
    {
      args: ['scenarios/tutorial.yaml', '--variant', '1.5'],
      stderr: 'twoam gameday: --variant "1.5" is not a whole number from 0 to 2147483647',
    },
    {
      args: ['scenarios/tutorial.yaml', '--variant', '2', '--seed', '3'],
      stderr: 'twoam gameday: --seed is the older spelling of --variant: give one of them',
    },
  ];
  it.each(cases)('refuses $args', ({ args, stderr }) => {
    expect(usage(...args)).toEqual({ code: 2, stderr });
  });

  it('starts a new room on the variant asked for and prints it with the links', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'twoam-gameday-cli-'));
    const child = spawn(
      process.execPath,
      [
        'bin/twoam.mjs',
        'gameday',
        'scenarios/tutorial.yaml',
        '--variant',
        '2',
        '--port',
        '0',
        '--data',
        dataDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.on('exit', (code) => reject(new Error(`twoam gameday exited with ${code}`)));
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Press Ctrl-C')) resolve();
        });
      });
      expect(out).toMatch(/Room \S+: "Your first page" \(co-op, round 1, variant 2\)/);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
