import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { LineWriterThread } from '../../../src/cli/lineWriterThread.ts';
import { simulate, simulateWith } from '../../../src/engine/sim/simulate.ts';
import type { LineWriter } from '../../../src/engine/sim/telemetry/lineWriter.ts';
import { localLineWriter } from '../../../src/engine/sim/telemetry/lineWriter.ts';
import { LogStore } from '../../../src/engine/world/logStore.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { builtinScenario } from '../helpers.ts';

/** A hash of every entry (time, stream, line) and of every block's text and line starts. */
function logDigest(world: World): string {
  const h = createHash('sha256');
  const logs = world.logs;
  for (let id = 0; id < logs.size; id++)
    h.update(`${logs.tsMs(id)}|${logs.streamIdOf(id)}|${logs.line(id)}\n`);
  for (let b = 0; b < logs.blockCount; b++) {
    h.update(logs.blockText(b) ?? '(open)');
    h.update(logs.blockLineStarts(b).join(','));
  }
  return h.digest('hex');
}

describe('a log left to a line writer', () => {
  it('is the same, byte for byte, as the log of a run that keeps it itself', async () => {
    for (const name of ['tutorial.yaml', 'aftershock.yaml', 'only-in-europe.yaml']) {
      const scenario = builtinScenario(name);
      const alone = simulate(scenario);
      let batches = 0;
      let entries = 0;
      const world = await simulateWith(scenario, (s, seed) => {
        const local = localLineWriter(structuredClone(s), seed);
        return {
          batch: (batch) => {
            batches++;
            entries += batch.refs.length;
            local.batch(batch);
          },
          done: () => local.done(),
        };
      });
      expect(logDigest(world), name).toBe(logDigest(alone));
      // Every entry went to the writer, in batches of at most 8,192.
      expect(entries, name).toBe(alone.logs.size);
      expect(batches, name).toBeGreaterThanOrEqual(Math.ceil(alone.logs.size / 8192));
      expect(world.logs.isSealed).toBe(true);
      expect(world.metrics.series.length).toBe(alone.metrics.series.length);
      expect(world.traces.size).toBe(alone.traces.size);
    }
  });

  it('is the same when the run writes the plain lines itself while the writer is behind', async () => {
    const scenario = builtinScenario('bench/standard.yaml');
    const shorter = { ...scenario, window: { start: scenario.window.start, end: '2026-11-03T09:50:00Z' } };
    let recorded = 0;
    let written = 0;
    const world = await simulateWith(shorter, (s, seed) => {
      const local = localLineWriter(s, seed);
      return {
        batch: (batch) => {
          recorded += batch.records.u32.length / 5;
          written += batch.texts.length;
          local.batch(batch);
        },
        done: () => local.done(),
        // A writer that never seems to finish a batch: once it is more than six batches behind (after
        // twenty minutes), the run writes the plain lines of the other thirty itself.
        written: () => 0,
      };
    });
    expect(logDigest(world)).toBe(logDigest(simulate(shorter)));
    expect(recorded).toBeGreaterThan(20_000);
    expect(written).toBeGreaterThan(1.4 * recorded);
  });

  it('fails loudly when a batch goes missing or the store comes back short', async () => {
    const scenario = builtinScenario('tutorial.yaml');
    const dropping = (s: typeof scenario, seed: number): LineWriter => {
      const local = localLineWriter(s, seed);
      let n = 0;
      return { batch: (batch) => n++ !== 1 && local.batch(batch), done: () => local.done() };
    };
    await expect(simulateWith(scenario, dropping)).rejects.toThrow(/line records out of order/);
    const short = (s: typeof scenario, seed: number): LineWriter => {
      const local = localLineWriter(s, seed);
      return {
        batch: (batch) => local.batch(batch),
        done: async () => {
          const { parts } = await local.done();
          return { parts: { ...parts, blocks: parts.blocks.slice(1) }, blocks: [] };
        },
      };
    };
    await expect(simulateWith(scenario, short)).rejects.toThrow(/log store parts do not fit/);
    // A store takes over only a store of the same streams.
    const from = new LogStore();
    for (let i = 0; i < 1500; i++) from.append({ s: String(i % 3) }, i, `line ${i}`);
    from.seal();
    const to = new LogStore();
    to.streamFor({ s: '0' });
    expect(() => to.adopt(from.parts())).toThrow(/3 streams, this store 1/);
    to.streamFor({ s: '1' });
    to.streamFor({ s: '2' });
    to.adopt(from.parts(1), [from.blockText(0)!]);
    expect(to.size).toBe(1500);
    expect(to.line(1499)).toBe('line 1499');
    expect(to.line(7)).toBe('line 7');
    expect([...to.streamEntries(2)].slice(0, 2)).toEqual([2, 5]);
  });
});

describe('the log writer thread of the command line', () => {
  const thread = new LineWriterThread();
  afterAll(() => thread.close());

  it('keeps the log of the standard world on its own thread, the same as one thread does', async () => {
    await thread.ready;
    const scenario = builtinScenario('bench/standard.yaml');
    const shorter = { ...scenario, window: { start: scenario.window.start, end: '2026-11-03T09:40:00Z' } };
    const world = await simulateWith(shorter, thread.writer);
    expect(world.logs.size).toBeGreaterThan(100_000);
    expect(logDigest(world)).toBe(logDigest(simulate(shorter)));
    // The thread serves run after run.
    const again = await simulateWith(shorter, thread.writer);
    expect(logDigest(again)).toBe(logDigest(world));
  });
});
