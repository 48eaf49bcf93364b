import type { Session } from '../../state/session.ts';
import { containsOf, serviceOf, withService } from './logqlText.ts';

/**
 * Runs `query` in the log explorer, keeping the service scope and quick filter in step with its text;
 * `browse` when the page runs it for the trainee rather than the trainee asking it.
 */
export function runLogQuery(session: Session, query: string, browse = false): Promise<void> {
  session.store.getState().scopeLogsTo({ query, service: serviceOf(query), contains: containsOf(query) });
  return session.exploreLogs(query, browse ? { browse } : undefined);
}

/**
 * Scopes the log explorer to one service (or all) from the map, keeping the rest of the query, and runs
 * it: a re-run the click caused, recorded as browsing, so efficiency does not count it as a question.
 */
export function scopeLogsTo(session: Session, service: string | undefined): Promise<void> {
  return runLogQuery(session, withService(session.store.getState().logView.query, service), true);
}
