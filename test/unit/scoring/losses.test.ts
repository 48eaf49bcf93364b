import { describe, expect, it } from 'vitest';
import type { BotName } from '../../../src/engine/scoring/bots.ts';
import { playBot } from '../../../src/engine/scoring/bots.ts';
import { score } from '../../../src/engine/scoring/score.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

/** Plays that lose points in every part, for different reasons. */
const PLAYS: readonly BotName[] = [
  'reference',
  'guess',
  'shotgun',
  'random',
  'restarter',
  'padded-guess',
  'chain-spam',
  'vocabulary',
  'hint-farmer',
  'last-change',
  'honest-wrong',
];

describe.each(['tutorial.yaml', 'pool-last-year.yaml', 'undocumented-dependency.yaml'])(
  'every point lost on %s has its sentence',
  (file) => {
    const scenario = builtinScenario(file);
    const world = simulate(scenario);
    it.each(PLAYS)('%s: the sentences of each part account for max − earned', (bot) => {
      const report = score(scenario, playBot(bot, world, 3));
      for (const part of report.parts) {
        const accounted = part.losses.reduce((sum, l) => sum + l.points, 0);
        expect(Math.round(accounted * 10) / 10, `${part.label}: ${part.notes.join(' | ')}`).toBe(
          Math.round((part.max - part.score) * 10) / 10,
        );
        for (const l of part.losses) {
          expect(part.notes).toContain(l.why);
          expect(l.why).toMatch(new RegExp(`: −${String(l.points).replace('.', '\\.')}\\.$`));
          expect(l.points).toBeGreaterThan(0);
        }
      }
    });
  },
);

describe('the chain part says why a cited item did or did not back a link', () => {
  it('says a change record shows the change was made, not what it did, and what would back the link', () => {
    const scenario = builtinScenario('tutorial.yaml');
    const report = score(scenario, playBot('padded-guess', simulate(scenario)));
    const whys = report.parts.find((p) => p.id === 'chain')!.losses.map((l) => l.why);
    expect(whys).toEqual([
      expect.stringMatching(
        /earning 10%: what it cites \(alert CheckoutErrorRate.*; deploy cart: .*\) shows the change was made, not what it did \(what would: .*TypeError.*\), so 10% of it: −9\.$/,
      ),
      expect.stringMatching(
        /earning 10%: what it cites \(alert CheckoutErrorRate.*\) shows none of this link's clues \(what would: web answers POST \/checkout with 502/,
      ),
    ]);
  });

  it('says which item backed a link and what it shows', () => {
    const scenario = builtinScenario('tutorial.yaml');
    const report = score(scenario, playBot('reference', simulate(scenario)));
    const notes = report.parts.find((p) => p.id === 'chain')!.notes;
    expect(notes.filter((n) => n.includes('earning 100%: backed by cart: '))).toHaveLength(1);
  });
});
