import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';
import { promtool } from './fixture.ts';

function usage(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/twoam.mjs', 'serve', ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr.split('\n')[0] };
}

describe('twoam serve', () => {
  const cases: { args: string[]; code: number; stderr: string }[] = [
    { args: [], code: 2, stderr: 'twoam serve: name one scenario file' },
    {
      args: ['scenarios/tutorial.yaml', '--port', 'http'],
      code: 2,
      stderr: 'twoam serve: --port "http" is not a port number',
    },
    {
      args: ['scenarios/tutorial.yaml', '--seed', '1.5'],
      code: 2,
      stderr: 'twoam serve: --seed "1.5" is not an integer',
    },
    { args: ['no-such.yaml'], code: 1, stderr: 'no-such.yaml: cannot read: no such file' },
  ];
  it.each(cases)('refuses $args', ({ args, code, stderr }) => {
    expect(usage(...args)).toEqual({ code, stderr });
  });

  it("serves the tutorial's logs until stopped", async () => {
    const child = spawn(
      process.execPath,
      ['bin/twoam.mjs', 'serve', 'scenarios/tutorial.yaml', '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Loki data source URL: +(\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`twoam serve exited with ${code}: ${err}`)));
    });
    const labels = await fetch(`${url}/loki/api/v1/labels`).then((r) => r.json());
    const world = simulate(builtinScenario('tutorial.yaml'));
    const names = [...new Set(world.logs.streams.flatMap((st) => Object.keys(st.labels)))].sort();
    expect(labels).toEqual({ status: 'success', data: names });
    // promtool asks for its own "now": the window is served as ending then, so it sees the incident.
    const count = await promtool('query', 'instant', url, 'count(up)');
    expect(count).toMatch(/^\{\} => [1-9]\d* @\[[\d.]+\]\n$/);
    const asked = Number(/@\[([\d.]+)\]/.exec(count)![1]) * 1000;
    expect(Math.abs(Date.now() - asked)).toBeLessThan(60 * 60_000);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^Serving "Your first page" \(seed 2026\), 2026-/);
    expect(out.split('\n')[1]).toMatch(
      /^ {2}Times are shifted so the window ends now: served as \S+ to \S+ \(--at-original-time keeps the scenario's dates\)\.$/,
    );
  });
});
