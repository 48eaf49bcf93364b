import { parseTimestamp } from '../../engine/scenario/units.ts';
import type { Session } from '../../state/session.ts';
import { dateTime } from '../shell/format.ts';
import { useStore } from '../useStore.ts';

/** The page that woke the trainee, and the tickets that came before it. */
export function Briefing({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario);
  const world = useStore(session.store, (s) => s.world);
  if (!scenario) return <WorldLoading session={session} />;
  const { page, tickets } = scenario.briefing;
  return (
    <main class="briefing">
      <p class="muted">{scenario.title}</p>
      <article class="page-alert" aria-label="The page">
        <header>
          <span class={`badge sev-${page.severity}`}>{page.severity}</span>
          <time>{dateTime(parseTimestamp(page.at)!)}</time>
        </header>
        <h1>{page.title}</h1>
        <p>{page.body}</p>
      </article>
      {tickets.length > 0 && (
        <section aria-label="Tickets">
          <h2>Support tickets</h2>
          {tickets.map((t) => (
            <article key={t.id} class="ticket">
              <header>
                <strong>{t.subject}</strong>
                <span class="muted">
                  {t.from} · {dateTime(parseTimestamp(t.at)!)}
                </span>
              </header>
              <p>{t.body}</p>
            </article>
          ))}
        </section>
      )}
      <div class="actions">
        <button type="button" onClick={() => session.send({ type: 'back to menu' })}>
          Back
        </button>
        <button
          type="button"
          class="primary"
          disabled={world.state !== 'ready'}
          onClick={() => session.send({ type: 'begin' })}
        >
          {world.state === 'ready'
            ? 'Start investigating'
            : `Generating telemetry… ${Math.round(world.progress * 100)}%`}
        </button>
      </div>
    </main>
  );
}

/** Shown while the worker builds the world. */
export function WorldLoading({ session }: { session: Session }) {
  const world = useStore(session.store, (s) => s.world);
  if (world.state === 'failed') {
    return (
      <main class="briefing">
        <h1>This scenario could not be opened</h1>
        <pre class="error">{world.error}</pre>
        <button type="button" onClick={() => session.send({ type: 'back to menu' })}>
          Back to scenarios
        </button>
      </main>
    );
  }
  return (
    <main class="briefing" aria-busy="true">
      <p>Generating telemetry… {Math.round(world.progress * 100)}%</p>
      <progress max={1} value={world.progress} aria-label="Generating telemetry" />
    </main>
  );
}
