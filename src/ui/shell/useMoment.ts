import { useMemo } from 'preact/hooks';
import type { Session } from '../../state/session.ts';
import { useStore } from '../useStore.ts';
import { daysMatter, momentText } from './timeText.ts';

/**
 * How the session's tools write a moment: `02:04:59` in a window of hours, `Oct 24 02:04:59` in a window
 * of days, where the clock alone could be any of its nights.
 */
export function useMoment(session: Session): (ms: number) => string {
  const window = useStore(session.store, (s) => s.scenario?.window);
  return useMemo(() => {
    const withDay = daysMatter(window);
    return (ms: number) => momentText(ms, withDay);
  }, [window]);
}
