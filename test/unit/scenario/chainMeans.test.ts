import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { scenarioText } from '../helpers.ts';

const tutorial = scenarioText('tutorial.yaml');
const MEANS = 'means: [throws-for:cart@coupon-shoppers, exception:cart]';

function load(means: string) {
  return loadScenario(tutorial.replace(MEANS, means), 'scenarios/tutorial.yaml');
}

describe('what a reference chain node means', () => {
  it('loads when every meaning is a condition of the system’s vocabulary', () => {
    expect(tutorial).toContain(MEANS);
    expect(load(MEANS).scenario?.solution.nodes[0]?.means).toEqual([
      'throws-for:cart@coupon-shoppers',
      'exception:cart',
    ]);
  });

  it.each([
    [
      'a condition on an edge the system does not have',
      'means: [timeout:cart>web]',
      'unknown condition "timeout:cart>web"',
    ],
    [
      'a segment the traffic does not have',
      'means: [throws-for:cart@vip]',
      'unknown condition "throws-for:cart@vip"',
    ],
    ['a misspelt key', 'means: [exeption:cart]', 'did you mean "exception:cart"?'],
    ['no meaning at all', 'means: []', 'Too small'],
    ['a label instead of an id', 'means: ["cart throws"]', 'must be a condition id'],
  ])('refuses %s, at the node', (_, means, message) => {
    const { scenario, diagnostics } = load(means);
    expect(scenario).toBeUndefined();
    const d = diagnostics.find((x) => x.path.startsWith('solution.nodes[0].means'));
    expect(d?.message).toContain(message);
    expect(d?.line).toBe(tutorial.slice(0, tutorial.indexOf(MEANS)).split('\n').length);
  });
});
