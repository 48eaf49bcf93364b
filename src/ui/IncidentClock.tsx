import { useEffect, useState } from 'preact/hooks';
import { parseTimestamp } from '../engine/scenario/units.ts';
import type { Session } from '../state/session.ts';
import { clockTime, elapsedTime } from './format.ts';
import { useStore } from './useStore.ts';

/** The incident's wall clock (it starts when the page fired) and the time spent on the case. */
export function IncidentClock({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const [elapsed, setElapsed] = useState(session.elapsed());
  useEffect(() => {
    const timer = setInterval(() => setElapsed(session.elapsed()), 1000);
    return () => clearInterval(timer);
  }, [session]);
  const pagedAt = parseTimestamp(scenario.briefing.page.at)!;
  return (
    <div class="incident-clock" role="timer" aria-label="Incident clock">
      <span class="clock">{clockTime(pagedAt + elapsed)} UTC</span>
      <span class="muted">on the case {elapsedTime(elapsed)}</span>
    </div>
  );
}
