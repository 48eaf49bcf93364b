import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { faultWorldText } from './faultWorld.ts';

// The fault world: web's GET /items (12/s) and POST /orders (4/s) call api; its timeline has one flag
// change at 00:15. A harmless fault keeps the file valid.
const QUIET =
  '{ id: f, kind: custom, service: api, trigger: change, log: { level: info, message: "pricing v2" } }';
const at = (hhmm: string) => Date.parse(`2026-03-01T${hhmm}:00Z`);

function load(text: string): { scenario?: Scenario; messages: string[] } {
  const { scenario, diagnostics } = loadScenario(text, 'traffic.yaml');
  return { ...(scenario ? { scenario } : {}), messages: diagnostics.map((d) => `${d.path}: ${d.message}`) };
}

function world(edit: (text: string) => string): World {
  const { scenario, messages } = load(edit(faultWorldText(QUIET)));
  if (!scenario) throw new Error(messages.join('\n'));
  return simulate(scenario);
}

function rate(w: World, expr: string, hhmm: string): number {
  const r = instantQuery(w.metrics, expr, at(hhmm));
  if (!r.ok || r.value.resultType !== 'vector') throw new Error(`no vector for ${expr}`);
  return r.value.result[0]?.v ?? 0;
}

const shift =
  (route: string, factor: number, time = '00:20') =>
  (text: string) =>
    text.replace(
      'timeline:\n',
      `timeline:\n  - { id: shift, at: 2026-03-01T${time}:00Z, kind: traffic, service: web, route: "${route}", factor: ${factor}, description: Shift. }\n`,
    );

const ITEMS = 'sum(rate(http_server_requests_total{service="web",method="GET",route="/items"}[2m]))';
const ORDERS = 'sum(rate(http_server_requests_total{service="web",method="POST",route="/orders"}[2m]))';

describe('traffic a timeline event reshapes', () => {
  it('bursts on one endpoint while the others keep their rate', () => {
    const w = world(shift('GET /items', 4));
    expect(rate(w, ITEMS, '00:18')).toBeGreaterThan(10);
    expect(rate(w, ITEMS, '00:18')).toBeLessThan(14);
    expect(rate(w, ITEMS, '00:30')).toBeGreaterThan(40);
    expect(rate(w, ORDERS, '00:30')).toBeGreaterThan(3);
    expect(rate(w, ORDERS, '00:30')).toBeLessThan(5);
  });

  it('stops arriving on one endpoint when its callers give up upstream', () => {
    const w = world(shift('POST /orders', 0));
    expect(rate(w, ORDERS, '00:18')).toBeGreaterThan(3);
    expect(rate(w, ORDERS, '00:30')).toBe(0);
    expect(rate(w, ITEMS, '00:30')).toBeGreaterThan(10);
  });

  it('refuses a shift of a route users do not call, naming those they do', () => {
    const { messages } = load(shift('GET /v1/items', 2)(faultWorldText(QUIET)));
    expect(messages).toEqual([
      'timeline[0].route: "web" has no endpoint users call named "GET /v1/items" (did you mean "GET /items"?): a shift multiplies the rate of one with a `rate`',
    ]);
  });
});

/** The fault world with a second segment, of users in the eu region (the first, beta, has no region). */
const withEu = (text: string) =>
  text.replace(
    '    - { id: beta, share: 0.3, attrs: { plan: beta } }\n',
    '    - { id: beta, share: 0.3, attrs: { plan: beta } }\n    - { id: eu-users, share: 0.3, attrs: { region: eu } }\n',
  );

const sliceShift = (slice: string, factor: number) => (text: string) =>
  withEu(
    text.replace(
      'timeline:\n',
      `timeline:\n  - { id: shift, at: 2026-03-01T00:20:00Z, kind: traffic, ${slice}, factor: ${factor}, description: Shift. }\n`,
    ),
  );

/** Api's request lines carrying a segment attribute in five minutes before a time, per second. */
function linesPerSecond(w: World, contains: string, hhmm: string): number {
  const endMs = at(hhmm);
  const { matched } = searchLogs(w, { service: 'api', contains, startMs: endMs - 300_000, endMs, limit: 1 });
  return matched / 300;
}

const ALL = 'sum(rate(http_server_requests_total{service="web"}[5m]))';

