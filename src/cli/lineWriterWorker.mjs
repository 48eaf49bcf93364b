// The thread of `LineWriterThread`: loads the engine through tsx, as the twoam command does, and writes the
// blocks of log lines each run sends (a few to a message), in the order sent.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { BlockWriter } = await import('../engine/sim/lineWriter.ts');

/** Each run's writer, and the error that stopped it. */
const jobs = new Map();

parentPort.on('message', (m) => {
  if (m.scenario) {
    jobs.set(m.job, { writer: new BlockWriter(m.scenario, m.seed), error: undefined });
    return;
  }
  const job = jobs.get(m.job);
  if (!job) return;
  if (m.done) {
    jobs.delete(m.job);
    parentPort.postMessage(job.error ? { job: m.job, error: job.error } : { job: m.job, done: true });
    return;
  }
  if (job.error) return;
  try {
    const written = m.blocks.map(({ b, packed, records }) => ({
      b,
      ...job.writer.writePacked(packed, records),
    }));
    parentPort.postMessage(
      { job: m.job, written },
      written.map((w) => w.starts.buffer),
    );
  } catch (err) {
    job.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
});
parentPort.postMessage({ ready: true });
