import type { Clue } from '../scenario/schema.ts';
import type { Evidence } from './actions.ts';

/** Whether a pinned item is an instance of a clue (a log line from the clue's service containing its text). */
export function matchesClue(evidence: Evidence, clue: Clue): boolean {
  return (
    evidence.kind === 'log' &&
    evidence.service === clue.log.service &&
    evidence.line.includes(clue.log.contains)
  );
}
