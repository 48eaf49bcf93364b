import { describe, expect, it } from 'vitest';
import { inThread, startSession } from '../../../src/state/session.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText, worldReady } from '../helpers.ts';

const sources = [{ file: 'scenarios/tutorial.yaml', text: scenarioText('tutorial.yaml') }];

describe('a reload', () => {
  it("brings back each tool's last query and its results without recording it again", async () => {
    const storage = new MemoryStorage();
    const first = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await first.ready;
    first.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(first);
    first.send({ type: 'begin' });
    const logql = '{service="cart"} |= "TypeError"';
    await first.exploreLogs(logql);
    await first.exploreLogs('{service="cart"}');
    await first.exploreLogs(logql);
    const before = first.store.getState();
    expect(before.logView.result?.matched).toBeGreaterThan(0);

    const second = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await second.ready;
    await worldReady(second);
    await new Promise<void>((resolve) => {
      const check = () => second.store.getState().logView.result !== undefined;
      if (check()) return resolve();
      const stop = second.store.subscribe(check, (done) => {
        if (!done) return;
        stop();
        resolve();
      });
    });
    const after = second.store.getState();
    expect(after.phase).toBe('investigating');
    expect(after.logView.query).toBe(logql);
    expect(after.logView.ranQuery).toBe(logql);
    expect(after.logView.result).toEqual(before.logView.result);
    expect(after.actions).toEqual(before.actions);
  });
});

/** Resolves once `done` holds of the session's state. */
function until(session: ReturnType<typeof startSession>, done: () => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    if (done()) return resolve();
    const stop = session.store.subscribe(done, (ok) => {
      if (!ok) return;
      stop();
      resolve();
    });
  });
}

describe('a reload of a play with every tool used', () => {
  it('brings back the inputs typed into each tool, the traces found and opened, and the code open', async () => {
    const storage = new MemoryStorage();
    const first = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await first.ready;
    first.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(first);
    first.send({ type: 'begin' });
    const s = () => first.store.getState();
    s().scopeLogsTo({ service: 'cart', contains: 'TypeError', query: '{service="cart"} |= "TypeError"' });
    s().setLogRange(60);
    await first.exploreLogs('{service="cart"} |= "TypeError"');
    // Typed but not run: a reload keeps it too.
    s().editLogQuery('{service="cart"} |= "TypeErr');
    s().setMetricsRange(30);
    s().editMetricsQuery('sum(rate(http_requests_total[5m]))');
    s().editTraceForm({ service: 'cart', status: 'error', minDuration: '5ms' });
    const searchId = s().traceQueryStarted();
    const found = await first.runTool({ tool: 'traces', query: 'service=cart status=error minDuration=5ms' });
    s().tracesFound(found, searchId);
    const traceId =
      found.ok && found.items[0]?.evidence.kind === 'trace' ? found.items[0].evidence.traceId : '';
    expect(traceId).not.toBe('');
    const openId = s().traceQueryStarted();
    s().traceOpened(await first.runTool({ tool: 'traces', query: traceId }), openId);
    s().editCodeSearch('coupon');
    s().codeGrepStarted();
    s().codeGrepAnswered(await first.runTool({ tool: 'code', query: 'grep coupon' }));
    const before = first.store.getState();

    const second = startSession({ host: inThread(new WorldHost(sources)), storage, now: () => 0 });
    await second.ready;
    await worldReady(second);
    const t = () => second.store.getState();
    await until(
      second,
      () =>
        t().logView.result !== undefined &&
        t().tracesView.trace !== undefined &&
        t().codeView.grep !== undefined,
    );
    expect(t().logView).toMatchObject({
      query: '{service="cart"} |= "TypeErr',
      ranQuery: '{service="cart"} |= "TypeError"',
      service: 'cart',
      contains: 'TypeError',
      rangeMinutes: 60,
    });
    expect(t().logView.result).toEqual(before.logView.result);
    expect(t().metricsView).toMatchObject({ query: 'sum(rate(http_requests_total[5m]))', rangeMinutes: 30 });
    expect(t().tracesView.form).toEqual(before.tracesView.form);
    expect(t().tracesView.search).toEqual(before.tracesView.search);
    expect(t().tracesView.trace).toEqual(before.tracesView.trace);
    expect(t().codeView).toMatchObject({ search: 'coupon', shown: 'grep' });
    expect(t().codeView.grep).toEqual(before.codeView.grep);
    // Showing them again recorded nothing.
    expect(t().actions).toEqual(before.actions);
  });
});
