import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../src/engine/investigation/evidence.ts';
import type { ChainLink, Hypothesis } from '../../../src/engine/investigation/notebook.ts';
import { assessChain } from '../../../src/engine/scoring/chainCredit.ts';
import { builtinScenario } from '../helpers.ts';

// The tutorial's story: deploy-cart-2-4-1 → coupon-typeerror → checkout-502.
const scenario = builtinScenario('tutorial.yaml');

const deploy: Evidence = {
  kind: 'change',
  ref: 'change:deploy-cart-2-4-1',
  eventId: 'deploy-cart-2-4-1',
  atMs: 0,
  changeKind: 'deploy',
  service: 'cart',
  description: 'cart 2.4.1',
};
const typeError: Evidence = {
  kind: 'log',
  ref: 'log:1',
  id: 1,
  service: 'cart',
  tsMs: 0,
  line: 'TypeError: Cannot read properties of undefined (reading percent)',
};
const web502: Evidence = {
  kind: 'log',
  ref: 'log:2',
  id: 2,
  service: 'web',
  tsMs: 0,
  line: '10.0.0.1 - - "POST /checkout HTTP/1.1" 502 152',
};
const dbSlow: Evidence = {
  kind: 'log',
  ref: 'log:3',
  id: 3,
  service: 'cart-db',
  tsMs: 0,
  line: 'checkpoint',
};
const pinned = new Map([deploy, typeError, web502, dbSlow].map((e) => [e.ref, e]));

let n = 0;
const link = (from: string, to: string, evidence: readonly string[] = []): ChainLink => ({
  id: `l${++n}`,
  from,
  to,
  evidence,
});

const DEPLOY = 'event:deploy-cart-2-4-1';
const THROWS = 'condition:throws-for:cart@coupon-shoppers';
const USERS = 'condition:users-errors:coupon-shoppers';

describe('a change record as the only citation', () => {
  it('does not back a link whose story has a clue showing the effect', () => {
    const [first] = assessChain(scenario, [link(DEPLOY, THROWS, [deploy.ref])], pinned).links;
    expect([first?.credit, first?.backed, first?.changeOnly]).toEqual([0.1, false, true]);
  });
});