describe('traffic shifted for one slice of users', () => {
  it('stops arriving from one region while the other users keep their rate', () => {
    const w = world(sliceShift('region: eu', 0));
    // 16 requests a second, 30% of them from eu users.
    expect(linesPerSecond(w, '"region":"eu"', '00:18')).toBeGreaterThan(3.5);
    expect(linesPerSecond(w, '"region":"eu"', '00:35')).toBe(0);
    expect(linesPerSecond(w, '"plan":"beta"', '00:18')).toBeGreaterThan(3.5);
    expect(linesPerSecond(w, '"plan":"beta"', '00:35')).toBeGreaterThan(3.5);
    expect(linesPerSecond(w, '"plan":"beta"', '00:35')).toBeLessThan(6);
    expect(rate(w, ALL, '00:18')).toBeGreaterThan(14);
    expect(rate(w, ALL, '00:35')).toBeGreaterThan(10);
    expect(rate(w, ALL, '00:35')).toBeLessThan(12.5);
  });

  it('bursts from one segment, multiplying only its requests', () => {
    const w = world(sliceShift('segment: beta', 4));
    expect(linesPerSecond(w, '"plan":"beta"', '00:18')).toBeLessThan(6);
    expect(linesPerSecond(w, '"plan":"beta"', '00:35')).toBeGreaterThan(16);
    expect(linesPerSecond(w, '"plan":"beta"', '00:35')).toBeLessThan(22);
    expect(linesPerSecond(w, '"region":"eu"', '00:35')).toBeGreaterThan(3.5);
    expect(linesPerSecond(w, '"region":"eu"', '00:35')).toBeLessThan(6);
    // 16 × (0.4 + 0.3 + 0.3 × 4): about 30 a second.
    expect(rate(w, ALL, '00:35')).toBeGreaterThan(27);
    expect(rate(w, ALL, '00:35')).toBeLessThan(34);
  });

  it.each([
    [
      'region: us',
      'timeline[0].region: no segment\'s users come from region "us" (did you mean "eu"?): a shift by region multiplies the segments whose attrs.region is one of "eu"',
    ],
    [
      'segment: betta',
      'timeline[0].segment: unknown segment "betta" (did you mean "beta"?): a shift multiplies one of "beta", "eu-users"',
    ],
    [
      'region: eu, segment: beta',
      'timeline[0].segment: a shift multiplies one slice of users: name a `region` or a `segment`, not both',
    ],
    [
      'service: web, route: "GET /items", segment: beta',
      'timeline[0].segment: a shift multiplies one route or one slice of users, not both: split it into two shifts',
    ],
  ])('refuses a shift of %s', (slice, message) => {
    expect(load(sliceShift(slice, 2)(faultWorldText(QUIET))).messages).toEqual([message]);
  });
});

describe('a call made several times per request', () => {
  const fanOut = (text: string) =>
    text.replace(
      '{ service: db, route: "INSERT orders" }',
      '{ service: db, route: "INSERT orders", times: 5 }',
    );

  it('shows as that many client spans under each request, and that many database operations', () => {
    const once = world((t) => t);
    const five = world(fanOut);
    const inserts = 'sum(rate(db_server_operations_total{service="db",method="INSERT"}[5m]))';
    const ratio = (w: World) =>
      rate(w, inserts, '00:30') /
      rate(
        w,
        'sum(rate(http_server_requests_total{service="api",method="POST",route="/v1/orders"}[5m]))',
        '00:30',
      );
    expect(ratio(five) - ratio(once)).toBeGreaterThan(3.5);
    const order = five.traces.spansOf('api').find((row) => five.traces.span(row).name === 'POST /v1/orders')!;
    const trace = five.traces.trace(five.traces.span(order).traceId);
    expect(
      trace.filter((s) => s.service === 'api' && s.kind === 'client' && s.name.includes('INSERT')),
    ).toHaveLength(5);
  });

  it('is refused on an async call, which is published once', () => {
    const { messages } = load(
      faultWorldText(QUIET).replace(
        '{ service: queue, route: "PUBLISH orders", async: true }',
        '{ service: queue, route: "PUBLISH orders", async: true, times: 3 }',
      ),
    );
    expect(messages).toEqual([
      'system.services[1].endpoints[1].calls[1].times: an async call is published once per request: drop `times`, or fan out in the consumer',
    ]);
  });
});
