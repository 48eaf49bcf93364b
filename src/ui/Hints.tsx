import type { Session } from '../state/session.ts';
import { useStore } from './useStore.ts';

/** Progressive hints: each one costs points and reveals the next step. */
export function Hints({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const actions = useStore(session.store, (s) => s.actions);
  const taken = actions.filter((a) => a.type === 'hint').length;
  const next = scenario.hints[taken];
  if (scenario.hints.length === 0) return null;
  return (
    <section class="panel hints" aria-label="Hints">
      <h2>Hints</h2>
      <ol>
        {scenario.hints.slice(0, taken).map((h) => (
          <li key={h.text}>{h.text}</li>
        ))}
      </ol>
      {next ? (
        <button type="button" onClick={() => session.act({ type: 'hint', index: taken })}>
          Take a hint (−{next.cost} points)
        </button>
      ) : (
        <p class="muted">No more hints.</p>
      )}
    </section>
  );
}
