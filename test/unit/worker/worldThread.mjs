// A world's host on a thread of its own, as the browser runs it in a worker: the test is the page and
// talks to it through Comlink. The host's clock also counts its readings into shared memory, so the test
// can tell when a query is under way (a query reads it as its budget starts, before it runs, and at each
// check of its work).
import { parentPort, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { register } from 'tsx/esm/api';

register();
const { WorldHost } = await import('../../../src/worker/worldHost.ts');

const readings = new Int32Array(workerData.readings);
const now = () => {
  Atomics.add(readings, 0, 1);
  Atomics.notify(readings, 0);
  return performance.now();
};
expose(new WorldHost(workerData.sources, { now }), nodeEndpoint(parentPort));
parentPort.postMessage('ready');
