import { useEffect, useState } from 'preact/hooks';
import { parseTimestamp } from '../../engine/scenario/units.ts';
import type { MapTelemetry } from '../../engine/views/mapTelemetry.ts';
import { crossRegionLabel } from '../../engine/views/mapTelemetry.ts';
import type { Session } from '../../state/session.ts';
import { useMoment } from '../shell/useMoment.ts';
import { useStore } from '../useStore.ts';

/** How often the map refreshes while it follows the incident clock. */
const FOLLOW_MS = 5_000;

/**
 * The ops map's timeline: a scrubber over the incident window up to the clock's "now" that sets the moment
 * the map shows (traffic, errors, firing alerts), or follows the clock.
 */
export function MapTimeline({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const atMs = useStore(session.store, (s) => s.mapView.atMs);
  const telemetry = useStore(session.store, (s) => s.mapView.telemetry);
  const [nowMs, setNow] = useState(() => session.nowMs());
  const startMs = parseTimestamp(scenario.window.start)!;
  const moment = useMoment(session);

  useEffect(() => {
    let cancelled = false;
    const refresh = () => {
      const now = session.nowMs();
      setNow(now);
      const at = session.store.getState().mapView.atMs ?? now;
      void session.mapAt(at).then((t) => {
        if (!cancelled) session.store.getState().mapTelemetryArrived(t);
      });
    };
    refresh();
    const timer = atMs === undefined ? setInterval(refresh, FOLLOW_MS) : undefined;
    return () => {
      cancelled = true;
      if (timer) clearInterval(timer);
    };
  }, [session, atMs]);

  const shown = atMs ?? nowMs;
  const firing = telemetry ? Object.values(telemetry.alerts).flat() : [];
  const crossing = telemetry ? crossingText(telemetry.edges) : '';
  return (
    <div class="map-timeline">
      <label for="map-time">Map at</label>
      <input
        id="map-time"
        type="range"
        min={startMs}
        max={nowMs}
        step={15_000}
        value={shown}
        aria-valuetext={`${moment(shown)} UTC`}
        onChange={(e) => {
          const v = Number((e.target as HTMLInputElement).value);
          session.store.getState().showMapAt(v >= nowMs - 15_000 ? undefined : v);
        }}
      />
      <output for="map-time">{moment(shown)} UTC</output>
      <button
        type="button"
        aria-pressed={atMs === undefined}
        onClick={() => session.store.getState().showMapAt(undefined)}
      >
        Follow the clock
      </button>
      <span class="muted" role="status">
        {firing.length ? `Firing: ${[...new Set(firing)].join(', ')}` : 'No alerts firing'}
      </span>
      {telemetry && Object.keys(telemetry.builds).length > 0 && (
        <span class="muted map-builds">Builds: {buildsText(telemetry.builds)}</span>
      )}
      {crossing && <span class="muted map-regions">Across regions: {crossing}</span>}
    </div>
  );
}

/** The services running more than one build, as the map's version badges say: `cart: 2.4.1 ×7, 2.4.0 ×1`. */
function buildsText(builds: MapTelemetry['builds']): string {
  return Object.entries(builds)
    .map(([service, list]) => `${service}: ${list.map((b) => `${b.version} ×${b.instances}`).join(', ')}`)
    .join('; ');
}

/** The calls whose callers reach another region, as the map labels them: `api → orders-db: west → east`. */
function crossingText(edges: MapTelemetry['edges']): string {
  return Object.values(edges)
    .flatMap((e) => {
      const label = crossRegionLabel(e);
      return label ? [`${e.from} → ${e.to}: ${label}`] : [];
    })
    .join('; ');
}
