import { Worker } from 'node:worker_threads';
import type { Remote } from 'comlink';
import { wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolResult } from '../../../src/engine/investigation/tools.ts';
import { startSession } from '../../../src/state/session.ts';
import { announce, cancelBuffer, ticketOf } from '../../../src/worker/queryCancel.ts';
import type { WorldHost } from '../../../src/worker/worldHost.ts';
import { MemoryStorage, scenarioText, worldReady } from '../helpers.ts';

/**
 * The world's host runs on a thread of its own, as in the browser, and is busy in one synchronous run
 * while a query evaluates: a cancel reaches it through the memory the page shares with it.
 */
const sources = [{ file: 'scenarios/tutorial.yaml', text: scenarioText('tutorial.yaml') }];
/** A pattern RE2 runs in linear time but slowly, over every line of the tutorial's world (about a second). */
const RUNAWAY = '{service=~".+"} |~ "(.*.*)*=$"';

let thread: Worker;
let host: Remote<WorldHost>;
const readings = new Int32Array(new SharedArrayBuffer(4));

beforeAll(async () => {
  thread = new Worker(new URL('./worldThread.mjs', import.meta.url), {
    workerData: { sources, readings: readings.buffer },
  });
  await new Promise((resolve) => thread.once('message', resolve));
  host = wrap<WorldHost>(nodeEndpoint(thread));
});
afterAll(async () => {
  await thread.terminate();
});

/** Blocks until the host has read its clock `count` more times than `from`: a query is then under way. */
function waitForReadings(from: number, count: number): void {
  while (Atomics.load(readings, 0) < from + count) Atomics.wait(readings, 0, Atomics.load(readings, 0), 50);
}

describe('a cancel stops the query the worker is running', () => {
  it('through the host: cancelled, superseded, and the next query answers', async () => {
    const buffer = cancelBuffer();
    const counters = new Int32Array(buffer);
    await host.hearCancels(buffer);
    expect(await host.open('tutorial')).toMatchObject({ ok: true });

    // Cancel: the panel's query id moves on while the query runs.
    announce(counters, 'logs', 1);
    let before = Atomics.load(readings, 0);
    const cancelled = host.runToolRecorded({ tool: 'logs', query: RUNAWAY }, ticketOf('logs', 1));
    // Its budget started, was checked before the run, and checked once during it.
    waitForReadings(before, 3);
    announce(counters, 'logs', 2);
    const stopped = (await cancelled).result;
    expect(stopped).toMatchObject({ ok: false, stopped: 'cancelled', query: RUNAWAY });
    expect(stopped.ok ? [] : stopped.errors.map((e) => e.message)).toEqual(['query cancelled']);

    // Supersede: a newer query in the same lane stops the one running, and answers.
    announce(counters, 'metrics', 1);
    before = Atomics.load(readings, 0);
    const old = host.runToolRecorded(
      { tool: 'metrics', query: 'count({__name__=~"(.*.*)*=$|.+"})' },
      ticketOf('metrics', 1),
    );
    const superseded = host.runToolRecorded({ tool: 'logs', query: RUNAWAY }, ticketOf('logs', 2));
    waitForReadings(before, 3);
    announce(counters, 'logs', 3);
    const newer = host.runToolRecorded(
      { tool: 'logs', query: '{service="web"}', limit: 5 },
      ticketOf('logs', 3),
    );
    // The metrics query, in a lane nobody moved on, ran to its end first.
    expect((await old).result).toMatchObject({ ok: true, tool: 'metrics' });
    expect((await superseded).result).toMatchObject({ ok: false, stopped: 'cancelled' });
    expect((await newer).result).toMatchObject({ ok: true, tool: 'logs', matched: 5 });
  });

  it('from the log explorer: Cancel stops the worker, and the next query is shown', async () => {
    const buffer = cancelBuffer();
    await host.hearCancels(buffer);
    // What the worker answered each log query, whether or not the page still wanted it.
    const answered: ToolResult[] = [];
    const page = new Proxy(host, {
      get(target, prop, receiver) {
        if (prop !== 'exploreLogs') return Reflect.get(target, prop, receiver);
        return async (...args: Parameters<WorldHost['exploreLogs']>) => {
          const answer = await target.exploreLogs(...args);
          answered.push(answer.result);
          return answer;
        };
      },
    });
    const session = startSession({
      host: page as never,
      storage: new MemoryStorage(),
      now: () => 0,
      cancelBuffer: buffer,
    });
    await session.ready;
    session.send({ type: 'select scenario', scenarioId: 'tutorial' });
    await worldReady(session);
    session.send({ type: 'begin' });

    const before = Atomics.load(readings, 0);
    const running = session.exploreLogs(RUNAWAY);
    waitForReadings(before, 3);
    session.store.getState().logQueryCancelled();
    await running;
    await session.exploreLogs('{service="web"}');

    expect(answered.map((r) => (r.ok ? 'answered' : r.stopped))).toEqual(['cancelled', 'answered']);
    expect(session.store.getState().logView).toMatchObject({ searching: false, ranQuery: '{service="web"}' });
  });
});
