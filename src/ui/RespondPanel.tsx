import { useState } from 'preact/hooks';
import { appliedMitigations } from '../engine/investigation/responseSteps.ts';
import type { Mitigation, MitigationKind } from '../engine/scenario/responseSchema.ts';
import type { Session } from '../state/session.ts';
import { clockTime } from './format.ts';
import { useStore } from './useStore.ts';

const KIND_NAMES: Readonly<Record<MitigationKind, string>> = {
  rollback: 'Rollback',
  revert: 'Revert',
  scale: 'Scale',
  restart: 'Restart',
  failover: 'Failover',
  'rate-limit': 'Rate limit',
  hotfix: 'Hot fix',
  renew: 'Renew',
};

const minutes = (m: Mitigation) => {
  const match = /^(\d+)m$/.exec(m.cost);
  return match ? `${match[1]} min` : m.cost;
};

/**
 * What a responder can do about the incident: each action the scenario offers, what it would run and the
 * game time it takes. Applying one changes the running system (the map, charts and logs show what
 * follows) and moves the incident clock on by its cost; a wrong choice can relieve, hide or worsen things.
 */
export function RespondPanel({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const actions = useStore(session.store, (s) => s.actions);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const applied = new Map(appliedMitigations(scenario, actions).map((a) => [a.mitigation, a]));
  if (scenario.mitigations.length === 0)
    return <p class="muted">This scenario offers no mitigation: find the cause and write it up.</p>;

  const apply = async (m: Mitigation) => {
    setBusy(true);
    setMessage('');
    const result = await session.mitigate(m.id);
    setBusy(false);
    setConfirming(undefined);
    setMessage(
      'error' in result
        ? `Could not apply "${m.label}": ${result.error}`
        : `${m.label}: done at ${clockTime(result.doneMs)}. Watch the map and the charts for what it did.`,
    );
  };

  return (
    <div class="respond-panel">
      <p class="muted">
        Acting changes the system from the incident clock's now; the clock moves on while the action takes
        effect. Mitigations are scored on timing, on the evidence pinned before them and on what they did.
      </p>
      <ul class="mitigations">
        {scenario.mitigations.map((m) => {
          const done = applied.get(m.id);
          return (
            <li key={m.id} class={done ? 'mitigation applied' : 'mitigation'} data-mitigation={m.id}>
              <div class="mitigation-head">
                <span class="badge">{KIND_NAMES[m.kind]}</span>
                <strong>{m.label}</strong>
                <span class="muted">takes {minutes(m)}</span>
              </div>
              {m.description && <code class="mitigation-command">{m.description}</code>}
              {done ? (
                <p class="muted">
                  Applied at {clockTime(done.atMs)}; done at {clockTime(done.atMs + done.costMs)}.
                </p>
              ) : confirming === m.id ? (
                <fieldset class="confirm-row" aria-label={`Confirm ${m.label}`}>
                  <span>Apply now? The clock moves on {minutes(m)} while it takes effect.</span>
                  <button type="button" class="primary" disabled={busy} onClick={() => void apply(m)}>
                    Confirm: {m.label}
                  </button>
                  <button type="button" disabled={busy} onClick={() => setConfirming(undefined)}>
                    Cancel
                  </button>
                </fieldset>
              ) : (
                <button type="button" onClick={() => setConfirming(m.id)} aria-label={`Apply ${m.label}`}>
                  Apply…
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <p role="status" class="respond-status">
        {message}
      </p>
    </div>
  );
}
