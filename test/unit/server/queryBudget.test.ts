import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryBudget } from '../../../src/engine/query/budget.ts';
import type { RunningServer } from '../../../src/server/httpServer.ts';
import { fixtureSource, request, startQueryServer, T0 } from './fixture.ts';

/**
 * Each request's budget is counted, not timed: it allows three checks of 64 units (a line read, a
 * character a regex runs over), so a regex over the fixture's 540 lines outruns it and `1 + 1` does not.
 */
const asked: number[] = [];
function countedBudget(): QueryBudget {
  const i = asked.push(0) - 1;
  return { expired: () => ++asked[i]! > 3, unitsPerCheck: 64 };
}

let server: RunningServer;
beforeAll(async () => {
  server = await startQueryServer(fixtureSource(), countedBudget);
});
afterAll(async () => {
  await server.close();
});

const TIMED_OUT = {
  status: 'error',
  errorType: 'timeout',
  error: 'query timed out in expression evaluation',
};
const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
const runaway = '(.*.*)*=$';

describe('a query over its budget answers timeout and the server goes on serving', () => {
  it.each([
    {
      api: 'Prometheus instant',
      path: `/api/v1/query?${new URLSearchParams({ query: `count({__name__=~"${runaway}|.+"})`, time: `${T0 / 1000 + 3600}` })}`,
      body: TIMED_OUT,
    },
    {
      api: 'Loki range',
      path: `/loki/api/v1/query_range?${new URLSearchParams({
        query: `{service=~".+"} |~ "${runaway}"`,
        start: ns(T0),
        end: ns(T0 + 3 * 3_600_000),
      })}`,
      body: { ...TIMED_OUT, message: TIMED_OUT.error },
    },
    {
      api: 'Loki instant',
      path: `/loki/api/v1/query?${new URLSearchParams({
        query: `count_over_time({env="prod"} |~ "${runaway}" [3h])`,
        time: ns(T0 + 3 * 3_600_000),
      })}`,
      body: { ...TIMED_OUT, message: TIMED_OUT.error },
    },
  ])('$api', async ({ path, body }) => {
    const [slow, fast, labels] = await Promise.all([
      request(server, path),
      request(server, '/api/v1/query?query=1%2B1&time=1'),
      request(server, '/loki/api/v1/labels'),
    ]);
    expect(slow).toEqual({ status: 503, body });
    expect(fast).toEqual({
      status: 200,
      body: { status: 'success', data: { resultType: 'scalar', result: [1, '2'] } },
    });
    expect(labels).toEqual({
      status: 200,
      body: { status: 'success', data: ['env', 'instance', 'region', 'service'] },
    });
    // The runaway query stopped at its fourth check: it never ran on past its budget.
    expect(Math.max(...asked)).toBe(4);
  });
});
