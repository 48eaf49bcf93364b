import { useEffect, useState } from 'preact/hooks';
import type { Session } from '../../state/session.ts';
import { elapsedTime } from '../shell/format.ts';
import { useMoment } from '../shell/useMoment.ts';
import { useStore } from '../useStore.ts';

/**
 * The incident's wall clock (it starts when the page fired and moves on by the time each mitigation
 * took) and the time spent on the case.
 */
export function IncidentClock({ session }: { session: Session }) {
  // Re-rendered when an action is recorded, so a mitigation's jump shows at once.
  useStore(session.store, (s) => s.actions.length);
  const moment = useMoment(session);
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [session]);
  return (
    <div class="incident-clock" role="timer" aria-label="Incident clock">
      <span class="clock">{moment(session.nowMs())} UTC</span>
      <span class="muted">on the case {elapsedTime(session.elapsed())}</span>
    </div>
  );
}
