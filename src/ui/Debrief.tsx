import { FAULT_KIND_LABELS } from '../engine/scenario/faultKinds.ts';
import { score } from '../engine/scoring/score.ts';
import type { Session } from '../state/session.ts';
import { useStore } from './useStore.ts';

/** The score with its parts, the true story, and what was found and missed. */
export function Debrief({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario);
  const actions = useStore(session.store, (s) => s.actions);
  if (!scenario) return null;
  const report = score(scenario, actions);
  const root = scenario.solution.rootCause;
  const trigger = scenario.timeline.find((e) => e.id === root.trigger);
  return (
    <main class="debrief">
      <p class="muted">Debrief · {scenario.title}</p>
      <h1>
        Score{' '}
        <span class="total" data-testid="score-total">
          {report.total}
        </span>
        <span class="muted"> / 100</span>
      </h1>
      <ul class="score-parts" aria-label="Score parts">
        {report.parts.map((p) => (
          <li key={p.id} class="score-part" data-part={p.id}>
            <div class="part-head">
              <span>{p.label}</span>
              <span>
                {p.score} / {p.max}
              </span>
            </div>
            <meter class="bar" min={0} max={p.max} value={p.score} aria-label={p.label} />
            {p.notes.length > 0 && (
              <ul class="notes">
                {p.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <section aria-label="What happened">
        <h2>What happened</h2>
        <p>
          Root cause: <strong>{root.component}</strong>, {FAULT_KIND_LABELS[root.fault].toLowerCase()}
          {trigger ? `, set off by ${trigger.description}` : ''}.
        </p>
        <p>{scenario.solution.explanation}</p>
        {report.diagnosis && (
          <p class="muted">
            You said: {report.diagnosis.component}, {FAULT_KIND_LABELS[report.diagnosis.fault].toLowerCase()}
            {report.diagnosis.trigger ? ` (trigger: ${report.diagnosis.trigger})` : ''}.
          </p>
        )}
      </section>
      <section aria-label="Clues">
        <h2>Clues</h2>
        <ul class="clues">
          {scenario.solution.clues.map((c) => {
            const found = report.cluesFound.includes(c);
            return (
              <li key={c.id} class={found ? 'found' : 'missed'}>
                <strong>{found ? 'Found' : 'Missed'}</strong> {c.description}{' '}
                {!found && (
                  <span class="muted">
                    (logs of {c.log.service} containing <code>{c.log.contains}</code>)
                  </span>
                )}
              </li>
            );
          })}
          {report.redHerringsPinned.map((c) => (
            <li key={c.id} class="herring">
              <strong>Red herring</strong> {c.description}
            </li>
          ))}
        </ul>
      </section>
      <button type="button" class="primary" onClick={() => session.send({ type: 'back to menu' })}>
        Back to scenarios
      </button>
    </main>
  );
}
