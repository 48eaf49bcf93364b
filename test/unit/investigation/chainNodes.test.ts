import { describe, expect, it } from 'vitest';
import type { ChainNodeRef } from '../../../src/engine/investigation/chainNodes.ts';
import {
  chainNodeOptions,
  matchingNodes,
  nodeLabel,
  parseNodeId,
  unknownNode,
} from '../../../src/engine/investigation/chainNodes.ts';
import type { Evidence } from '../../../src/engine/investigation/evidence.ts';
import { builtinScenario } from '../helpers.ts';

const scenario = builtinScenario('tutorial.yaml');
const typeError: Evidence = {
  kind: 'log',
  ref: 'log:7',
  id: 7,
  service: 'cart',
  tsMs: 0,
  line: 'TypeError: x',
};
const notebook = { pinned: [{ evidence: typeError }], hypotheses: [{ id: 'h1', text: 'pricing broke' }] };

describe('chain node ids', () => {
  it.each<[string, ChainNodeRef | undefined]>([
    ['service:cart', { kind: 'service', id: 'cart' }],
    ['edge:web>cart', { kind: 'edge', from: 'web', to: 'cart' }],
    ['event:deploy-cart-2-4-1', { kind: 'event', id: 'deploy-cart-2-4-1' }],
    ['evidence:log:7', { kind: 'evidence', ref: 'log:7' }],
    ['hypothesis:h1', { kind: 'hypothesis', id: 'h1' }],
    ['condition:timeout:web>cart', { kind: 'condition', id: 'timeout:web>cart' }],
    ['text:  prices go wrong ', { kind: 'text', text: 'prices go wrong' }],
    ['cart', { kind: 'service', id: 'cart' }],
    ['deploy-cart-2-4-1', { kind: 'event', id: 'deploy-cart-2-4-1' }],
    ['edge:web', undefined],
    ['edge:a>b>c', undefined],
    ['text:   ', undefined],
    [`text:${'x'.repeat(201)}`, undefined],
    ['coupon-typeerror', undefined],
    ['service:', undefined],
  ])('reads %j', (id, node) => {
    expect(parseNodeId(id, scenario)).toEqual(node);
  });

  it.each([
    ['service:cart', 'Cart service (cart)'],
    ['edge:web>cart', 'web → cart'],
    ['evidence:log:7', 'cart: TypeError: x'],
    ['hypothesis:h1', 'pricing broke'],
    ['condition:oom:cart', 'cart runs out of memory and restarts'],
    ['text:prices go wrong', '“prices go wrong”'],
    ['evidence:log:99', 'evidence:log:99'],
  ])('labels %s as %s', (id, label) => {
    expect(nodeLabel(id, scenario, notebook)).toBe(label);
  });

  it.each([
    ['service:cart', undefined],
    ['service:nope', 'no service "nope"'],
    ['edge:cart>web', 'no call edge cart → web'],
    ['evidence:log:99', '"log:99" is not pinned'],
    ['hypothesis:h9', 'no hypothesis "h9"'],
    ['condition:oom:nope', 'no condition "oom:nope"'],
    ['coupon-typeerror', '"coupon-typeerror" is not a chain node'],
  ])('checks %s', (id, problem) => {
    expect(unknownNode(id, scenario, notebook)).toBe(problem);
  });
});

describe('the nodes the builder offers', () => {
  const options = chainNodeOptions(scenario, notebook);

  it('offers the trainee’s material in groups, and none of the answer’s own words', () => {
    const groups = [...new Set(options.map((o) => o.group))];
    expect(groups).toEqual(['Services', 'Edges', 'Changes', 'Evidence', 'Hypotheses', 'Conditions']);
    const labels = options.map((o) => o.label);
    for (const node of scenario.solution.nodes) expect(labels).not.toContain(node.label);
    expect(options.map((o) => o.id)).not.toContain('coupon-typeerror');
  });

  it('narrows to the options holding every word typed, keeping what is chosen', () => {
    const found = matchingNodes(options, 'WEB cart time', ['service:cart-db']).map((o) => o.id);
    expect(found).toEqual(['service:cart-db', 'condition:timeout:web>cart']);
    expect(matchingNodes(options, 'hypotheses').map((o) => o.id)).toEqual(['hypothesis:h1']);
    expect(matchingNodes(options, '  ')).toHaveLength(options.length);
  });
});
