import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../../../src/engine/investigation/notebook.ts';
import type { BotName } from '../../../src/engine/scoring/bots.ts';
import { playBot } from '../../../src/engine/scoring/bots.ts';
import { score } from '../../../src/engine/scoring/score.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

const files = readdirSync(join(process.cwd(), 'scenarios')).filter((f) => f.endsWith('.yaml'));

/** What each bot may score at most (or must reach, for the reference investigator). */
const BOUNDS: readonly { bot: BotName; atLeast?: number; atMost?: number }[] = [
  { bot: 'reference', atLeast: 90 },
  { bot: 'guess', atMost: 35 },
  { bot: 'shotgun', atMost: 60 },
  { bot: 'restarter', atMost: 35 },
];

/** The random bot is judged over seeds: one lucky run says little of a player who reasons at random. */
const RANDOM_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe.each(files)('bots on %s', (file) => {
  const scenario = builtinScenario(file);
  const world = simulate(scenario);

  it('has a reference chain and path to play', () => {
    const missing = [
      ...(scenario.solution.chain.length === 0
        ? ['solution.chain (the causal chain, root cause first)']
        : []),
      ...(scenario.solution.path.length === 0 ? ['solution.path (the reference investigation)'] : []),
    ];
    expect(missing, `scenarios/${file} has no ${missing.join(' and no ')}; see scenarios/SCORING.md`).toEqual(
      [],
    );
  });

  it.each(BOUNDS)('$bot scores within its bound', ({ bot, atLeast, atMost }) => {
    const report = score(scenario, playBot(bot, world));
    if (atLeast !== undefined) expect(report.total).toBeGreaterThanOrEqual(atLeast);
    if (atMost !== undefined) expect(report.total).toBeLessThanOrEqual(atMost);
  });

  it('random scores at most 10 on average', () => {
    const totals = RANDOM_SEEDS.map((seed) => score(scenario, playBot('random', world, seed)).total);
    expect(totals.reduce((a, b) => a + b, 0) / totals.length).toBeLessThanOrEqual(10);
  });

  it('plays only moves the rules accept, so replaying its log gives the same state', () => {
    const actions = playBot('reference', world);
    const state = replay(actions);
    expect(state.pinned.length).toBe(actions.filter((a) => a.type === 'pin').length);
    expect(state.submissions.length).toBe(1);
  });

  it('scores the same log the same way twice', () => {
    const actions = playBot('shotgun', world);
    expect(score(scenario, actions).total).toBe(score(scenario, structuredClone(actions)).total);
  });
});
