import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import type { PaletteSource } from '../../../src/engine/sim/response/palette.ts';
import { actionPalette, paletteEntry } from '../../../src/engine/sim/response/palette.ts';
import { judgeResponse, pageTime, playResponse } from '../../../src/engine/sim/response/response.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { builtinScenario } from '../helpers.ts';

const MIN = 60_000;

/** A small system: one of each kind of target. */
const SHOP: PaletteSource = {
  system: {
    services: [
      { id: 'web', kind: 'frontend', instances: 2, regions: ['eu', 'us'] },
      { id: 'cart', kind: 'api', instances: 1, regions: ['eu'] },
      { id: 'cart-db', kind: 'database', instances: 1, regions: [] },
    ],
  },
  traffic: { segments: [{ id: 'mobile' }] },
  timeline: [
    {
      id: 'deploy-cart',
      at: '2026-03-02T01:35:00Z',
      kind: 'deploy',
      service: 'cart',
      version: '2.1.0',
      description: 'cart 2.1.0',
    },
    {
      id: 'gzip',
      at: '2026-03-02T01:32:00Z',
      kind: 'config',
      service: 'web',
      key: 'gzip_comp_level',
      description: 'gzip 9',
    },
    {
      id: 'dark-mode',
      at: '2026-03-02T01:20:00Z',
      kind: 'flag',
      key: 'web.dark-mode',
      description: 'dark mode on',
    },
    {
      id: 'cert',
      at: '2026-03-02T00:00:00Z',
      kind: 'certificate',
      service: 'cart',
      region: 'eu',
      expires: '2026-03-02T00:00:00Z',
      description: 'cart eu cert',
    },
    { id: 'cron', at: '2026-03-02T01:00:00Z', kind: 'cron', service: 'cart', description: 'nightly report' },
    { id: 'campaign', at: '2026-03-02T01:10:00Z', kind: 'traffic', description: 'newsletter' },
  ],
  code: {
    service: 'cart',
    commits: [
      { id: '3c0d8e1', date: '2026-01-10T09:00:00Z', changes: [] },
      { id: '1a2b3c4', date: '2026-02-20T10:00:00Z', changes: [{ path: 'src/price.ts' }] },
      {
        id: '9f8e7d6',
        date: '2026-03-01T16:00:00Z',
        changes: [
          { path: 'src/pricing/coupon.ts' },
          { path: 'src/pricing/types.ts' },
          { path: 'package.json' },
          { path: 'README.md' },
        ],
      },
    ],
  },
};

