import { dailyIncident } from '../../state/daily.ts';
import type { Session } from '../../state/session.ts';
import { useStore } from '../useStore.ts';

/**
 * Today's incident: the scenario and variant the UTC date picks, the same for everyone today, so a team
 * can compare cards after playing it.
 */
export function DailyCard({ session, nowMs }: { session: Session; nowMs: number }) {
  const catalog = useStore(session.store, (s) => s.catalog);
  const incident = dailyIncident(
    nowMs,
    catalog.map((c) => c.id),
  );
  const card = incident && catalog.find((c) => c.id === incident.scenarioId);
  if (!incident || !card) return null;
  return (
    <section class="daily" aria-labelledby="daily-title" data-testid="daily" data-scenario={card.id}>
      <h2 id="daily-title">
        Daily incident #{incident.number} <span class="muted">· {incident.day} UTC</span>
      </h2>
      <p>
        Everyone playing today gets the same incident: <strong>{card.title}</strong>{' '}
        <span class="muted">
          ({card.difficulty}, ~{card.estimatedMinutes} min)
        </span>
        . Your first play of the day makes a card to share that tells your score, grade, time and tools, and
        nothing of the answer.
      </p>
      <button type="button" class="primary" onClick={() => session.playDaily()}>
        Play today's incident
      </button>
    </section>
  );
}
