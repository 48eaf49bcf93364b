import { didYouMean } from './diagnostics.ts';
import type { Scenario } from './schema.ts';
import { segmentsOf } from './schema.ts';

type Add = (path: PropertyKey[], message: string) => void;

/**
 * Checks the traffic shifts that name a slice of users: a `segment` that exists, a `region` some segment's
 * users come from (its `attrs.region`), one slice at a time and not with a `route`. Only a traffic shift
 * names a segment.
 */
export function checkTrafficSlices(s: Scenario, add: Add): void {
  const segments = segmentsOf(s);
  const ids = segments.map((seg) => seg.id);
  const regions = [...new Set(segments.flatMap((seg) => (seg.attrs.region ? [seg.attrs.region] : [])))];
  s.timeline.forEach((e, i) => {
    const at = (key: string) => ['timeline', i, key];
    if (e.kind !== 'traffic') {
      if (e.segment !== undefined) add(at('segment'), 'only a traffic shift names a `segment`; remove it');
      return;
    }
    // A traffic event without a factor shifts nothing (another check says so); its region is not a slice.
    if (e.factor === undefined) return;
    if (e.segment !== undefined && !ids.includes(e.segment))
      add(
        at('segment'),
        ids.length === 0
          ? `unknown segment "${e.segment}": traffic.segments declares none`
          : `unknown segment "${e.segment}"${didYouMean(e.segment, ids)}: a shift multiplies one of ${ids.map((x) => `"${x}"`).join(', ')}`,
      );
    if (e.region !== undefined && !regions.includes(e.region))
      add(
        at('region'),
        regions.length === 0
          ? `no segment's users come from a region: give a segment \`attrs: { region: ${e.region} }\`, or shift a \`segment\``
          : `no segment's users come from region "${e.region}"${didYouMean(e.region, regions)}: a shift by region multiplies the segments whose attrs.region is one of ${regions.map((x) => `"${x}"`).join(', ')}`,
      );
    if (e.region !== undefined && e.segment !== undefined)
      add(at('segment'), 'a shift multiplies one slice of users: name a `region` or a `segment`, not both');
    if (e.route !== undefined && (e.region !== undefined || e.segment !== undefined))
      add(
        at(e.segment !== undefined ? 'segment' : 'region'),
        'a shift multiplies one route or one slice of users, not both: split it into two shifts',
      );
  });
}
