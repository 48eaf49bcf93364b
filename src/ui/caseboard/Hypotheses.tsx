import { useState } from 'preact/hooks';
import type { HypothesisStatus, Stance } from '../../engine/investigation/actions.ts';
import { describeEvidence, HYPOTHESIS_STATUSES } from '../../engine/investigation/actions.ts';
import type { Hypothesis } from '../../engine/investigation/notebook.ts';
import type { FaultKind } from '../../engine/scenario/faultKinds.ts';
import { FAULT_KIND_LABELS, FAULT_KINDS } from '../../engine/scenario/faultKinds.ts';
import type { Session } from '../../state/session.ts';
import { useStore } from '../useStore.ts';

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
  const scenario = useStore(session.store, (s) => s.scenario);
  const [text, setText] = useState('');
  const [component, setComponent] = useState('');
  const [fault, setFault] = useState<FaultKind | ''>('');
  const [trigger, setTrigger] = useState('');
  const services = scenario?.system.services ?? [];
  const events = scenario?.timeline ?? [];
  // Written words, or else what the hypothesis names, so every card reads as a sentence.
  const composed =
    text.trim() ||
    [component, fault && FAULT_KIND_LABELS[fault], trigger && `set off by ${trigger}`]
      .filter(Boolean)
      .join(', ');
  const add = () => {
    if (!composed) return;
    session.act({
      type: 'hypothesis',
      id: freshId(
        'h',
        hypotheses.map((h) => h.id),
      ),
      text: composed.slice(0, 500),
      ...(component ? { component } : {}),
      ...(fault ? { fault } : {}),
      ...(trigger ? { trigger } : {}),
    });
    setText('');
    setComponent('');
    setFault('');
    setTrigger('');
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
        <div class="hypothesis-about">
          <label class="compact">
            Component
            <select value={component} onChange={(e) => setComponent((e.target as HTMLSelectElement).value)}>
              <option value="">Which service?</option>
              {services.map((svc) => (
                <option key={svc.id} value={svc.id}>
                  {svc.id}
                </option>
              ))}
            </select>
          </label>
          <label class="compact">
            Kind of fault
            <select
              value={fault}
              onChange={(e) => setFault((e.target as HTMLSelectElement).value as FaultKind | '')}
            >
              <option value="">What kind?</option>
              {FAULT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {FAULT_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <label class="compact">
            Trigger
            <select value={trigger} onChange={(e) => setTrigger((e.target as HTMLSelectElement).value)}>
              <option value="">None named</option>
              {events.map((ev) => (
                <option key={ev.id} value={ev.id}>
                  {ev.at.slice(11, 16)} {ev.kind}: {ev.description}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p class="muted">
          Name the component and the change you suspect: a hypothesis that names nothing earns nothing.
        </p>
        <button type="submit" disabled={composed === ''}>
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
      {(h.component || h.fault || h.trigger) && (
        <p class="muted hypothesis-names">
          About{' '}
          {[h.component, h.fault && FAULT_KIND_LABELS[h.fault], h.trigger && `set off by ${h.trigger}`]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
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
