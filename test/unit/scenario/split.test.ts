import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { parseScenarioYaml } from '../../../src/engine/scenario/parse.ts';
import { playerView } from '../../../src/engine/scenario/playerView.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { hintOfPart, SEALED_TEXT, splitScenario } from '../../../src/engine/scenario/split.ts';
import { scenarioText } from '../helpers.ts';

// A built-in scenario's player part holds nothing a referee keeps, and still plays exactly as the file does.

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));

/** Variants checked beside the file as written: one early, one late among those offered. */
const VARIANTS = [0, 1, 11];

/** Every text of a scenario a player may not read before the debrief (or, for a hint, before buying it). */
function refereeTexts(s: Scenario): { what: string; text: string }[] {
  return [
    { what: 'solution.explanation', text: s.solution.explanation },
    ...s.solution.nodes.map((n) => ({ what: `solution.nodes.${n.id}.label`, text: n.label })),
    ...[...s.solution.clues, ...s.solution.redHerrings].map((c) => ({
      what: `clue ${c.id}.description`,
      text: c.description,
    })),
    ...s.hints.map((h, i) => ({ what: `hints.${i}.text`, text: h.text })),
    ...Object.entries(s.mitigations).flatMap(([id, v]) =>
      v.note ? [{ what: `${id}.note`, text: v.note }] : [],
    ),
  ];
}

/**
 * A scenario without the parts the player part makes neutral: what the simulation and the tools read (the
 * variants section is read only while loading, and the values it gives are in everything else).
 */
function simulated(s: Scenario) {
  const { solution: _s, hints, mitigations, channel, variants: _v, ...rest } = s;
  return {
    ...rest,
    hintCosts: hints.map((h) => h.cost),
    costs: Object.entries(mitigations).flatMap(([id, v]) => (v.cost ? [[id, v.cost]] : [])),
    channel: channel.map(({ helps: _h, misleading: _m, ...m }) => m),
  };
}

describe.each(files)('the player part of %s', (file) => {
  const text = scenarioText(file);
  const parts = splitScenario(text, `scenarios/${file}`)!;

  it('holds no solution, clue, hint text nor verdict', () => {
    const whole = loadScenario(text, file).scenario!;
    const found = refereeTexts(whole).filter((t) => parts.player.includes(t.text.trim()));
    expect(found.map((t) => t.what)).toEqual([]);
    const raw = parseScenarioYaml(parts.player, file).parsed!.value as Record<string, unknown>;
    // Which actions are right, and which the author weighed at all, stay sealed: only costs remain.
    for (const verdict of Object.values(raw.mitigations ?? {}))
      expect(Object.keys(verdict)).toEqual(['cost']);
    expect(raw.solution).toMatchObject({ explanation: SEALED_TEXT });
    expect(parts.player).not.toMatch(/^\s*(helps|misleading|right|note|explanation|redHerrings):/m);
  });

  it('keeps every line where the file has it', () => {
    expect(parts.player.split('\n').length).toBe(text.split('\n').length);
  });

  it.each(VARIANTS)('plays variant %i as the whole file does, and gives each hint when asked', (variant) => {
    const whole = loadScenario(text, file, { variant }).scenario!;
    const player = loadScenario(parts.player, file, { variant });
    expect(player.diagnostics).toEqual([]);
    expect(simulated(player.scenario!)).toEqual(simulated(whole));
    expect(playerView(player.scenario!)).toEqual(playerView(whole));
    expect(parts.hints.map((h) => hintOfPart(h, variant))).toEqual(whole.hints.map((h) => h.text));
  });
});
