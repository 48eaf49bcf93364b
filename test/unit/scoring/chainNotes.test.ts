import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../src/engine/investigation/evidence.ts';
import type { ChainLink } from '../../../src/engine/investigation/notebook.ts';
import { assessChain } from '../../../src/engine/scoring/chainCredit.ts';
import { chainNotes } from '../../../src/engine/scoring/chainNotes.ts';
import { builtinScenario } from '../helpers.ts';

const scenario = builtinScenario('tutorial.yaml');
const typeError: Evidence = {
  kind: 'log',
  ref: 'log:1',
  id: 1,
  service: 'cart',
  tsMs: 0,
  line: 'TypeError: Cannot read properties of undefined',
};
const notebook = { pinned: [{ evidence: typeError }], hypotheses: [] };
const pinned = new Map([[typeError.ref, typeError]]);

describe('chainNotes', () => {
  it('says why each link did or did not count, and the arithmetic to the points', () => {
    const chain: ChainLink[] = [
      {
        id: 'l1',
        from: 'event:deploy-cart-2-4-1',
        to: 'condition:exception:cart',
        evidence: [typeError.ref],
      },
      { id: 'l2', from: 'condition:exception:cart', to: 'service:web', evidence: [] },
      { id: 'l3', from: 'service:cart-db', to: 'service:web', evidence: [] },
    ];
    const { notes } = chainNotes(scenario, assessChain(scenario, chain, pinned), notebook, 20);
    expect(notes).toEqual([
      "Your link 01:40 deploy cart: cart 2.4.1: apply coupon discounts before tax (PR #318) → cart's code throws an error on some requests counts for the story's link to cart throws a TypeError pricing baskets with a coupon, earning 100%: backed by cart: TypeError: Cannot read properties of undefined, which shows that cart throws a TypeError in applyCoupon for priced baskets, starting right after the 2.4.1 deploy.",
      "Your link cart's code throws an error on some requests → Storefront (web) counts for cart throws a TypeError pricing baskets with a coupon → checkout fails with 502 for coupon shoppers, earning 5%: it names the right component but not the condition, so half; it cites nothing (what would: web answers POST /checkout with 502 Bad Gateway, so the failure is upstream of web), so 10% of it: −7.6.",
      "Your link Cart database (cart-db) → Storefront (web) is not in the story and cites no evidence of its own about both its ends, so it lowers the chain's precision: −4.",
      'Recall 53% of the story, precision 35%: F-score 42% of 20 points.',
    ]);
  });

  it('names each reference link the chain misses', () => {
    const { notes } = chainNotes(scenario, assessChain(scenario, [], pinned), notebook, 20);
    expect(notes.slice(0, 2)).toEqual([
      'Missing link: 01:40 deploy cart: cart 2.4.1: apply coupon discounts before tax (PR #318) → cart throws a TypeError pricing baskets with a coupon: −10.',
      'Missing link: cart throws a TypeError pricing baskets with a coupon → checkout fails with 502 for coupon shoppers: −10.',
    ]);
  });
});
