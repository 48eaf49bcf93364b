import { useState } from 'preact/hooks';
import type { HypothesisStatus, Stance } from '../engine/investigation/actions.ts';
import { describeEvidence, HYPOTHESIS_STATUSES } from '../engine/investigation/actions.ts';
import type { Hypothesis } from '../engine/investigation/notebook.ts';
import type { Session } from '../state/session.ts';
import { useStore } from './useStore.ts';

/** The first of `prefix1`, `prefix2`, … not in `taken`: ids for new hypotheses and links. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let n = used.size + 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

const STATUS_NAMES: Readonly<Record<HypothesisStatus, string>> = {
  open: 'Open',
  supported: 'Supported',
  refuted: 'Refuted',
};

/**
 * The trainee's hypotheses: each with its standing (open, supported, refuted) and every pinned item marked
 * as supporting it, refuting it, or neither. Writing them down is what the method part of the score reads.
 */
export function Hypotheses({ session }: { session: Session }) {
  const hypotheses = useStore(session.store, (s) => s.notebook.hypotheses);
  const [text, setText] = useState('');
  const add = () => {
    const trimmed = text.trim();
    if (!trimmed) return;
    session.act({
      type: 'hypothesis',
      id: freshId(
        'h',
        hypotheses.map((h) => h.id),
      ),
      text: trimmed.slice(0, 500),
    });
    setText('');
  };
  return (
    <section class="panel hypotheses" aria-label="Hypotheses">
      <h2>Hypotheses</h2>
      <form
        class="add-hypothesis"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label>
          New hypothesis
          <input
            type="text"
            value={text}
            maxLength={500}
            autocomplete="off"
            placeholder="what you think happened, and where"
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={text.trim() === ''}>
          Add hypothesis
        </button>
      </form>
      {hypotheses.length === 0 ? (
        <p class="muted">
          Say what you think is going on before you chase it, then test it against evidence.
        </p>
      ) : (
        <ol class="hypothesis-list">
          {hypotheses.map((h) => (
            <li key={h.id}>
              <HypothesisCard session={session} hypothesis={h} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function HypothesisCard({ session, hypothesis: h }: { session: Session; hypothesis: Hypothesis }) {
  const pinned = useStore(session.store, (s) => s.notebook.pinned);
  const stanceOf = (ref: string): Stance => h.marks.find((m) => m.ref === ref)?.stance ?? 'none';
  return (
    <article class={`hypothesis status-${h.status}`} aria-label={`Hypothesis: ${h.text}`}>
      <p class="hypothesis-text">{h.text}</p>
      <label class="compact">
        Status
        <select
          value={h.status}
          onChange={(e) =>
            session.act({
              type: 'hypothesis status',
              id: h.id,
              status: (e.target as HTMLSelectElement).value as HypothesisStatus,
            })
          }
        >
          {HYPOTHESIS_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_NAMES[s]}
            </option>
          ))}
        </select>
      </label>
      {pinned.length === 0 ? (
        <p class="muted">Pin evidence to mark it for or against this hypothesis.</p>
      ) : (
        <fieldset class="marks">
          <legend>Evidence for or against it</legend>
          {pinned.map(({ evidence: e }) => {
            const stance = stanceOf(e.ref);
            return (
              <div key={e.ref} class={`mark stance-${stance}`}>
                <select
                  aria-label={describeEvidence(e)}
                  value={stance}
                  onChange={(ev) =>
                    session.act({
                      type: 'mark',
                      hypothesisId: h.id,
                      ref: e.ref,
                      stance: (ev.target as HTMLSelectElement).value as Stance,
                    })
                  }
                >
                  <option value="none">No bearing</option>
                  <option value="supports">Supports</option>
                  <option value="refutes">Refutes</option>
                </select>
                <span class="mark-evidence">{describeEvidence(e)}</span>
              </div>
            );
          })}
        </fieldset>
      )}
    </article>
  );
}
