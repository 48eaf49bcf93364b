// The thread of `twoam fuzz`: loads the engine through tsx, as the twoam command does, and tries each
// case it is sent, answering with the outcome, the time it took (on the clock and in CPU) and the heap it
// left. Queries run over
// one world, generated when the first query comes.
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { checkScenarioText, checkQuery, vocabularyOf } = await import('./fuzzCheck.ts');
const { loadScenario } = await import('../engine/scenario/load.ts');
const { simulate } = await import('../engine/sim/simulate.ts');

let world;

const worldOf = () => {
  world ??= simulate(loadScenario(workerData.worldText, workerData.worldFile).scenario);
  return world;
};

parentPort.on('message', (m) => {
  if (m.vocabulary) {
    parentPort.postMessage({ vocabulary: vocabularyOf(worldOf()) });
    return;
  }
  // A thread started again after a case that ran away makes its world first, outside the next case's time.
  if (m.query !== undefined) worldOf();
  const started = performance.now();
  // The process' CPU time is this thread's while the main thread waits for the answer.
  const cpu = process.cpuUsage();
  let outcome;
  if (m.scenario !== undefined) outcome = checkScenarioText(m.scenario, m.file);
  else outcome = checkQuery(worldOf(), m.query);
  parentPort.postMessage({
    outcome,
    ms: performance.now() - started,
    cpuMs: (() => {
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / 1000;
    })(),
    heapBytes: getHeapStatistics().used_heap_size,
  });
});
parentPort.postMessage({ ready: true });