describe('the action palette', () => {
  const palette = actionPalette(SHOP);

  it('offers each verb on each target of its kind, grouped by verb, never on the cron or traffic events', () => {
    expect(palette.map((a) => a.id)).toEqual([
      'rollback:deploy-cart',
      'revert:gzip',
      'revert:dark-mode',
      'restart:web',
      'restart:cart',
      'restart:cart-db',
      'scale:web:4',
      'scale:web:6',
      'scale:cart:2',
      'scale:cart:3',
      'drain:web/1',
      'drain:web/2',
      'failover:eu:us',
      'failover:us:eu',
      'rate-limit:mobile',
      'renew:cert',
      'hotfix:cart:1a2b3c4',
      'hotfix:cart:9f8e7d6',
      'restore:cart-db',
    ]);
  });

  it.each([
    [
      'rollback:deploy-cart',
      'Roll back cart 2.1.0 (deployed 01:35)',
      'kubectl rollout undo deployment/cart',
      '5m',
    ],
    [
      'revert:gzip',
      'Revert the config change gzip_comp_level on web (01:32)',
      'restore gzip_comp_level on web to what it was before 01:32 and reload',
      '2m',
    ],
    [
      'revert:dark-mode',
      'Revert the flag change web.dark-mode (01:20)',
      'restore web.dark-mode to what it was before 01:20 and reload',
      '2m',
    ],
    [
      'restart:cart-db',
      'Restart every instance of cart-db',
      'kubectl rollout restart statefulset/cart-db',
      '4m',
    ],
    ['scale:web:4', 'Scale web from 2 to 4 instances', 'kubectl scale deployment/web --replicas=4', '3m'],
    ['drain:web/2', 'Drain instance 2 of web (us)', 'take instance 2 of web out of its load balancer', '1m'],
    [
      'failover:eu:us',
      'Fail eu traffic over to us',
      "set the global load balancer's eu pool weight to 0 so us serves it",
      '4m',
    ],
    [
      'rate-limit:mobile',
      'Rate-limit mobile to 10% at the edge',
      'edge rule: answer 429 to 90% of requests from mobile',
      '1m',
    ],
    [
      'renew:cert',
      'Renew the certificate on cart in eu (expires 2026-03-02 00:00)',
      'issue a new certificate from the internal CA, store it in the TLS secret and reload on cart',
      '15m',
    ],
    [
      'hotfix:cart:1a2b3c4',
      'Ship a hot fix to cart reverting 1a2b3c4 (src/price.ts)',
      "git revert 1a2b3c4, have it reviewed and ship it through cart's pipeline",
      '20m',
    ],
    [
      'hotfix:cart:9f8e7d6',
      'Ship a hot fix to cart reverting 9f8e7d6 (src/pricing/coupon.ts, src/pricing/types.ts +2 more)',
      "git revert 9f8e7d6, have it reviewed and ship it through cart's pipeline",
      '20m',
    ],
    [
      'restore:cart-db',
      'Restore cart-db from its latest backup',
      'copy the rows missing from cart-db back out of its latest snapshot',
      '30m',
    ],
  ])('labels %s from its verb and target', (id, label, command, cost) => {
    expect(palette.find((a) => a.id === id)).toMatchObject({ label, command, cost });
  });

  it('takes a cost the scenario sets, and nothing else from it', () => {
    const costed = actionPalette(SHOP, {
      verdicts: {
        'restart:cart': { right: true, cost: '7m', note: 'frees the leak' },
      },
    });
    expect(costed.find((a) => a.id === 'restart:cart')).toEqual({
      ...palette.find((a) => a.id === 'restart:cart'),
      cost: '7m',
    });
    expect(costed.filter((a) => a.id !== 'restart:cart')).toEqual(
      palette.filter((a) => a.id !== 'restart:cart'),
    );
  });

  it('is the same for two scenarios on the same system, whatever their faults, solution, hints and verdicts', () => {
    const tutorial = builtinScenario('tutorial.yaml');
    const other: Scenario = {
      ...tutorial,
      id: 'other',
      faults: [{ ...tutorial.faults[0]!, kind: 'memory-leak', trigger: 'web-worker-connections' }],
      hints: [],
      solution: { ...tutorial.solution, rootCause: { component: 'web', fault: 'memory-leak' } },
      mitigations: { 'restart:web': { right: true } },
    };
    expect(actionPalette(other)).toEqual(actionPalette(tutorial));
    // The tutorial's own verdicts and labels: the right rollback reads like any other action.
    expect(actionPalette(tutorial).map((a) => a.label)).toEqual([
      'Roll back cart 2.4.1 (deployed 01:40)',
      'Revert the config change on web (01:20): Raise nginx worker_connections from 1024 to 2048 ahead of…',
      'Restart every instance of web',
      'Restart every instance of cart',
      'Restart every instance of cart-db',
      'Scale web from 2 to 4 instances',
      'Scale web from 2 to 6 instances',
      'Scale cart from 2 to 4 instances',
      'Scale cart from 2 to 6 instances',
      'Drain instance 1 of web',
      'Drain instance 2 of web',
      'Drain instance 1 of cart',
      'Drain instance 2 of cart',
      'Rate-limit coupon-shoppers to 10% at the edge',
      'Ship a hot fix to cart reverting 7be2f40 (src/catalog/cache.ts, package.json)',
      'Ship a hot fix to cart reverting a41f9c2 (src/pricing/types.ts, src/pricing/coupon.ts +3 more)',
      'Restore cart-db from its latest backup',
    ]);
  });

  it("offers a hot fix for each commit that changed a stateless service's code, those its deploys roll out too", () => {
    const hotfixes = (source: PaletteSource, atMs?: number) =>
      actionPalette(source, { atMs })
        .filter((a) => a.kind === 'hotfix')
        .map((a) => [a.id, a.service, a.commit]);
    // The history is built into no service: only the commit cart's deploy rolls out is cart's.
    const unowned: PaletteSource = {
      ...SHOP,
      code: { commits: SHOP.code!.commits },
      timeline: SHOP.timeline.map((e) => (e.id === 'deploy-cart' ? { ...e, commit: '1a2b3c4' } : e)),
    };
    expect(hotfixes(unowned)).toEqual([['hotfix:cart:1a2b3c4', 'cart', '1a2b3c4']]);
    // A commit made after the clock's now is not there to revert yet; a commit that changed no file never is.
    expect(hotfixes(SHOP, Date.parse('2026-02-25T00:00:00Z'))).toEqual([
      ['hotfix:cart:1a2b3c4', 'cart', '1a2b3c4'],
    ]);
    // Without a code history there is nothing to name, so nothing to hot-fix.
    expect(hotfixes({ ...SHOP, code: undefined })).toEqual([]);
    // A player's view holds the outline of the history, and offers the same hot fixes.
    const { code, ...open } = SHOP;
    expect(actionPalette({ ...open, codeOutline: code })).toEqual(palette);
  });

  it('offers nothing to undo for a change the clock has not reached', () => {
    const atMs = Date.parse('2026-03-02T01:33:00Z');
    const early = actionPalette(SHOP, { atMs }).map((a) => a.id);
    expect(early.filter((id) => id.startsWith('rollback:') || id.startsWith('revert:'))).toEqual([
      'revert:gzip',
      'revert:dark-mode',
    ]);
    expect(paletteEntry(SHOP, 'rollback:deploy-cart', { atMs })).toEqual({
      error: 'no action "rollback:deploy-cart" yet: the change it acts on has not happened by then',
    });
  });

  it.each([
    ['reboot:everything', 'no action "reboot:everything" on this system'],
    ['restart:carts', 'no action "restart:carts" on this system (did you mean "restart:cart"?)'],
    ['drain:cart/1', 'no action "drain:cart/1" on this system (did you mean "drain:web/1"?)'],
    ['scale:cart-db:2', 'no action "scale:cart-db:2" on this system (did you mean "scale:cart:2"?)'],
    ['rollback:cron', 'no action "rollback:cron" on this system; this system has rollback:deploy-cart'],
    ['hotfix:cart', 'no action "hotfix:cart" on this system (did you mean "hotfix:cart:1a2b3c4"?)'],
    [
      'hotfix:cart:3c0d8e1',
      'no action "hotfix:cart:3c0d8e1" on this system; this system has hotfix:cart:1a2b3c4, hotfix:cart:9f8e7d6',
    ],
  ])('refuses %s, naming what is close', (id, error) => {
    expect(paletteEntry(SHOP, id)).toEqual({ error });
  });
});

