import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { LineWriterThread } from '../../../src/cli/lineWriterThread.ts';
import type { LineWriter, WrittenBlock } from '../../../src/engine/sim/lineWriter.ts';
import { localLineWriter } from '../../../src/engine/sim/lineWriter.ts';
import { simulate, simulateWith } from '../../../src/engine/sim/simulate.ts';
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

describe('plain lines written by a line writer', () => {
  it('give the same log, byte for byte, as a run that writes them itself', async () => {
    for (const name of ['tutorial.yaml', 'aftershock.yaml', 'expired-cert-eu.yaml']) {
      const scenario = builtinScenario(name);
      const alone = simulate(scenario);
      let blocks = 0;
      const world = await simulateWith(scenario, (s, seed) => {
        const local = localLineWriter(structuredClone(s), seed);
        return {
          block: (...args) => {
            blocks++;
            local.block(...args);
          },
          done: () => local.done(),
        };
      });
      expect(logDigest(world), name).toBe(logDigest(alone));
      // Every full block went to the writer, and the last, partly filled one too.
      expect(blocks, name).toBe(Math.ceil(world.logs.size / world.logs.linesPerBlock));
      expect(world.metrics.series.length).toBe(alone.metrics.series.length);
      expect(world.traces.size).toBe(alone.traces.size);
    }
  });

  it('fails loudly when the writer leaves a block out or the text is read too soon', async () => {
    const scenario = builtinScenario('tutorial.yaml');
    const dropping = (s: typeof scenario, seed: number): LineWriter => {
      const local = localLineWriter(s, seed);
      return {
        block: (b, entries, records) => local.block(b, entries, records),
        done: async () => (await local.done()).filter((w: WrittenBlock) => w.b !== 3),
      };
    };
    await expect(simulateWith(scenario, dropping)).rejects.toThrow(/never written/);
    const store = new LogStore();
    store.onDeferredBlock = () => undefined;
    for (let i = 0; i < 1500; i++) store.appendTo(store.streamFor({ s: 'a' }), i, i % 2 ? 'text' : i);
    expect(() => store.line(2)).toThrow(/still being written/);
    expect(() => store.line(1400)).toThrow(/still being written/);
    expect(store.line(1401)).toBe('text');
  });
});

describe('the log writer thread of the command line', () => {
  const thread = new LineWriterThread();
  afterAll(() => thread.close());

  it('writes the plain lines of the standard world on its own thread, the same as one thread does', async () => {
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
