import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { siteNamesOf } from '../../../src/engine/sim/telemetry/siteNames.ts';
import { loadedScenario } from '../helpers.ts';
import { twoCoastsText } from './twoCoasts.ts';

type Named = Pick<Scenario, 'id' | 'system' | 'code'>;
const system = (domain?: string) => ({ services: [], edges: [], ...(domain ? { domain } : {}) });
const code = (emailDomain: string) => ({ emailDomain }) as Scenario['code'];

describe("a system's host and app names", () => {
  it.each([
    ['its own domain', { id: 'x', system: system('tasklane.example') }, 'tasklane.example', 'tasklane'],
    ['its own domain past a www', { id: 'x', system: system('www.ledger.io') }, 'www.ledger.io', 'ledger'],
    [
      'its own domain over its team e-mail',
      { id: 'x', system: system('chat.example'), code: code('corp.example') },
      'chat.example',
      'chat',
    ],
    ['its team e-mail', { id: 'x', system: system(), code: code('shop.example') }, 'shop.example', 'shop'],
    [
      'a made-up product, when the e-mail domain is the default',
      { id: 'dinner-rush', system: system(), code: code('example.com') },
      'kestrel.example',
      'kestrel',
    ],
    [
      'a made-up product, without code',
      { id: 'cold-tiles', system: system() },
      'orchardly.example',
      'orchardly',
    ],
  ])('come from %s', (_, scenario, host, app) => {
    const names = siteNamesOf(scenario as unknown as Named);
    expect([names.host, names.app, names.userAgents.at(-1)]).toEqual([
      host,
      app,
      `${app}-android/5.12.0 (Pixel 8; Android 15)`,
    ]);
  });
});

describe('a system without a domain of its own', () => {
  // Its scenario's id would name the story in every request line (vanished-sites.example).
  it('is not named after its scenario', () => {
    for (const id of [
      'vanished-sites',
      'pool-last-year',
      'saved-nothing',
      'one-node-short',
      'lost-batches',
    ]) {
      const { host, userAgents } = siteNamesOf({ id, system: system() } as unknown as Named);
      for (const word of id.split('-')) expect(`${host} ${userAgents.at(-1)}`).not.toContain(word);
    }
  });
});

describe('the lines of a system with its own domain', () => {
  const text = twoCoastsText(
    '',
    '  - { id: f, kind: edge-latency, service: web, edge: { from: web, to: api }, from: 2026-03-01T00:30:00Z, addedLatency: 3s, severity: 1 }',
    'edge-latency',
  )
    .replace('system:\n', 'system:\n  domain: coastal.example\n')
    .replace('attrs: { region: east }', 'attrs: { region: east, client: ios-2.1 }')
    .replace('component: orders-db', 'component: web');
  const scenario = loadedScenario(text, 'two-coasts.yaml');
  const world = simulate(scenario);
  const count = (contains: string) => searchLogs(world, { service: 'web', contains, limit: 1 }).matched;

  it('name its app in user agents and its host in nginx errors, and nothing of another system', () => {
    expect(count('"coastal-app/ios-2.1"')).toBeGreaterThan(100);
    expect(count('coastal-android/5.12.0 (Pixel 8; Android 15)')).toBeGreaterThan(100);
    expect(count('upstream timed out')).toBeGreaterThan(10);
    expect(count('host: "coastal.example"')).toBe(count('upstream timed out'));
    expect(count('shop')).toBe(0);
  });
});