/** SHOP behind a managed gateway and on a managed database: neither is run by the team. */
const MANAGED: PaletteSource = {
  ...SHOP,
  system: {
    services: [
      ...SHOP.system.services.map((svc) => (svc.id === 'cart-db' ? { ...svc, observed: false } : svc)),
      { id: 'gateway', kind: 'gateway', instances: 2, regions: [], observed: false },
    ],
  },
  timeline: [
    ...SHOP.timeline,
    {
      id: 'route-change',
      at: '2026-03-02T01:30:00Z',
      kind: 'config',
      service: 'gateway',
      key: 'route-table',
      description: 'via transit',
    },
    {
      id: 'deploy-gateway',
      at: '2026-03-02T01:31:00Z',
      kind: 'deploy',
      service: 'gateway',
      commit: '1a2b3c4',
      description: 'gateway policy',
    },
  ],
};

describe('the action palette on a component the team does not run', () => {
  const ids = actionPalette(MANAGED).map((a) => a.id);
  const on = (service: string) =>
    ids.filter((id) => id.split(':')[1]?.split('/')[0] === service || id.endsWith(`:${service}`));

  it('offers no restart, scale, drain or hot fix on it, and still what the team did to it', () => {
    expect(on('gateway')).toEqual([]);
    expect(ids.filter((id) => id.includes('gateway') || id.includes('route'))).toEqual([
      'rollback:deploy-gateway',
      'revert:route-change',
    ]);
    // A managed database is restored from the backups its provider keeps.
    expect(on('cart-db')).toEqual(['restore:cart-db']);
    // Everything on the services the team runs stays as it was.
    const own = actionPalette(SHOP).map((a) => a.id);
    expect(ids.filter((id) => !id.includes('gateway') && id !== 'revert:route-change')).toEqual(
      own.filter((id) => id !== 'restart:cart-db'),
    );
  });

  it.each([
    ['restart:gateway', 'restart'],
    ['scale:gateway:4', 'scale'],
    ['drain:gateway/1', 'drain'],
    ['hotfix:gateway:1a2b3c4', 'ship a hot fix to'],
    ['restart:cart-db', 'restart'],
  ])('refuses %s, saying nobody on the team can %s it', (id, verb) => {
    const service = id.includes('cart-db') ? 'cart-db' : 'gateway';
    expect(paletteEntry(MANAGED, id)).toEqual({
      error: `no action "${id}": "${service}" is run by someone else (observed: false): nobody on the team can ${verb} it; weigh an action on a change made to it, a failover or a rate limit instead`,
    });
  });

  it('refuses a scenario whose right answer is such an action, where it is written', () => {
    const text = `${readFileSync('test/fixtures/managed-gateway.yaml', 'utf8')}mitigations:\n  restart:gateway: { right: true }\n  revert:route-change: { right: true }\n`;
    const line = text.split('\n').indexOf('  restart:gateway: { right: true }') + 1;
    const { scenario, diagnostics } = loadScenario(text, 'managed-gateway.yaml');
    expect(scenario).toBeUndefined();
    expect(diagnostics.map((d) => ({ line: d.line, col: d.col, message: d.message }))).toEqual([
      {
        line,
        col: '  restart:gateway: '.length + 1,
        message:
          'no action "restart:gateway": "gateway" is run by someone else (observed: false): nobody on the team can restart it; weigh an action on a change made to it, a failover or a rate limit instead',
      },
    ]);
  });
});

