import { useMemo } from 'preact/hooks';
import { offerFor, profileOf } from '../../state/profile.ts';
import type { Session } from '../../state/session.ts';
import { useStore } from '../useStore.ts';
import { readable, visibleCards } from './libraryView.ts';
import { Radar } from './Radar.tsx';
import './profile.css';

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The trainee's profile, from the plays saved in this browser: a rank, streaks of days played, a radar of
 * the fault families solved and of the tools asked, the families never solved, and a scenario to practise
 * one of them. Nothing here comes from a scenario not yet played to its debrief.
 */
export function Profile({ session, nowMs }: { session: Session; nowMs: number }) {
  const history = useStore(session.store, (s) => s.history);
  const catalog = useStore(session.store, (s) => s.catalog);
  const progress = useStore(session.store, (s) => s.progress);
  const profile = useMemo(() => profileOf(history, nowMs), [history, nowMs]);
  const offer = useMemo(
    () =>
      offerFor(
        profile,
        visibleCards(catalog, { difficulty: undefined, tag: undefined }),
        (id) => progress[id]?.completed === true,
      ),
    [profile, catalog, progress],
  );
  return (
    <section class="profile" aria-labelledby="profile-title" data-testid="profile">
      <h2 id="profile-title">Your profile</h2>
      <p class="profile-rank">
        <strong data-testid="profile-rank">{profile.rank}</strong>
        <span class="muted">
          {' '}
          · {plural(profile.plays, 'play')}, {profile.solved} solved
          {profile.next &&
            ` · ${profile.next.title} needs ${[
              profile.next.solved > 0 ? `${plural(profile.next.solved, 'more solve')}` : '',
              profile.next.families > 0
                ? `${plural(profile.next.families, 'more family', 'more families')} solved`
                : '',
            ]
              .filter(Boolean)
              .join(' and ')}`}
        </span>
      </p>
      <p data-testid="profile-streak">
        Streak: {plural(profile.streak.current, 'day')} in a row{' '}
        <span class="muted">(best {profile.streak.best})</span>
      </p>
      {profile.plays === 0 ? (
        <p class="muted">
          Play a scenario to its debrief and your skills show here, by fault family and by tool.
        </p>
      ) : (
        <div class="profile-radars">
          <figure>
            <Radar
              title="Fault families solved"
              axes={profile.families.map((f) => ({
                label: readable(f.family),
                value: share(f.solved, f.plays),
              }))}
            />
            <figcaption>
              <ul class="profile-figures" aria-label="Fault families solved">
                {profile.families.map((f) => (
                  <li key={f.family} data-family={f.family}>
                    {readable(f.family)}: {f.plays === 0 ? 'not met yet' : `${f.solved} of ${f.plays} solved`}
                  </li>
                ))}
              </ul>
            </figcaption>
          </figure>
          <figure>
            <Radar
              title="Tools asked"
              axes={profile.tools.map((t) => ({ label: t.tool, value: share(t.plays, profile.plays) }))}
            />
            <figcaption>
              <ul class="profile-figures" aria-label="Tools asked">
                {profile.tools.map((t) => (
                  <li key={t.tool} data-tool={t.tool}>
                    {t.tool}: in {t.plays} of {plural(profile.plays, 'play')}
                  </li>
                ))}
              </ul>
            </figcaption>
          </figure>
        </div>
      )}
      {profile.plays > 0 && profile.neverSolved.length > 0 && (
        <p data-testid="profile-never-solved">
          Never solved yet: {profile.neverSolved.map(readable).join(', ')}.
          {offer && (
            <>
              {' '}
              <button
                type="button"
                onClick={() => session.send({ type: 'select scenario', scenarioId: offer.card.id })}
              >
                Practise {readable(offer.family)}: {offer.card.title}
              </button>
            </>
          )}
        </p>
      )}
    </section>
  );
}
