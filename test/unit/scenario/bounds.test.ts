import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadScenario } from '../../../src/engine/scenario/load.ts';
import { scenarioText } from '../helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: a YAML document edited in place, any shape
type Doc = Record<string, any>;

/** The tutorial with one change made to its parsed document, loaded again. */
function tutorialWith(change: (d: Doc) => void) {
  const doc = parse(scenarioText('tutorial.yaml')) as Doc;
  change(doc);
  return loadScenario(stringify(doc), 'tutorial.yaml');
}

describe('what a scenario may ask of the simulation', () => {
  it.each([
    {
      name: 'a noise line every 0s',
      change: (d: Doc) => {
        d.noise[0].every = '0s';
      },
      path: 'noise[0].every',
      message: '0s is under the limit of 1s; use 1s or more',
    },
    {
      name: 'a latency of a million hours',
      change: (d: Doc) => {
        d.system.services[0].endpoints[0].latency = '1000000h';
      },
      path: 'system.services[0].endpoints[0].latency',
      message: '1000000h is over the limit of 1m; use 1m or less',
    },
    {
      name: 'a cron job every second',
      change: (d: Doc) => {
        d.timeline.push({
          id: 'tick',
          at: '2026-10-25T01:00:00Z',
          kind: 'cron',
          service: 'cart',
          every: '1s',
          description: 'x',
        });
      },
      path: 'timeline[2].every',
      message: '1s is under the limit of 1m; use 1m or more',
    },
    {
      name: 'a rate over the schema maximum',
      change: (d: Doc) => {
        d.system.services[0].endpoints[0].rate = 10_000;
      },
      path: 'system.services[0].endpoints[0].rate',
      message: 'Too big: expected number to be <=1000',
    },
    {
      name: 'the maximum rate over the whole window',
      change: (d: Doc) => {
        d.system.services[0].endpoints[0].rate = 1_000;
      },
      path: 'system.services[0].endpoints[0].rate',
      message:
        'the 1h30m window would receive about 5,427,000 requests (5,400,000 to "GET /"); at most 500,000: lower the rates or the traffic factors, or shorten the window',
    },
    {
      name: 'a traffic shift that multiplies every rate by 100',
      change: (d: Doc) => {
        d.timeline.push({
          id: 'surge',
          at: '2026-10-25T01:00:00Z',
          kind: 'traffic',
          factor: 100,
          description: 'x',
        });
      },
      path: 'system.services[0].endpoints[0].rate',
      message:
        'the 1h30m window would receive about 5,400,000 requests (2,700,000 to "GET /"); at most 500,000: lower the rates or the traffic factors, or shorten the window',
    },
    {
      name: 'requests under the limit that walk too many spans',
      change: (d: Doc) => {
        const checkout = d.system.services[0].endpoints[2];
        checkout.calls = Array.from({ length: 32 }, () => checkout.calls[0]);
        checkout.rate = 40;
        d.system.edges[0].retries = 2;
        d.system.edges[1].retries = 2;
      },
      path: 'system.services[0].endpoints[2].rate',
      message:
        'the 1h30m window\'s requests would walk about 166,536,000 spans (166,104,000 from "POST /checkout"); at most 10,000,000: lower the rates, the calls or retries per request, or shorten the window',
    },
    {
      // Logs and traces kept for three hours hold 108,000 requests of "GET /", under their limit; the
      // model still walks every request of the six days.
      name: 'days of requests behind a short retention',
      change: (d: Doc) => {
        d.window.start = '2026-10-19T00:30:00Z';
        d.system.services[0].endpoints[0].rate = 10;
        d.observability = { logs: { retention: '3h' }, traces: { retention: '3h' } };
      },
      path: 'system.services[0].endpoints[0].rate',
      message:
        'the 6d2h window would receive about 7,884,000 requests (5,256,000 to "GET /"); at most 4,000,000: lower the rates or the traffic factors, or shorten the window',
    },
    {
      name: 'retries that multiply down a call graph',
      change: (d: Doc) => {
        const checkout = d.system.services[0].endpoints[2];
        checkout.calls = Array.from({ length: 32 }, () => checkout.calls[0]);
        checkout.rate = 0.01;
        d.system.edges[0].retries = 10;
        d.system.edges[1].retries = 10;
      },
      path: 'system.services[0].endpoints[2].calls',
      message:
        'one request to "POST /checkout" can walk 8,449 spans with every call and retry taken; at most 2,000: lower the retries on its edges or the calls below it',
    },
    {
      name: 'more instances than the metrics can keep',
      change: (d: Doc) => {
        for (let i = 0; i < 20; i++) d.system.services.push({ id: `extra-${i}`, kind: 'api', instances: 64 });
      },
      path: 'system.services[3].instances',
      message:
        'the system would run 1,287 instances, counting those deploys roll out (64 of this service); at most 1,024: use fewer instances or deploys',
    },
  ])('refuses $name, at the field, with the limit', ({ change, path, message }) => {
    const { scenario, diagnostics } = tutorialWith(change);
    expect(scenario).toBeUndefined();
    expect(diagnostics.map((d) => ({ path: d.path, message: d.message }))).toContainEqual({ path, message });
    for (const d of diagnostics) expect(d.line).toBeGreaterThan(0);
  });

  it('accepts the maximum rate when the window is short enough', () => {
    const { scenario, diagnostics } = tutorialWith((d) => {
      d.system.services[0].endpoints[0].rate = 1_000;
      d.window = { start: '2026-10-25T01:35:00Z', end: '2026-10-25T01:43:00Z' };
      d.channel = [];
    });
    expect(diagnostics).toEqual([]);
    expect(scenario?.system.services[0]?.endpoints[0]?.rate).toBe(1_000);
  });
});

describe('YAML that would exhaust the parser', () => {
  const base = scenarioText('aftershock.yaml');
  it.each([
    {
      name: 'flow collections nested 5,000 deep',
      text: `${base}\nextra: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      message: 'nesting is deeper than 32 levels',
    },
    {
      name: 'an alias inside its own anchor, with variants',
      text: base.replace('tags:', 'loop: &t [*t]\ntags:'),
      message: 'alias *t refers to a node that contains it: a value cannot hold itself',
    },
  ])('refuses $name with a positioned error', ({ text, message }) => {
    const { scenario, diagnostics } = loadScenario(text, 'aftershock.yaml');
    expect(scenario).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toBe(message);
    expect(diagnostics[0]!.line).toBeGreaterThan(1);
  });
});
