import { describeEvidence, evidenceTime, pinnedEvidence } from '../engine/investigation/actions.ts';
import type { Session } from '../state/session.ts';
import { clockTime } from './format.ts';
import { useStore } from './useStore.ts';

/** The evidence pinned so far; what the diagnosis will rest on. */
export function CaseBoard({ session }: { session: Session }) {
  const actions = useStore(session.store, (s) => s.actions);
  const pinned = pinnedEvidence(actions);
  return (
    <section class="panel case-board" aria-label="Case board">
      <h2>Case board</h2>
      {pinned.length === 0 ? (
        <p class="muted">Nothing pinned yet. Pin the log lines that explain what is happening.</p>
      ) : (
        <ul class="evidence">
          {pinned.map((e) => {
            const at = evidenceTime(e);
            const when = at === undefined ? '' : clockTime(at);
            return (
              <li key={e.ref} class="evidence-item">
                <div class="evidence-meta">
                  <strong>{e.kind}</strong> <time>{when}</time>
                  <button
                    type="button"
                    class="link"
                    aria-label={`Unpin ${describeEvidence(e)}`}
                    onClick={() => session.act({ type: 'unpin', ref: e.ref })}
                  >
                    Unpin
                  </button>
                </div>
                <pre>{describeEvidence(e)}</pre>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
