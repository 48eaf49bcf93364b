import type { Session } from '../../state/session.ts';
import { useStore } from '../useStore.ts';

/**
 * Progressive hints, in the author's order: each costs points, and its text comes from the world host once
 * bought. The offer never depends on what the trainee has pinned or asked — that would tell them which of
 * their findings the solution counts.
 */
export function Hints({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const taken = useStore(session.store, (s) => s.notebook.hints);
  const texts = useStore(session.store, (s) => s.hintTexts);
  const hintDue = useStore(session.store, (s) => s.hintDue);
  if (scenario.hints.length === 0) return null;
  const next = scenario.hints.findIndex((_, i) => !taken.includes(i));
  const offered = next < 0 ? undefined : scenario.hints[next];
  return (
    <section class={hintDue ? 'panel hints due' : 'panel hints'} aria-label="Hints">
      <h2>Hints</h2>
      {taken.length > 0 && (
        <ol>
          {taken.map((i) => (
            <li key={i}>{texts[i] ?? 'Fetching the hint…'}</li>
          ))}
        </ol>
      )}
      {hintDue && offered && (
        <p class="hint-due" role="status">
          No progress for a while: a hint is ready if you want it.
        </p>
      )}
      {offered ? (
        <button type="button" onClick={() => void session.takeHint(next)}>
          Take a hint (−{offered.cost} points)
        </button>
      ) : (
        <p class="muted">No more hints.</p>
      )}
    </section>
  );
}
