import { useState } from 'preact/hooks';
import type { FaultKind } from '../engine/scenario/faultKinds.ts';
import { FAULT_KIND_LABELS, FAULT_KINDS } from '../engine/scenario/faultKinds.ts';
import type { Session } from '../state/session.ts';
import { useStore } from './useStore.ts';

/** Names the component, the kind of fault and what set it off; submitting ends the investigation. */
export function DiagnosisForm({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const [component, setComponent] = useState('');
  const [fault, setFault] = useState('');
  const [trigger, setTrigger] = useState('');
  const ready = component !== '' && fault !== '';
  return (
    <form
      class="panel diagnosis"
      aria-label="Diagnosis"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        session.send({
          type: 'submit',
          at: Math.round(session.elapsed()),
          diagnosis: {
            component,
            fault: fault as FaultKind,
            confidence: 50,
            ...(trigger ? { trigger } : {}),
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
      <button type="submit" class="primary" disabled={!ready}>
        Submit diagnosis
      </button>
    </form>
  );
}
