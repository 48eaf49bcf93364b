import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const projectConfig = JSON.parse(readFileSync('biome.json', 'utf8')) as Record<string, unknown>;

/**
 * Lints `source` as if it were the file at `path` in this project: the project's Biome config is copied
 * into a scratch folder (without version-control settings) beside the probe file.
 */
function lint(path: string, source: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'twoam-lint-'));
  const { vcs: _vcs, $schema: _schema, ...config } = projectConfig;
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), source);
  const result = spawnSync(
    process.execPath,
    [resolve('node_modules/@biomejs/biome/bin/biome'), 'lint', path],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  rmSync(dir, { recursive: true, force: true });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the engine boundary', () => {
  const forbidden = [
    "import * as Phaser from 'phaser';",
    "import { render } from 'preact';",
    "import { createStore } from 'zustand/vanilla';",
    "import { createActor } from 'xstate';",
    "import { App } from '../../ui/App.tsx';",
    "import { startGame } from '../../game/startGame.ts';",
    "import { createAppStore } from '../../state/store.ts';",
    "import { readFileSync } from 'node:fs';",
    'export const body = document.body;',
  ];
  for (const line of forbidden) {
    it(`refuses \`${line}\` in src/engine`, () => {
      const { status, output } = lint('src/engine/sim/probe.ts', `${line}\nexport const x = 1;\n`);
      expect(status).not.toBe(0);
      expect(output).toMatch(/noRestricted(Imports|Globals)/);
    });
  }

  it('allows the same imports outside the engine', () => {
    const { status } = lint(
      'src/ui/probe.ts',
      "import { render } from 'preact';\nexport const x = render;\n",
    );
    expect(status).toBe(0);
  });

  it('has no hidden clock or randomness in the engine', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) files.push(path);
      }
    };
    walk('src/engine');
    const offenders = files.filter((f) =>
      /Math\.random\(|Date\.now\(|new Date\(\)/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
