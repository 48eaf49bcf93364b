import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluateLogQL, matchingEntryIds } from '../../../src/engine/query/logql/index.ts';
import type { LogStore } from '../../../src/engine/world/logStore.ts';
import { FIXTURE_LINES, fixtureStore } from './fixture.ts';

/** What `grep -F needle` finds in one stream: ids of the entries containing the text, oldest first. */
function plainSubstring(store: LogStore, service: string, needle: string): number[] {
  const ids: number[] = [];
  for (let id = 0; id < store.size; id++)
    if (store.streamOf(id).labels.service === service && store.line(id).includes(needle)) ids.push(id);
  return ids;
}

describe('|= finds exactly the lines a plain substring search finds', () => {
  const store = fixtureStore();
  const services = [...new Set(FIXTURE_LINES.map(([, l]) => l.service!))];
  const words = [...new Set(FIXTURE_LINES.flatMap(([, , line]) => line.split(/[\s="]+/)))].filter(
    (w) => w !== '',
  );
  test('every word of the fixture, in every service', () => {
    for (const service of services)
      for (const word of words) {
        const q = `{service="${service}"} |= ${JSON.stringify(word)}`;
        expect(matchingEntryIds(store, q)).toEqual({ ids: plainSubstring(store, service, word) });
      }
  });
  test('random needles, including regex metacharacters, are taken literally', () => {
    fc.assert(
      fc.property(fc.constantFrom(...services), fc.string({ maxLength: 4 }), (service, needle) => {
        const q = `{service="${service}"} |= \`${needle.replace(/`/g, '')}\``;
        expect(matchingEntryIds(store, q)).toEqual({
          ids: plainSubstring(store, service, needle.replace(/`/g, '')),
        });
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});

describe('evaluation never throws', () => {
  const store = fixtureStore();
  const queries = [
    '{service="api"} | json | status > 1 | unwrap latency_ms',
    'sum(rate({service=~".+"} | logfmt | unwrap duration(duration) [1m])) / 0',
    'topk(2, count_over_time({service=~".+"}[1m])) and on (service) count_over_time({service="billing"}[1m])',
    'count_over_time({service=~".+"}[1m]) or vector(1)',
    'count_over_time({service=~".+"}[1m]) unless count_over_time({service="web"}[1m])',
    'count_over_time({service=~".+"} | drop level [1m]) + count_over_time({service="billing"}[1m])',
    '{service="api"} | json | line_format "{{__timestamp__}}"',
  ];
  test.each(queries)('%s', (q) => {
    for (const opts of [
      { startMs: 0, endMs: 1e13, stepMs: 3.6e9 },
      { startMs: 5, endMs: 5, instant: true },
      { startMs: 10, endMs: 0 },
      { startMs: Number.NaN, endMs: Number.NaN, stepMs: 0 },
    ]) {
      const r = evaluateLogQL(store, q, opts);
      if (!r.ok) for (const e of r.errors) expect(e.to).toBeLessThanOrEqual(q.length);
    }
  });
});
