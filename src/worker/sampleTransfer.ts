import type { TransferHandler } from 'comlink';
import { transferHandlers } from 'comlink';
import type { ToolItem } from '../engine/investigation/tools.ts';
import type { Sample } from '../engine/query/types.ts';

/** The name the page and the worker both register {@link SAMPLE_TRANSFER} under. */
export const SAMPLE_TRANSFER_NAME = 'series-samples';

/** A result whose items carry the points of series (a metrics query, a LogQL metric query). */
interface SeriesAnswer {
  readonly ok: true;
  readonly items: readonly ToolItem[];
}

/** An answer as it crosses: its items without their points, and every point in one array. */
export interface PackedAnswer {
  /** The answer with each item's `samples` left out; `nested` when the items are under `result`. */
  readonly value: unknown;
  readonly nested: boolean;
  /** Times and values, one pair after another, item after item. */
  readonly points: Float64Array;
  /** Points per item; -1 for an item that had no `samples` at all. */
  readonly counts: Int32Array;
}

function seriesAnswer(value: unknown): value is SeriesAnswer {
  const answer = value as Partial<SeriesAnswer> | null;
  return (
    typeof answer === 'object' &&
    answer !== null &&
    answer.ok === true &&
    Array.isArray(answer.items) &&
    answer.items.some((item) => (item.samples?.length ?? 0) > 0)
  );
}

/** The answer a tool gives directly (`runTool`) or under `result` (`exploreLogs`), when it holds points. */
function answerIn(value: unknown): { answer: SeriesAnswer; nested: boolean } | undefined {
  if (seriesAnswer(value)) return { answer: value, nested: false };
  const inner =
    typeof value === 'object' && value !== null ? (value as { result?: unknown }).result : undefined;
  return seriesAnswer(inner) ? { answer: inner, nested: true } : undefined;
}

/** Takes the points out of an answer's items into one array of numbers, which moves without a copy. */
export function packAnswer(value: unknown): PackedAnswer {
  const found = answerIn(value);
  if (!found) throw new Error('packAnswer: the value holds no series points');
  const { answer, nested } = found;
  const counts = new Int32Array(answer.items.length);
  let total = 0;
  answer.items.forEach((item, i) => {
    counts[i] = item.samples ? item.samples.length : -1;
    total += item.samples?.length ?? 0;
  });
  const points = new Float64Array(total * 2);
  let at = 0;
  const items = answer.items.map((item) => {
    if (!item.samples) return item;
    for (const s of item.samples) {
      points[at++] = s.t;
      points[at++] = s.v;
    }
    const { samples: _, ...rest } = item;
    return rest;
  });
  const packed = { ...answer, items };
  return { value: nested ? { ...(value as object), result: packed } : packed, nested, points, counts };
}

/** The answer {@link packAnswer} packed, with each item's points back as samples. */
export function unpackAnswer({ value, nested, points, counts }: PackedAnswer): unknown {
  const answer = (nested ? (value as { result: SeriesAnswer }).result : value) as SeriesAnswer;
  let at = 0;
  const items = answer.items.map((item, i) => {
    const n = counts[i]!;
    if (n < 0) return item;
    const samples: Sample[] = new Array(n);
    for (let k = 0; k < n; k++, at += 2) samples[k] = { t: points[at]!, v: points[at + 1]! };
    return { ...item, samples };
  });
  const unpacked = { ...answer, items };
  return nested ? { ...(value as object), result: unpacked } : unpacked;
}

/**
 * Moves the points of a series answer between the worker and the page as one array of numbers. Copied as
 * they are, the points of every series of a world (hundreds of thousands of small objects) took longer to
 * cross than the query took to run.
 */
export const SAMPLE_TRANSFER: TransferHandler<unknown, PackedAnswer> = {
  canHandle: (value): value is unknown => answerIn(value) !== undefined,
  serialize: (value) => {
    const packed = packAnswer(value);
    return [packed, [packed.points.buffer as ArrayBuffer, packed.counts.buffer as ArrayBuffer]];
  },
  deserialize: unpackAnswer,
};

/** Registers {@link SAMPLE_TRANSFER} with Comlink, on the side of the page or of the worker. */
export function registerSampleTransfer(): void {
  transferHandlers.set(SAMPLE_TRANSFER_NAME, SAMPLE_TRANSFER);
}
