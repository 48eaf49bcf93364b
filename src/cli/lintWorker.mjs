// A thread of `LintThreads`: loads the engine through tsx, as the twoam command does, and for each job
// claims the lint's tasks one by one from the counter the threads share, until none is left, then sends
// back what it found. A mitigations task waits until the thread that lints the file as written has said
// which wrong mitigation to replay.
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runLintTask } = await import('../engine/scenario/lint/lintTasks.ts');

const NEXT = 0;
const REPLAYED = 1;

parentPort.on('message', (job) => {
  const shared = new Int32Array(job.shared);
  const results = [];
  let replay;
  try {
    for (let i = Atomics.add(shared, NEXT, 1); i < job.tasks.length; i = Atomics.add(shared, NEXT, 1)) {
      const task = job.tasks[i];
      if (task.kind === 'mitigations' && replay === undefined) replay = awaitReplay(shared, job.replay);
      results.push([i, runLintTask(job.text, job.file, task, replay ?? { play: false })]);
    }
    parentPort.postMessage({ job: job.job, results });
  } catch (err) {
    // What was found before the error still counts; the task that failed is run again by the main thread.
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    parentPort.postMessage({ job: job.job, results, error });
  } finally {
    job.replay.close();
  }
});

/** Blocks until the replay is published, then reads it from its port. */
function awaitReplay(shared, port) {
  Atomics.wait(shared, REPLAYED, 0);
  // The flag is raised after the message is posted; a message between threads may land a moment later.
  for (let tries = 0; tries < 2000; tries++) {
    const got = receiveMessageOnPort(port);
    if (got) return got.message;
    Atomics.wait(shared, REPLAYED, 1, 5);
  }
  throw new Error('the replay of the mitigations never came');
}
