import { describeEvidence, evidenceTime } from '../../engine/investigation/actions.ts';
import type { Session } from '../../state/session.ts';
import { ExportLogButton } from '../shell/ExportLog.tsx';
import { elapsedTime } from '../shell/format.ts';
import { useMoment } from '../shell/useMoment.ts';
import { useStore } from '../useStore.ts';
import { ChainBuilder } from './ChainBuilder.tsx';
import { Hypotheses } from './Hypotheses.tsx';

/**
 * The case board, inside the investigation's drawer: the evidence pinned from every tool, the hypotheses
 * tested against it, and the causal chain that cites it.
 */
export function CaseBoard({ session }: { session: Session }) {
  return (
    <>
      <PinnedEvidence session={session} />
      <Hypotheses session={session} />
      <ChainBuilder session={session} />
    </>
  );
}

/** Pinned evidence of every kind, in pin order, each with when it happened and when it was pinned. */
function PinnedEvidence({ session }: { session: Session }) {
  const pinned = useStore(session.store, (s) => s.notebook.pinned);
  const moment = useMoment(session);
  return (
    <section class="panel case-board" aria-label="Case board">
      <div class="board-head">
        <h2>Case board</h2>
        <ExportLogButton session={session} />
      </div>
      {pinned.length === 0 ? (
        <p class="muted">
          Nothing pinned yet. Pin the log lines, series, changes and tickets that explain what is happening.
        </p>
      ) : (
        <ul class="evidence">
          {pinned.map(({ evidence: e, at: pinnedAt }) => {
            const at = evidenceTime(e);
            return (
              <li key={e.ref} class={`evidence-item kind-${e.kind}`}>
                <div class="evidence-meta">
                  <strong>{e.kind}</strong> {at !== undefined && <time>{moment(at)}</time>}
                  <span class="muted">pinned at {elapsedTime(pinnedAt)}</span>
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
