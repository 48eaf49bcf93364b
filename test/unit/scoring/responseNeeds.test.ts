import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/engine/investigation/actions.ts';
import { playBot } from '../../../src/engine/scoring/bots.ts';
import { score } from '../../../src/engine/scoring/score.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

// A fix in two steps: the deletions must stop before a restore can bring the deleted sites back.
const STOP = 'revert:janitor-lapsed';
const RESTORE = 'restore:sites-db';

describe('a right action that needs another first', () => {
  const scenario = builtinScenario('vanished-sites.yaml');
  const world = simulate(scenario);
  const reference = playBot('reference', world);
  const part = (actions: readonly Action[]) =>
    score(scenario, actions).parts.find((p) => p.id === 'response')!;
  /** The reference play with its mitigations replaced by `ids`, taken where it took its own. */
  const withMitigations = (ids: readonly string[]): Action[] => {
    const at = reference.find((a) => a.type === 'mitigate')!.at;
    const rest = reference.filter((a) => a.type !== 'mitigate');
    const i = rest.findIndex((a) => a.at >= at);
    return [
      ...rest.slice(0, i),
      ...ids.map((mitigation) => ({ type: 'mitigate' as const, at, mitigation })),
      ...rest.slice(i),
    ];
  };

  it('is taken by the expert after what it needs, for the whole part', () => {
    expect(
      reference.filter((a) => a.type === 'mitigate').map((a) => (a.type === 'mitigate' ? a.mitigation : '')),
    ).toEqual([STOP, RESTORE]);
    expect(part(reference).score).toBe(10);
  });

  it.each([
    [
      'a restore while the job still runs',
      [RESTORE],
      'Incomplete: Restore sites-db from its latest backup ends the incident only after Revert the config change JANITOR_PURGE_STATUSES on jobs (13:20), which was not taken before it: −4.',
    ],
    [
      'the job stopped and nothing restored',
      [STOP],
      'Incomplete: Revert the config change JANITOR_PURGE_STATUSES on jobs (13:20) was needed, but only Restore sites-db from its latest backup after it ends the incident: −8.',
    ],
  ])('scores %s as incomplete', (_, ids, note) => {
    const r = part(withMitigations(ids));
    expect(r.score).toBeLessThan(part(reference).score);
    expect(r.notes).toContain(note);
  });
});