/** The value of a PromQL expression that answers one sample (0 when it answers none). */
const value = (world: World, expr: string, atMs: number): number => {
  const r = instantQuery(world.metrics, expr, atMs);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value.resultType === 'vector' ? (r.value.result[0]?.v ?? 0) : Number.NaN;
};

describe('an action of the palette played through the simulation', () => {
  const scenario = builtinScenario('tutorial.yaml');
  const page = pageTime(scenario);
  const until = page + 30 * MIN;
  const cartCrashes = (world: World) =>
    searchLogs(world, {
      service: 'cart',
      contains: "reading 'percent'",
      startMs: page + 21 * MIN,
      endMs: until,
      limit: 1,
    }).matched;
  const base = playResponse(scenario, scenario.seed, [], until);

  it.each([
    // id, the change log's entry, cart's serving pods at the end, whether cart still crashes
    ['rollback:deploy-cart-2-4-1', { kind: 'rollback', service: 'cart', version: '2.4.0' }, 2, false],
    ['hotfix:cart:a41f9c2', { kind: 'deploy', service: 'cart', version: '2.4.1-hotfix.1' }, 2, false],
    ['restart:cart', { kind: 'deploy', service: 'cart', version: '2.4.1' }, 2, true],
    ['scale:cart:6', { kind: 'config', service: 'cart', key: 'replicas', value: '6' }, 6, true],
    ['drain:cart/2', { kind: 'traffic', service: 'cart', key: 'endpoints.cart' }, 1, true],
    ['revert:web-worker-connections', { kind: 'config', service: 'web' }, 2, true],
    [
      'rate-limit:coupon-shoppers',
      { kind: 'config', key: 'ratelimit.coupon-shoppers', value: '10%' },
      2,
      true,
    ],
  ] as const)('%s changes the system as it says', (id, change, pods, crashes) => {
    const run = playResponse(scenario, scenario.seed, [{ mitigation: id, atMs: page }], until);
    const world = run.world();
    expect(run.changes).toHaveLength(1);
    expect(run.changes[0]).toMatchObject({ ...change, id: `mitigation-${id.replace(/[:/]/g, '-')}` });
    expect(value(world, 'count(up{service="cart"} == 1)', until - MIN)).toBe(pods);
    expect(cartCrashes(world) > 0).toBe(crashes);
  });

  it('leaves cart crashing without any action', () => {
    expect(cartCrashes(base.world())).toBeGreaterThan(0);
  });

  it('fails eu over to us: the expired certificate stops hurting eu shoppers', () => {
    const cert = builtinScenario('only-in-europe.yaml');
    const step = { mitigation: 'failover:eu:us', atMs: pageTime(cert) };
    const end = step.atMs + 20 * MIN;
    const none = playResponse(cert, cert.seed, [], end);
    const failedOver = playResponse(cert, cert.seed, [step], end);
    expect(judgeResponse([none, failedOver], [step])[0]!.outcome).toBe('cleared');
    expect(failedOver.changes[0]).toMatchObject({
      kind: 'traffic',
      key: 'route.eu',
      value: 'us',
      region: 'eu',
    });
  });
});
