import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { scenarioText } from '../helpers.ts';

const FILE = 'scenarios/tutorial.yaml';
const CACHE_LINE = 'message: "product cache refreshed (1843 entries)" }';

function tutorialWith(noiseTail: string): string {
  const text = scenarioText('tutorial.yaml');
  if (!text.includes(CACHE_LINE)) throw new Error('the tutorial has no cache refresh noise');
  return text.replace(CACHE_LINE, `message: "product cache refreshed (1843 entries)"${noiseTail} }`);
}

function world(text: string): World {
  const { scenario, diagnostics } = loadScenario(text, FILE);
  if (!scenario) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return simulate(scenario);
}

const times = (w: World, contains: string) =>
  searchLogs(w, { service: 'cart', contains, limit: 10_000 }).lines.map((l) => l.tsMs);

describe('noise with a start and an end', () => {
  const from = Date.parse('2026-10-25T01:30:00Z');
  const until = Date.parse('2026-10-25T01:50:00Z');
  const always = world(scenarioText('tutorial.yaml'));
  const bounded = world(tutorialWith(', from: 2026-10-25T01:30:00Z, until: 2026-10-25T01:50:00Z'));

  it('repeats only between them', () => {
    const seen = times(bounded, 'product cache refreshed');
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((t) => t >= from && t < until)).toBe(true);
    // The same lines as the file without a start and an end, inside that time.
    const inside = times(always, 'product cache refreshed').filter((t) => t >= from && t < until);
    expect(seen).toEqual(inside);
  });

  it('leaves every other line where it was', () => {
    expect(times(bounded, 'slow request: GET /api/cart')).toEqual(
      times(always, 'slow request: GET /api/cart'),
    );
  });

  it('is refused when it stops before it starts, where the end is written', () => {
    const text = tutorialWith(', from: 2026-10-25T01:50:00Z, until: 2026-10-25T01:30:00Z');
    const { diagnostics } = loadScenario(text, FILE);
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'noise[1].until: the line stops at 2026-10-25T01:30:00Z, before it starts at 2026-10-25T01:50:00Z: swap them',
    ]);
  });
});