describe('assessChain', () => {
  it.each<{ name: string; chain: ChainLink[]; credits: number[] }>([
    {
      name: 'the story in vocabulary terms, each link citing one of its own clues',
      chain: [link(DEPLOY, THROWS, [typeError.ref]), link(THROWS, USERS, [web502.ref])],
      credits: [1, 1],
    },
    {
      name: 'an equivalent meaning the author listed',
      chain: [
        link(DEPLOY, 'condition:exception:cart', [typeError.ref]),
        link('condition:exception:cart', 'condition:errors:web', [web502.ref]),
      ],
      credits: [1, 1],
    },
    {
      name: 'the right component with another condition: half',
      chain: [link(DEPLOY, 'condition:oom:cart', [typeError.ref])],
      credits: [0.5, 0],
    },
    {
      name: 'a citation that matches only another link’s clue does not back it',
      chain: [link(DEPLOY, THROWS, [web502.ref]), link(THROWS, USERS, [deploy.ref])],
      credits: [0.1, 0.1],
    },
    {
      name: 'skipping a step of the story: half of the first link it spans',
      chain: [link(DEPLOY, USERS, [typeError.ref])],
      credits: [0.5, 0],
    },
    {
      name: 'pinned evidence as nodes, matched by the clues that show each node',
      chain: [link('evidence:log:1', 'evidence:log:2', [web502.ref])],
      credits: [0, 1],
    },
    {
      name: 'a condition in the trainee’s own words, tied to what its links cite',
      chain: [link(DEPLOY, 'text:pricing blows up for coupons', [typeError.ref])],
      credits: [1, 0],
    },
    {
      name: 'own words citing nothing that shows the node',
      chain: [link(DEPLOY, 'text:pricing blows up for coupons', [dbSlow.ref])],
      credits: [0, 0],
    },
  ])('$name', ({ chain, credits }) => {
    expect(assessChain(scenario, chain, pinned).links.map((l) => l.credit)).toEqual(credits);
  });

  it('maps a hypothesis onto the story by the evidence marked for it', () => {
    const h: Hypothesis = {
      id: 'h1',
      text: 'pricing broke',
      status: 'supported',
      at: 0,
      marks: [{ ref: typeError.ref, stance: 'supports' }],
    };
    const a = assessChain(scenario, [link(DEPLOY, 'hypothesis:h1', [typeError.ref])], pinned, {
      hypotheses: [h],
    });
    expect(a.links[0]!.credit).toBe(1);
  });

  it.each<[string, Partial<Hypothesis>, number]>([
    ['its component and a kind of fault the node describes', { component: 'cart', fault: 'bad-deploy' }, 1],
    ['its component with another kind of fault', { component: 'cart', fault: 'disk-full' }, 0.5],
    ['another component', { component: 'cart-db', fault: 'bad-deploy' }, 0],
    ['nothing', {}, 0],
  ])('maps a hypothesis naming %s onto the node', (_name, about, credit) => {
    const h: Hypothesis = { id: 'h2', text: 'a claim', status: 'open', at: 0, marks: [], ...about };
    const a = assessChain(scenario, [link(DEPLOY, 'hypothesis:h2', [typeError.ref])], pinned, {
      hypotheses: [h],
    });
    expect(a.links[0]!.credit).toBe(credit);
  });

  it('lets one trainee link earn one reference link only', () => {
    const twice = link('evidence:log:1', 'evidence:log:2', [typeError.ref, web502.ref]);
    expect(assessChain(scenario, [twice], pinned).links.filter((l) => l.matchedBy).length).toBe(1);
  });

  it.each<{ name: string; chain: ChainLink[]; standing: string[]; precision: number }>([
    {
      name: 'an extra link citing nothing costs precision',
      chain: [
        link(DEPLOY, THROWS, [typeError.ref]),
        link(THROWS, USERS, [web502.ref]),
        link('service:cart-db', 'service:web'),
      ],
      standing: ['unbacked'],
      precision: 2 / 3,
    },
    {
      name: 'an extra link with evidence of its own about both ends costs nothing',
      chain: [
        link(DEPLOY, THROWS, [typeError.ref]),
        link(THROWS, USERS, [web502.ref]),
        link('service:cart-db', 'service:web', [dbSlow.ref, web502.ref]),
      ],
      standing: ['own evidence'],
      precision: 1,
    },
    {
      name: 'evidence already backing one extra link is not another’s own',
      chain: [
        link(DEPLOY, THROWS, [typeError.ref]),
        link(THROWS, USERS, [web502.ref]),
        link('service:cart-db', 'service:web', [dbSlow.ref, web502.ref]),
        link('service:web', 'service:cart-db', [dbSlow.ref, web502.ref]),
      ],
      standing: ['own evidence', 'unbacked'],
      precision: 2 / 3,
    },
    {
      name: 'a repeat of a link already earned adds nothing and costs nothing',
      chain: [link(DEPLOY, THROWS, [typeError.ref]), link(THROWS, USERS, [web502.ref]), link(DEPLOY, THROWS)],
      standing: ['repeats'],
      precision: 1,
    },
  ])('$name', ({ chain, standing, precision }) => {
    const a = assessChain(scenario, chain, pinned);
    expect(a.extra.map((x) => x.standing)).toEqual(standing);
    expect(a.precision).toBeCloseTo(precision, 6);
    expect(a.recall).toBe(1);
  });

  it('makes a link between every pair of nodes worth little: precision falls with every unbacked link', () => {
    const nodes = [
      DEPLOY,
      THROWS,
      USERS,
      'service:web',
      'service:cart',
      'service:cart-db',
      'condition:oom:cart',
    ];
    const spam = nodes.flatMap((a) =>
      nodes.filter((b) => b !== a).map((b) => link(a, b, [...pinned.keys()])),
    );
    const a = assessChain(scenario, spam, pinned);
    expect(a.recall).toBe(1);
    expect(a.f).toBeLessThan(0.3);
  });

  it('works the example of scenarios/SCORING.md', () => {
    const a = assessChain(
      scenario,
      [
        link(DEPLOY, 'condition:exception:cart', [typeError.ref]),
        link('condition:exception:cart', 'service:web'),
        link('service:cart-db', 'service:web'),
      ],
      pinned,
    );
    expect(a.links.map((l) => l.credit)).toEqual([1, 0.05]);
    expect(a.recall).toBeCloseTo(0.525, 9);
    expect(a.precision).toBeCloseTo(0.35, 9);
    expect(a.f).toBeCloseTo(0.42, 9);
  });

  it('gives nothing for no chain, and ignores nodes that name nothing', () => {
    expect(assessChain(scenario, [], pinned).f).toBe(0);
    const a = assessChain(scenario, [link('nonsense', 'edge:web'), link('service:nope', 'text:')], pinned);
    expect(a.f).toBe(0);
    expect(a.extra.map((x) => x.standing)).toEqual(['unbacked', 'unbacked']);
  });
});
