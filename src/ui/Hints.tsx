import { hintStandings, nextHint } from '../engine/investigation/hints.ts';
import type { Session } from '../state/session.ts';
import { useStore } from './useStore.ts';

/**
 * Progressive hints: each costs points, and the one offered points where the trainee has not looked yet.
 * A hint whose clue is already pinned is never offered.
 */
export function Hints({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const actions = useStore(session.store, (s) => s.actions);
  const notebook = useStore(session.store, (s) => s.notebook);
  const hintDue = useStore(session.store, (s) => s.hintDue);
  if (scenario.hints.length === 0) return null;
  const next = nextHint(scenario, actions, notebook);
  const offered = next === undefined ? undefined : scenario.hints[next];
  const found = hintStandings(scenario, actions, notebook).filter((s) => s === 'found').length;
  return (
    <section class={hintDue ? 'panel hints due' : 'panel hints'} aria-label="Hints">
      <h2>Hints</h2>
      {notebook.hints.length > 0 && (
        <ol>
          {notebook.hints.map((i) => (
            <li key={i}>{scenario.hints[i]?.text}</li>
          ))}
        </ol>
      )}
      {hintDue && offered && (
        <p class="hint-due" role="status">
          No progress for a while: a hint is ready if you want it.
        </p>
      )}
      {offered && next !== undefined ? (
        <button type="button" onClick={() => session.act({ type: 'hint', index: next })}>
          Take a hint (−{offered.cost} points)
        </button>
      ) : (
        <p class="muted">
          {found > 0
            ? 'No hint left that points somewhere new: you have pinned what the others lead to.'
            : 'No more hints.'}
        </p>
      )}
    </section>
  );
}
