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
    "import { startGameday } from '../../server/gameday/gamedayServer.ts';",
    "import { DOC_SPECS } from '../../protocol/gamedaySchemas.ts';",
    "import { readFileSync } from 'node:fs';",
    'export const body = document.body;',
  ];
  for (const line of forbidden) {
    it(`refuses \`${line}\` in src/engine`, () => {
      const { status, output } = lint('src/engine/sim/model/probe.ts', `${line}\nexport const x = 1;\n`);
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

/**
 * The arrows between the other parts (architecture.md): each folder, imports that cross an arrow the
 * design does not draw, and one it does.
 */
const arrows: { folder: string; forbidden: string[]; allowed: string }[] = [
  {
    folder: 'protocol',
    forbidden: [
      "import { createAppStore } from '../../state/store.ts';",
      "import { startGameday } from '../../server/gameday/gamedayServer.ts';",
      "import * as Y from 'yjs';",
      "import { readFileSync } from 'node:fs';",
    ],
    allowed: "import { ActionSchema } from '../../engine/investigation/actions.ts';",
  },
  {
    folder: 'worker',
    forbidden: [
      "import { createAppStore } from '../../state/store.ts';",
      "import { DOC_SPECS } from '../../protocol/gamedaySchemas.ts';",
      "import { createStore } from 'zustand/vanilla';",
    ],
    allowed: "import { expose } from 'comlink';",
  },
  {
    folder: 'flow',
    forbidden: [
      "import { createAppStore } from '../../state/store.ts';",
      "import { WorldHost } from '../../worker/worldHost.ts';",
      "import { createStore } from 'zustand/vanilla';",
    ],
    allowed: "import { setup } from 'xstate';",
  },
  {
    folder: 'state',
    forbidden: [
      "import { App } from '../../ui/App.tsx';",
      "import { startGame } from '../../game/startGame.ts';",
      "import { DOC_SPECS } from '../../server/gameday/gamedayServer.ts';",
      "import { main } from '../../cli/main.ts';",
      "import { render } from 'preact';",
    ],
    allowed: "import { DOC_SPECS } from '../../protocol/gamedaySchemas.ts';",
  },
  {
    folder: 'ui',
    forbidden: [
      "import { startGame } from '../../game/startGame.ts';",
      "import { investigationMachine } from '../../flow/investigationMachine.ts';",
      "import { startGameday } from '../../server/gameday/gamedayServer.ts';",
      "import { WorldHost } from '../../worker/worldHost.ts';",
      "import * as Phaser from 'phaser';",
    ],
    allowed: "import { createAppStore } from '../../state/store.ts';",
  },
  {
    folder: 'game',
    forbidden: [
      "import { scopeLogsTo } from '../../ui/logs/runLogs.ts';",
      "import { investigationMachine } from '../../flow/investigationMachine.ts';",
      "import { startWorldWorker } from '../../worker/client.ts';",
      "import { render } from 'preact';",
    ],
    allowed: "import { createAppStore } from '../../state/store.ts';",
  },
  {
    folder: 'server',
    forbidden: [
      "import { createAppStore } from '../../state/store.ts';",
      "import { App } from '../../ui/App.tsx';",
      "import { createStore } from 'zustand/vanilla';",
    ],
    allowed: "import { WorldHost } from '../../worker/worldHost.ts';",
  },
  {
    folder: 'cli',
    forbidden: [
      "import { createAppStore } from '../../state/store.ts';",
      "import { startGame } from '../../game/startGame.ts';",
      "import { render } from 'preact';",
    ],
    allowed: "import { startGameday } from '../../server/gameday/gamedayServer.ts';",
  },
];

describe('the arrows between the parts', () => {
  for (const { folder, forbidden, allowed } of arrows) {
    for (const line of forbidden)
      it(`refuses \`${line}\` in src/${folder}`, () => {
        const { status, output } = lint(`src/${folder}/sub/probe.ts`, `${line}\nexport const x = 1;\n`);
        expect(status).not.toBe(0);
        expect(output).toMatch(/noRestrictedImports/);
      });
    it(`allows \`${allowed}\` in src/${folder}`, () => {
      const { status, output } = lint(`src/${folder}/sub/probe.ts`, `${allowed}\nexport const x = 1;\n`);
      expect(output).not.toMatch(/noRestrictedImports/);
      expect(status).toBe(0);
    });
  }
});

/** Loose files at a folder's root, past the ones it keeps there on purpose. */
function looseFiles(dir: string, kept: string[]): string[] {
  return readdirSync(dir)
    .filter((name) => !statSync(join(dir, name)).isDirectory())
    .filter((name) => !kept.includes(name))
    .sort();
}

describe('the folders show the design', () => {
  it('keeps only the app shell at the root of src/ui; screens and tools have folders', () => {
    expect(looseFiles('src/ui', ['App.tsx', 'styles.css', 'useStore.ts', 'mapMounts.ts'])).toEqual([]);
  });

  it('keeps only the tick loop at the root of src/engine/sim; stages have folders', () => {
    expect(looseFiles('src/engine/sim', ['run.ts', 'simulate.ts'])).toEqual([]);
    const stages = readdirSync('src/engine/sim').filter((n) =>
      statSync(join('src/engine/sim', n)).isDirectory(),
    );
    expect(stages.sort()).toEqual(['faults', 'model', 'response', 'telemetry', 'traffic']);
  });
});
