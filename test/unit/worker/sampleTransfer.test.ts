import { describe, expect, it } from 'vitest';
import type { ToolResult } from '../../../src/engine/investigation/tools.ts';
import { SAMPLE_TRANSFER } from '../../../src/worker/sampleTransfer.ts';

/** Sends a value as the page and the worker do: the handler's wire value, cloned with its buffers moved. */
function cross(value: unknown): unknown {
  const [wire, transfer] = SAMPLE_TRANSFER.serialize(value);
  const moved = structuredClone(wire, { transfer });
  // Moved, not copied: the sender's buffers are left empty.
  for (const buffer of transfer) expect((buffer as ArrayBuffer).byteLength).toBe(0);
  return SAMPLE_TRANSFER.deserialize(moved);
}

function series(name: string, points: readonly [number, number][] | undefined) {
  return {
    evidence: {
      kind: 'series' as const,
      ref: `series:{__name__="${name}"}@0-60000`,
      query: '{__name__=~".+"}',
      labels: { __name__: name },
      startMs: 0,
      endMs: 60_000,
      min: 0,
      max: 1,
      first: 0,
      last: 1,
    },
    ...(points ? { samples: points.map(([t, v]) => ({ t, v })) } : {}),
  };
}

const metrics: ToolResult = {
  ok: true,
  tool: 'metrics',
  query: '{__name__=~".+"}',
  scope: { startMs: 0, endMs: 60_000 },
  matched: 4,
  items: [
    series('up', [
      [0, 1],
      [15_000, 0],
      [30_000, Number.NaN],
    ]),
    series('empty', []),
    series('unsampled', undefined),
    series('odd', [
      [45_000, -0.5],
      [60_000, Number.POSITIVE_INFINITY],
    ]),
  ],
};

describe('the series points transfer', () => {
  it.each([
    ['a metrics answer', metrics],
    ['a LogQL metric answer, under `result`', { result: metrics, rows: [], volume: { buckets: [1, 2] } }],
  ])('gives back %s as it was, items without points included', (_, value) => {
    const original = structuredClone(value);
    expect(SAMPLE_TRANSFER.canHandle(value)).toBe(true);
    const back = cross(value);
    expect(back).toEqual(original);
    const items = ((back as { result?: ToolResult }).result ?? (back as ToolResult)) as Extract<
      ToolResult,
      { ok: true }
    >;
    expect('samples' in items.items[2]!).toBe(false);
    expect(items.items[1]!.samples).toEqual([]);
  });

  it('leaves the sender its answer whole', () => {
    const value = structuredClone(metrics);
    cross(value);
    expect(value).toEqual(metrics);
  });

  it.each([
    ['a log answer', { ok: true, items: [{ evidence: { kind: 'log' } }] }],
    ['a failed query', { ok: false, errors: [] }],
    ['series without points', { ok: true, items: [series('up', [])] }],
    ['a plain value', 42],
    ['nothing', undefined],
    ['null', null],
  ])('leaves %s to the ordinary copy', (_, value) => {
    expect(SAMPLE_TRANSFER.canHandle(value)).toBe(false);
  });
});
