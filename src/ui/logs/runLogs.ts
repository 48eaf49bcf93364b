import type { Session } from '../../state/session.ts';
import { containsOf, serviceOf, withService } from './logqlText.ts';

/** Runs `query` in the log explorer, keeping the service scope and quick filter in step with its text. */
export function runLogQuery(session: Session, query: string): Promise<void> {
  session.store.getState().scopeLogsTo({ query, service: serviceOf(query), contains: containsOf(query) });
  return session.exploreLogs(query);
}

/** Scopes the log explorer to one service (or all), keeping the rest of the query, and runs it. */
export function scopeLogsTo(session: Session, service: string | undefined): Promise<void> {
  return runLogQuery(session, withService(session.store.getState().logView.query, service));
}
