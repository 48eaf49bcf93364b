import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinScenario } from '../helpers.ts';
import { leaksIn, secretsOf } from '../leakProbes.ts';

// The built game is what a player downloads: every file of it is searched for every built-in scenario's
// hidden truth. The build goes to a folder of its own so it never meets the one the end-to-end tests use.

const scenarios = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
let out = '';
let files: { name: string; text: string }[] = [];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'twoam-dist-'));
  await build({ logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  files = walk(out).map((name) => ({ name, text: readFileSync(name, 'utf8') }));
}, 180_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the built game', () => {
  it('ships every built-in scenario, each in a file of its own', () => {
    expect(files.length).toBeGreaterThan(scenarios.length);
  });

  it.each(scenarios)('holds nothing of the hidden truth of %s', (file) => {
    const secrets = secretsOf(builtinScenario(file));
    expect(secrets.length).toBeGreaterThan(2);
    const found = files.flatMap((f) => leaksIn(f.text, secrets).map((what) => `${f.name}: ${what}`));
    expect(found).toEqual([]);
  });
});
