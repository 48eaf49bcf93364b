import type { Session } from '../state/session.ts';
import { useStore } from './useStore.ts';

/** The scenario picker: every built-in scenario with its difficulty, time and tags. */
export function Menu({ session }: { session: Session }) {
  const catalog = useStore(session.store, (s) => s.catalog);
  const problems = useStore(session.store, (s) => s.catalogProblems);
  return (
    <main class="menu">
      <header class="menu-header">
        <h1>
          2AM <span class="subtitle">debugging practice</span>
        </h1>
        <p>
          A fake production system is failing. Read the page, query its telemetry, pin the evidence, and
          explain the cause. You are scored on how you reasoned, not on a lucky guess.
        </p>
      </header>
      <h2>Scenarios</h2>
      <ul class="scenario-list">
        {catalog.map((s) => (
          <li key={s.id} class="scenario-card">
            <div class="scenario-meta">
              <span class={`badge difficulty-${s.difficulty}`}>{s.difficulty}</span>
              <span class="muted">~{s.estimatedMinutes} min</span>
              {s.tags.map((t) => (
                <span key={t} class="tag">
                  {t}
                </span>
              ))}
            </div>
            <h3>{s.title}</h3>
            <p>{s.summary}</p>
            <button
              type="button"
              class="primary"
              aria-label={`Start ${s.title}`}
              onClick={() => session.send({ type: 'select scenario', scenarioId: s.id })}
            >
              Start
            </button>
          </li>
        ))}
      </ul>
      {problems.length > 0 && (
        <section class="problems" aria-label="Scenario problems">
          <h2>Scenarios that could not be loaded</h2>
          <ul>
            {problems.map((p) => (
              <li key={`${p.file}:${p.line}:${p.col}:${p.message}`}>
                <code>
                  {p.file}:{p.line}:{p.col}: {p.path ? `${p.path}: ` : ''}
                  {p.message}
                </code>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
