// The worker process of `twoam fuzz`: loads the engine through tsx, as the twoam command does, and tries each
// case it is sent, answering with the outcome, the time it took (on the clock and in CPU) and the heap it
// left. A valid scenario is generated for its first `minutes`, or over its whole window when the case
// asks for it. Queries run over one world, generated when the first query comes, each under its budget.
import { getHeapStatistics } from 'node:v8';
import { register } from 'tsx/esm/api';

register();
const { checkScenarioText, checkQuery, cpuBudget, vocabularyOf } = await import('./fuzzCheck.ts');
const { loadScenario } = await import('../engine/scenario/load.ts');
const { simulate } = await import('../engine/sim/simulate.ts');

let world;
// The scenario whose world queries run over, sent first.
let worldSource;

const worldOf = () => {
  world ??= simulate(loadScenario(worldSource.text, worldSource.file).scenario);
  return world;
};

// A worker whose `twoam fuzz` has gone (stopped, or killed) ends too.
process.on('disconnect', () => process.exit(0));

process.on('message', (m) => {
  if (m.world) {
    worldSource = m.world;
    process.send({ ready: true });
    return;
  }
  if (m.vocabulary) {
    process.send({ vocabulary: vocabularyOf(worldOf()) });
    return;
  }
  // A worker started again after a case that ran away makes its world first, outside the next case's time.
  if (m.query !== undefined) worldOf();
  const started = performance.now();
  const cpu = process.cpuUsage();
  let outcome;
  if (m.scenario !== undefined)
    outcome = checkScenarioText(m.scenario, m.file, m.minutes === undefined ? {} : { minutes: m.minutes });
  else outcome = checkQuery(worldOf(), m.query, cpuBudget(m.budgetMs));
  process.send({
    outcome,
    ms: performance.now() - started,
    cpuMs: (() => {
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / 1000;
    })(),
    heapBytes: getHeapStatistics().used_heap_size,
  });
});
