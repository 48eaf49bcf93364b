// The thread of `LineWriterThread`: loads the engine through tsx, as the twoam command does, and keeps the
// log store of each run from the batches of entries it sends, in the order sent. Each block filled goes
// back, as bytes that move rather than copy, as soon as the batch is written; the rest of the store when
// the run is done.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { StoreWriter } = await import('../engine/sim/telemetry/lineWriter.ts');

/** Each run's writer, and the error that stopped it. */
const jobs = new Map();
/**
 * The last run's writer, released, and its last batch: kept so the next run starts with the code V8
 * compiled for them (V8 drops code compiled for a kind of object once no such object is left).
 */
const warm = { writer: undefined, batch: undefined };

parentPort.on('message', (m) => {
  if (m.scenario) {
    jobs.set(m.job, { writer: new StoreWriter(m.scenario, m.seed), error: undefined });
    return;
  }
  const job = jobs.get(m.job);
  if (!job) return;
  try {
    if (m.done) {
      jobs.delete(m.job);
      if (job.error) throw job.error;
      const parts = job.writer.finish();
      const moved = [
        parts.tsCol,
        parts.streamCol,
        parts.offCol,
        ...parts.postings,
        ...bytes(parts.blocks),
      ].map((a) => a.buffer);
      parentPort.postMessage({ job: m.job, parts }, moved);
      job.writer.release();
      warm.writer = job.writer;
      return;
    }
    if (job.error) return;
    job.writer.add(m.batch);
    warm.batch = m.batch;
    // Sent after every batch, blocks filled or not: the run counts them to know how far behind this is.
    const { from, texts } = job.writer.takeBlocks();
    parentPort.postMessage(
      { job: m.job, from, texts },
      bytes(texts).map((a) => a.buffer),
    );
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    if (m.done) parentPort.postMessage({ job: m.job, error });
    else job.error = error;
  }
});
parentPort.postMessage({ ready: true });

/** The blocks held as bytes, whose buffers move with the message. */
function bytes(blocks) {
  return blocks.filter((b) => typeof b !== 'string');
}
