import { describe, expect, it } from 'vitest';
import type { ToolResult } from '../../../src/engine/investigation/tools.ts';
import { inThread, startSession } from '../../../src/state/session.ts';
import { createAppStore } from '../../../src/state/store.ts';
import { runMetricsQuery } from '../../../src/ui/metrics/runMetrics.ts';
import { searchTraces } from '../../../src/ui/traces/runTraces.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText, worldReady } from '../helpers.ts';

const answer = (query: string): ToolResult => ({
  ok: true,
  tool: 'metrics',
  query,
  scope: {},
  matched: 0,
  items: [],
});

describe('a query answer is dropped once a newer query or a cancel came after it', () => {
  it.each([
    {
      step: 'a newer query',
      after: (s: ReturnType<typeof createAppStore>) => void s.getState().metricsQueryStarted('second'),
      running: true,
    },
    {
      step: 'a cancel',
      after: (s: ReturnType<typeof createAppStore>) => s.getState().metricsQueryCancelled(),
      running: false,
    },
    {
      step: 'a new world',
      after: (s: ReturnType<typeof createAppStore>) => s.getState().resetTools(),
      running: false,
    },
  ])('after $step', ({ after, running }) => {
    const store = createAppStore();
    const first = store.getState().metricsQueryStarted('first');
    after(store);
    store.getState().metricsQueryAnswered(answer('first'), first);
    expect(store.getState().metricsView.result).toBeUndefined();
    expect(store.getState().metricsView.running).toBe(running);
  });

  it('the latest query is answered', () => {
    const store = createAppStore();
    store.getState().logQueryStarted('{a="1"}');
    const second = store.getState().traceQueryStarted();
    store.getState().tracesFound(answer('t'), second);
    expect(store.getState().tracesView).toMatchObject({ running: false, search: answer('t') });
  });
});

describe('in play, superseded and cancelled queries are neither shown nor recorded', () => {
  const sources = [{ file: 'scenarios/tutorial.yaml', text: scenarioText('tutorial.yaml') }];

  it('logs, metrics and traces', async () => {
    const session = startSession({
      host: inThread(new WorldHost(sources)),
      storage: new MemoryStorage(),
      now: () => 0,
    });
    await session.ready;
    session.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(session);
    session.send({ type: 'begin' });
    const queries = () =>
      session.store.getState().actions.flatMap((a) => (a.type === 'query' ? [a.query] : []));

    // Two log queries at once: only the second is shown and recorded.
    await Promise.all([
      session.exploreLogs('{service="cart"} |= "TypeError"'),
      session.exploreLogs('{service="web"}'),
    ]);
    expect(session.store.getState().logView.ranQuery).toBe('{service="web"}');
    expect(queries()).toEqual(['{service="web"}']);

    // A cancelled log query leaves the last answer in place.
    const cancelled = session.exploreLogs('{service="cart"}');
    session.store.getState().logQueryCancelled();
    await cancelled;
    expect(session.store.getState().logView).toMatchObject({ searching: false, ranQuery: '{service="web"}' });

    const [first, second] = await Promise.all([
      runMetricsQuery(session, 'up'),
      runMetricsQuery(session, 'sum(up)'),
    ]);
    expect([first.query, second.query]).toEqual(['up', 'sum(up)']);
    expect(session.store.getState().metricsView.result?.query).toBe('sum(up)');

    const search = searchTraces(session);
    session.store.getState().traceQueryCancelled();
    await search;
    expect(session.store.getState().tracesView).toMatchObject({ running: false, search: undefined });

    expect(queries()).toEqual(['{service="web"}', 'sum(up)']);
  });
});
