import { useRef, useState } from 'preact/hooks';
import { MAX_SUBMISSIONS } from '../../engine/investigation/notebook.ts';
import type { FaultKind } from '../../engine/scenario/faultKinds.ts';
import { FAULT_KIND_LABELS, FAULT_KINDS } from '../../engine/scenario/faultKinds.ts';
import type { Session } from '../../state/session.ts';
import { byVerb, usePalette, VERB_NAMES } from '../respond/RespondPanel.tsx';
import { useStore } from '../useStore.ts';

/** Names the component, the kind of fault and what set it off; submitting ends the investigation. */
export function DiagnosisForm({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const [component, setComponent] = useState('');
  const [fault, setFault] = useState('');
  const [trigger, setTrigger] = useState('');
  const [confidence, setConfidence] = useState(50);
  const [explanation, setExplanation] = useState('');
  // A double click sends one diagnosis: the second arrives while the first applies its mitigation.
  const sending = useRef(false);
  const [mitigation, setMitigation] = useState('');
  const applied = useStore(session.store, (s) => s.notebook.mitigations);
  const palette = usePalette(session);
  const offered = session.canRespond ? palette.filter((m) => !applied.some((a) => a.id === m.id)) : [];
  const phase = useStore(session.store, (s) => s.phase);
  const used = useStore(session.store, (s) => s.notebook.submissions.length);
  const ready = component !== '' && fault !== '';
  if (phase === 'wrong') {
    // Say that it is wrong, never which part: the trainee goes back to the evidence, not to guessing.
    return (
      <section class="panel diagnosis" aria-label="Diagnosis">
        <h2>Diagnosis</h2>
        <p role="alert">
          Not yet: that diagnosis does not match what happened. You have {MAX_SUBMISSIONS - used} more{' '}
          {MAX_SUBMISSIONS - used === 1 ? 'try' : 'tries'}; each resubmission costs 10 points.
        </p>
        <button type="button" class="primary" onClick={() => session.send({ type: 'retry' })}>
          Keep investigating
        </button>
      </section>
    );
  }
  if (phase !== 'diagnosing') {
    // Writing the answer is a step of its own: the flow leaves the evidence for the form and can come back.
    return (
      <section class="panel diagnosis" aria-label="Diagnosis">
        <h2>Diagnosis</h2>
        <p class="muted">
          Name the component, the kind of fault and what set it off when your chain explains the page.{' '}
          {MAX_SUBMISSIONS - used} {MAX_SUBMISSIONS - used === 1 ? 'try' : 'tries'} left.
        </p>
        <button type="button" class="primary" onClick={() => session.send({ type: 'open diagnosis' })}>
          Write the diagnosis
        </button>
      </section>
    );
  }
  return (
    <form
      class="panel diagnosis"
      aria-label="Diagnosis"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!ready || sending.current) return;
        sending.current = true;
        // A mitigation chosen with the diagnosis is applied first, at this moment of the clock.
        if (mitigation) await session.mitigate(mitigation).finally(() => (sending.current = false));
        sending.current = false;
        session.send({
          type: 'submit',
          at: Math.round(session.elapsed()),
          diagnosis: {
            component,
            fault: fault as FaultKind,
            confidence,
            ...(trigger ? { trigger } : {}),
            ...(explanation.trim() ? { explanation: explanation.trim() } : {}),
          },
        });
      }}
    >
      <h2>Diagnosis</h2>
      <label>
        Component at fault
        <select value={component} onChange={(e) => setComponent((e.target as HTMLSelectElement).value)}>
          <option value="">Choose a service…</option>
          {scenario.system.services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind of fault
        <select value={fault} onChange={(e) => setFault((e.target as HTMLSelectElement).value)}>
          <option value="">Choose a fault kind…</option>
          {FAULT_KINDS.map((k) => (
            <option key={k} value={k}>
              {FAULT_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        What set it off
        <select value={trigger} onChange={(e) => setTrigger((e.target as HTMLSelectElement).value)}>
          <option value="">Not sure</option>
          {scenario.timeline.map((ev) => (
            <option key={ev.id} value={ev.id}>
              {ev.at.slice(11, 16)} {ev.kind}: {ev.description.slice(0, 60)}
            </option>
          ))}
        </select>
      </label>
      <label>
        How sure are you? {confidence}%
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          value={confidence}
          onInput={(e) => setConfidence(Number((e.target as HTMLInputElement).value))}
        />
      </label>
      {offered.length > 0 && (
        <label>
          Mitigate with it (optional)
          <select value={mitigation} onChange={(e) => setMitigation((e.target as HTMLSelectElement).value)}>
            <option value="">No mitigation now</option>
            {byVerb(offered).map((group) => (
              <optgroup key={group.verb} label={VERB_NAMES[group.verb]}>
                {group.entries.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}, usually {m.cost}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      )}
      <label>
        Why (optional)
        <textarea
          rows={3}
          maxLength={4000}
          value={explanation}
          onInput={(e) => setExplanation((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={!ready}>
          Submit diagnosis
        </button>
        <button type="button" onClick={() => session.send({ type: 'close diagnosis' })}>
          Back to the evidence
        </button>
      </div>
    </form>
  );
}
