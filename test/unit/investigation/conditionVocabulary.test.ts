import { describe, expect, it } from 'vitest';
import type { VocabularySource } from '../../../src/engine/investigation/conditionVocabulary.ts';
import { conditionVocabulary } from '../../../src/engine/investigation/conditionVocabulary.ts';
import { playerView } from '../../../src/engine/scenario/playerView.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { builtinScenario } from '../helpers.ts';

const shop: VocabularySource = {
  system: {
    services: [{ id: 'web', regions: ['eu', 'us'] }, { id: 'cart', regions: ['eu'] }, { id: 'cart-db' }],
    edges: [
      { from: 'web', to: 'cart' },
      { from: 'cart', to: 'cart-db' },
    ],
  },
  traffic: { segments: [{ id: 'mobile' }] },
};

describe('conditionVocabulary', () => {
  const vocabulary = conditionVocabulary(shop);
  const label = (id: string) => vocabulary.find((c) => c.id === id)?.label;

  it.each([
    ['timeout:web>cart', "web's calls to cart time out"],
    ['oom:cart', 'cart runs out of memory and restarts'],
    ['rejects-from:cart@mobile', 'cart rejects requests from mobile'],
    ['errors:cart-db', 'cart-db answers 5xx'],
    ['latency:web', "web's latency rises"],
    ['users-errors:mobile', 'users in mobile see errors'],
    ['fails-in:web@us', 'web fails in us'],
    ['tls-in:web>cart@eu', "web's TLS handshakes with cart fail in eu"],
    ['pool:cart>cart-db', 'cart waits for a free connection to cart-db'],
  ])('offers %s as "%s"', (id, text) => {
    expect(label(id)).toBe(text);
  });

  it.each([
    ['an edge the system does not have', 'timeout:cart>web'],
    ['a region a service does not run in', 'fails-in:cart@us'],
    ['a region of neither end of an edge', 'tls-in:cart>cart-db@us'],
    ['a segment the traffic does not have', 'users-errors:desktop'],
  ])('does not offer %s', (_, id) => {
    expect(label(id)).toBeUndefined();
  });

  it('generates every condition once, for every service and edge', () => {
    const ids = vocabulary.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of ['web', 'cart', 'cart-db']) expect(label(`oom:${s}`)).toBeDefined();
    for (const e of ['web>cart', 'cart>cart-db']) expect(label(`retries:${e}`)).toBeDefined();
  });

  it('names the services a condition is about: one, or an edge’s caller and callee', () => {
    expect(vocabulary.find((c) => c.id === 'timeout:web>cart')?.services).toEqual(['web', 'cart']);
    expect(vocabulary.find((c) => c.id === 'rejects-from:cart@mobile')?.services).toEqual(['cart']);
    expect(vocabulary.find((c) => c.id === 'users-errors:mobile')?.services).toEqual([]);
  });

  it('offers the same conditions for two scenarios on the same system, whatever their answers', () => {
    const tutorial = builtinScenario('tutorial.yaml');
    // The same system with another story: another fault, another answer, other hints and mitigations.
    const other: Scenario = {
      ...tutorial,
      id: 'other-story',
      timeline: [],
      faults: [{ ...tutorial.faults[0]!, kind: 'memory-leak', service: 'cart-db' }],
      hints: [],
      mitigations: {},
      solution: {
        ...tutorial.solution,
        rootCause: { component: 'cart-db', fault: 'memory-leak' },
        explanation: 'cart-db leaked memory.',
        nodes: [{ id: 'leak', kind: 'condition', label: 'cart-db leaks', means: ['memory:cart-db'] }],
        chain: [{ from: 'leak', to: 'web', clues: [] }],
      },
    };
    expect(conditionVocabulary(other)).toEqual(conditionVocabulary(tutorial));
  });

  it('reads nothing a player cannot see: a bare system and traffic give the same as the scenario', () => {
    const s = builtinScenario('only-in-europe.yaml');
    expect(conditionVocabulary({ system: s.system, traffic: s.traffic })).toEqual(conditionVocabulary(s));
    expect(conditionVocabulary(playerView(s))).toEqual(conditionVocabulary(s));
  });
});
