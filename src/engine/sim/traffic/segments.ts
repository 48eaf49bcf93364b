import type { Rng } from '../model/rng.ts';
import type { SiteNames } from '../telemetry/siteNames.ts';
import { clientAgent } from '../telemetry/siteNames.ts';

/** A user segment ready for the request loop: its attributes pre-rendered for each log format. */
export interface SegmentModel {
  readonly id: string;
  /** Its place among the scenario's segments, from 1. */
  readonly number: number;
  readonly share: number;
  readonly region: string;
  readonly attrs: Readonly<Record<string, string>>;
  /** `,"plan":"pro"` for JSON lines. */
  readonly json: string;
  /** ` plan=pro` for logfmt lines. */
  readonly logfmt: string;
  readonly userAgent: string;
}

/** A scenario's user segment ready for the request loop (the `i`-th, from 0). */
export function segmentModel(
  s: { id: string; share: number; attrs: Readonly<Record<string, string>> },
  i: number,
  site: SiteNames,
): SegmentModel {
  return {
    id: s.id,
    number: i + 1,
    share: s.share,
    region: s.attrs.region ?? '',
    attrs: s.attrs,
    json: Object.entries(s.attrs)
      .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join(''),
    logfmt: Object.entries(s.attrs)
      .map(([k, v]) => ` ${k}=${/^[^\s"=]+$/.test(v) ? v : JSON.stringify(v)}`)
      .join(''),
    userAgent: clientAgent(site, s.attrs.client),
  };
}

/** The rate of every entry endpoint relative to its own, once slices are shifted: their weighted shares. */
export function sliceMix(segments: readonly SegmentModel[], factors: Float64Array): number {
  let mix = 1;
  for (const seg of segments) mix += seg.share * (factors[seg.number - 1]! - 1);
  return Math.max(0, mix);
}

/** A request's segment when slices are shifted: each segment weighs its share times its own factor. */
export function pickShiftedSegment(
  rng: Rng,
  segments: readonly SegmentModel[],
  factors: Float64Array,
  mix: number,
): SegmentModel | undefined {
  let r = rng.next() * mix;
  for (const seg of segments) {
    const weight = seg.share * factors[seg.number - 1]!;
    if (r < weight) return seg;
    r -= weight;
  }
  return undefined;
}

/** A request's segment by the segments' shares; none for the share no segment claims. */
export function pickSegment(rng: Rng, segments: readonly SegmentModel[]): SegmentModel | undefined {
  let r = rng.next();
  for (const seg of segments) {
    if (r < seg.share) return seg;
    r -= seg.share;
  }
  return undefined;
}
