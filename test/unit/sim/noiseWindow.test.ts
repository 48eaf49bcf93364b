import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { loadedScenario, scenarioText } from '../helpers.ts';

const FILE = 'scenarios/tutorial.yaml';
const CACHE_LINE = 'message: "product cache refreshed (1843 entries)" }';

function tutorialWith(noiseTail: string): string {
  const text = scenarioText('tutorial.yaml');
  if (!text.includes(CACHE_LINE)) throw new Error('the tutorial has no cache refresh noise');
  return text.replace(CACHE_LINE, `message: "product cache refreshed (1843 entries)"${noiseTail} }`);
}

function world(text: string): World {
  const scenario = loadedScenario(text, FILE);
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

describe('noise with values that change from line to line', () => {
  const plain = world(scenarioText('tutorial.yaml'));
  const placed = world(
    scenarioText('tutorial.yaml').replace(
      CACHE_LINE,
      'message: "product cache refreshed ({{int:1000-1999}} entries, run {{hex:12}})" }',
    ),
  );

  it('fills each placeholder anew on every line, within its range', () => {
    const lines = searchLogs(placed, {
      service: 'cart',
      contains: 'product cache refreshed',
      limit: 10_000,
    }).lines;
    expect(lines.length).toBeGreaterThan(10);
    const values = lines.map((l) => {
      const m = /refreshed \((\d+) entries, run ([0-9a-f]+)\)/.exec(l.line);
      expect(m, l.line).not.toBeNull();
      return { n: Number(m![1]), run: m![2]! };
    });
    for (const v of values) {
      expect(v.n).toBeGreaterThanOrEqual(1000);
      expect(v.n).toBeLessThanOrEqual(1999);
      expect(v.run).toHaveLength(12);
    }
    expect(new Set(values.map((v) => v.n)).size).toBeGreaterThan(values.length * 0.8);
    expect(new Set(values.map((v) => v.run)).size).toBe(values.length);
  });

  it('writes its lines when and where the plain message was, and every other line the same', () => {
    expect(times(placed, 'product cache refreshed')).toEqual(times(plain, 'product cache refreshed'));
    expect(times(placed, 'slow request: GET /api/cart')).toEqual(times(plain, 'slow request: GET /api/cart'));
  });

  it.each([
    [
      '{{rand}}',
      'unknown placeholder "{{rand}}": write {{int:LO-HI}} for a whole number or {{hex:N}} for N hex digits',
    ],
    ['{{int:9-1}}', 'placeholder "{{int:9-1}}" runs from 9 down to 1: write the smaller number first'],
    ['{{hex:40}}', 'placeholder "{{hex:40}}" asks for 40 hex digits: from 1 to 32'],
  ])('refuses %s where the message is written', (placeholder, message) => {
    const text = scenarioText('tutorial.yaml').replace(
      CACHE_LINE,
      `message: "product cache refreshed ${placeholder}" }`,
    );
    const { diagnostics } = loadScenario(text, FILE);
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([`noise[1].message: ${message}`]);
  });
});
