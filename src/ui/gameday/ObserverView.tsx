import { useEffect, useState } from 'preact/hooks';
import type { JoinInfo, SharedDoc } from '../../state/gameday/connection.ts';
import { openShared } from '../../state/gameday/connection.ts';
import { readRound, readStandings } from '../../state/gameday/roomState.ts';
import { readBoard } from '../../state/gameday/teamBoard.ts';
import { Leaderboard } from './Leaderboard.tsx';
import { ActivityFeed, NextRound, RoundClock, SharedBoard } from './TeamPanel.tsx';
import { useShared } from './useShared.ts';

function Watch({ info, pub, boards }: { info: JoinInfo; pub: SharedDoc; boards: readonly SharedDoc[] }) {
  const views = useShared(
    boards.map((b) => b.doc),
    () => boards.map((b) => readBoard(b.doc)),
  );
  const standings = useShared([pub.doc], () => readStandings(pub.doc));
  const ended = useShared([pub.doc], () => readRound(pub.doc).ended === true);
  return (
    <main class="gameday-console">
      <header class="gameday-header">
        <h1>Watching: {info.room.title}</h1>
        <p class="subtitle">
          Round {info.room.round}, variant {info.room.variant}
        </p>
        <RoundClock pub={pub.doc} />
        {ended && <p class="notice">The round has ended.</p>}
        <NextRound pub={pub.doc} />
      </header>
      {standings.length > 0 && <Leaderboard standings={standings} />}
      <section class="gameday-teams">
        {info.teams.map((t, i) => (
          <article key={t.id} class="gameday-team-card" aria-label={t.name}>
            <h3>{t.name}</h3>
            <SharedBoard view={views[i]!} />
            <h4>Activity</h4>
            <ActivityFeed view={views[i]!} limit={12} />
          </article>
        ))}
      </section>
    </main>
  );
}

/** An observer's page: the leaderboard and every team's board and feed, read-only. */
export function ObserverView({ info, code }: { info: JoinInfo; code: string }) {
  const [docs, setDocs] = useState<{ pub: SharedDoc; boards: SharedDoc[] }>();
  useEffect(() => {
    void (async () => {
      const [pub, ...boards] = await Promise.all([
        openShared(info.ws, info.docs.public, code),
        ...info.docs.boards.map((name) => openShared(info.ws, name, code)),
      ]);
      await Promise.all([pub!, ...boards].map((d) => d.synced));
      setDocs({ pub: pub!, boards });
    })();
  }, [info, code]);
  if (!docs) return <p class="loading">Connecting to the room…</p>;
  return <Watch info={info} pub={docs.pub} boards={docs.boards} />;
}
