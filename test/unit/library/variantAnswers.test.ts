import { describe, expect, it } from 'vitest';
import { answersDiffer } from '../../../src/engine/scenario/lint/shortcuts.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { answerKey, variantsByAnswer } from '../../../src/engine/scenario/variantAnswer.ts';
import { VARIANTS_OFFERED } from '../../../src/worker/worldHost.ts';
import { scenarioText } from '../helpers.ts';

// Scenarios whose variants change the answer (the culprit, its trigger or the affected slice). Loading
// only: the solvability of variants is linted by library.test.ts and `twoam lint`.
const varying = [
  'only-in-europe.yaml',
  'cohort-rollout.yaml',
  'catalog-restarts.yaml',
  'misleading-dashboard.yaml',
  'undocumented-dependency.yaml',
  'temporary-fix.yaml',
  'feed-spinner.yaml',
  'one-node-short.yaml',
  'slow-third.yaml',
  'two-of-three.yaml',
  'month-end.yaml',
  'pickup-search.yaml',
  'saved-nothing.yaml',
  'pool-last-year.yaml',
  'ledger-lag.yaml',
  'early-links.yaml',
  'lost-batches.yaml',
  'aftershock.yaml',
  'short-changed.yaml',
  'stuck-connecting.yaml',
  'patchy-graphs.yaml',
  'blank-thumbnails.yaml',
  'cold-tiles.yaml',
  'dinner-rush.yaml',
  'default-changed.yaml',
  'ten-minute-fix.yaml',
  'vanished-sites.yaml',
  'saves-that-spin.yaml',
  'signed-out.yaml',
  'both-sides.yaml',
  'saved-then-gone.yaml',
];

// Where the right fix is the same whatever set the fault off (undoing March's pinned address, in
// temporary-fix), the actions weighed stay the same too.
const sameFix = new Set(['temporary-fix.yaml']);

describe.each(varying)('scenarios/%s', (file) => {
  const text = scenarioText(file);
  const groups = variantsByAnswer(text, `scenarios/${file}`, VARIANTS_OFFERED);

  it('offers at least three answers among the variants a player is given', () => {
    expect(groups.length).toBeGreaterThanOrEqual(3);
    expect(groups.flat().sort((a, b) => a - b)).toEqual([...Array(VARIANTS_OFFERED).keys()]);
    expect(groups[0]![0]).toBe(0);
  });

  it('changes the root cause or the slice between answers, with the mitigations following', () => {
    const firsts = groups.map((g) => loadScenario(text, `scenarios/${file}`, { variant: g[0]! }).scenario!);
    expect(new Set(firsts.map(answerKey)).size).toBe(groups.length);
    // The actions a responder can take name the culprit, its trigger or its slice, so they differ too.
    const actions = firsts.map((s) =>
      Object.keys(s.mitigations ?? {})
        .sort()
        .join(' '),
    );
    expect(new Set(actions).size).toBe(sameFix.has(file) ? 1 : groups.length);
  });
});

describe('what tells two answers apart', () => {
  const base = loadScenario(scenarioText('ten-minute-fix.yaml'), 'scenarios/ten-minute-fix.yaml').scenario!;
  /** The file as written with its fault changed as given. */
  const withFault = (change: Partial<Scenario['faults'][number]>): Scenario => ({
    ...base,
    faults: base.faults.map((f) => ({ ...f, ...change })),
  });
  it.each([
    ['another segment', withFault({ segment: 'us' }), true],
    ['another region', withFault({ region: 'eu' }), true],
    ['some instances only', withFault({ instances: ['billing-2'] }), true],
    ['the first instance only', withFault({ count: 1 }), true],
    ['one build only', withFault({ version: '4.7.0' }), true],
    [
      'another trigger',
      {
        ...base,
        solution: {
          ...base.solution,
          rootCause: { ...base.solution.rootCause, trigger: 'web-cache-headers' },
        },
      },
      true,
    ],
    ['only a later end', withFault({ until: '2026-10-25T02:10:00Z' }), false],
  ] as const)('%s', (_, other, differs) => {
    expect(answerKey(other) !== answerKey(base)).toBe(differs);
    // The memorizer's bar holds between variants whose answers differ, the slice included.
    expect(answersDiffer(base, other)).toBe(differs);
  });
});
