import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogEntry, playerView, SEALED_PARTS } from '../../../src/engine/scenario/playerView.ts';
import { seal, unseal } from '../../../src/engine/scenario/seal.ts';
import { builtinScenario, scenarioText } from '../helpers.ts';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));

describe('playerView', () => {
  it.each(files)('%s: keeps no sealed part and none of the hidden text', (file) => {
    const scenario = builtinScenario(file);
    const view = playerView(scenario);
    for (const part of SEALED_PARTS.filter((p) => p !== 'hints')) expect(view).not.toHaveProperty(part);
    expect(view.hints).toEqual(scenario.hints.map((h) => ({ cost: h.cost })));
    expect(view.hasCode).toBe(scenario.code !== undefined);
    const text = JSON.stringify(view);
    const secrets = [
      scenario.solution.explanation,
      ...scenario.solution.nodes.map((n) => n.label),
      ...scenario.solution.clues.map((c) => c.description),
      ...scenario.hints.map((h) => h.text),
      // A skill as precise as "read a sawtooth in a graph" names the cause: it waits for the debrief.
      ...(scenario.trains?.skills ?? []),
    ];
    for (const secret of secrets) expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
  });

  it('lists a scenario in the library by its public facts only', () => {
    const scenario = builtinScenario('tutorial.yaml');
    expect(Object.keys(catalogEntry(scenario)).sort()).toEqual(
      ['difficulty', 'estimatedMinutes', 'id', 'summary', 'tags', 'title', 'trains'].sort(),
    );
    expect(catalogEntry(scenario).trains).toEqual({
      system: 'shop',
      families: ['change', 'network'],
      tools: ['logs', 'changes'],
    });
  });
});

describe('seal', () => {
  it.each([
    ['', 'a.yaml'],
    ['plain ascii', 'a.yaml'],
    ['accents é ü, emoji 🚨, and a BOM \uFEFF', 'b.yaml'],
    [scenarioText('tutorial.yaml'), 'scenarios/tutorial.yaml'],
  ])('round-trips %#', (text, key) => {
    const sealed = seal(text, key);
    expect(sealed).toMatch(/^[A-Za-z0-9+/]*=*$/);
    expect(unseal(sealed, key)).toBe(text);
  });

  it('hides the text it seals', () => {
    const text = scenarioText('tutorial.yaml');
    const sealed = seal(text, 'scenarios/tutorial.yaml');
    const scenario = builtinScenario('tutorial.yaml');
    expect(sealed).not.toContain(scenario.solution.explanation.slice(0, 20));
    expect(sealed).not.toContain('solution');
  });

  it('refuses what is not sealed text, or sealed under another key', () => {
    expect(unseal('not base64!', 'a.yaml')).toBeUndefined();
    const other = unseal(seal('héllo wörld, this is long enough', 'a.yaml'), 'b.yaml');
    expect(other).not.toBe('héllo wörld, this is long enough');
  });
});
