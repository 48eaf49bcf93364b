import { useEffect, useState } from 'preact/hooks';
import type * as Y from 'yjs';
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { FacilitatorInfo, SharedDoc } from '../../state/gameday/connection.ts';
import { openShared, startNextRound } from '../../state/gameday/connection.ts';
import {
  endRound,
  pauseClock,
  readClock,
  readRound,
  readStandings,
  resumeClock,
} from '../../state/gameday/roomState.ts';
import type { BoardView } from '../../state/gameday/teamBoard.ts';
import { boardScore, memberName, readBoard } from '../../state/gameday/teamBoard.ts';
import { InjectForm } from './InjectForm.tsx';
import { Leaderboard } from './Leaderboard.tsx';
import { RetroView } from './RetroView.tsx';
import { ActivityFeed, RoundClock, SharedBoard } from './TeamPanel.tsx';
import { useShared } from './useShared.ts';

interface Docs {
  readonly room: SharedDoc;
  readonly pub: SharedDoc;
  readonly boards: readonly SharedDoc[];
}

/**
 * Starts the next round: the variant to play (a fresh one is offered) and the button. The page reloads on
 * the new round's documents once the server has started it.
 */
function NewRound({ info, token }: { info: FacilitatorInfo; token: string }) {
  const [variant, setVariant] = useState(String(info.nextVariant));
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string>();
  const valid = /^\d{1,9}$/.test(variant.trim());
  const played = info.rounds.includes(Number(variant));
  return (
    <form
      class="gameday-new-round"
      aria-label="Start a new round"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid || starting) return;
        setStarting(true);
        startNextRound(info.room.id, token, Number(variant)).then(
          () => location.reload(),
          (err: Error) => {
            setStarting(false);
            setError(err.message);
          },
        );
      }}
    >
      <label>
        Variant
        <input
          name="round-variant"
          inputMode="numeric"
          value={variant}
          size={6}
          onInput={(e) => setVariant(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={!valid || starting}>
        {starting ? 'Starting…' : `Start round ${info.room.round + 1}`}
      </button>
      {played && <span class="muted"> a round of this room played variant {variant} already</span>}
      {error && (
        <span class="gameday-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </form>
  );
}

function TeamCard({
  team,
  view,
  scenario,
  info,
}: {
  team: FacilitatorInfo['teams'][number];
  view: BoardView;
  scenario: Scenario | undefined;
  info: FacilitatorInfo;
}) {
  const report = scenario ? boardScore(scenario, view) : undefined;
  return (
    <article class="gameday-team-card" data-team={team.id} aria-label={team.name}>
      <h3>
        {team.name} <span class="muted">code {team.code}</span>
      </h3>
      <p class="gameday-members">
        {Object.values(view.members).length === 0
          ? 'Nobody has joined yet.'
          : Object.values(view.members)
              .map((m) => `${m.name} (${m.role})`)
              .join(', ')}
      </p>
      {report && (
        <p class="gameday-progress">
          Score so far <strong data-score>{report.total}</strong> / 100 · clues found{' '}
          <strong data-clues>{report.cluesFound.length}</strong> of {info.solution.clues.length} ·{' '}
          {view.entries.length} steps
        </p>
      )}
      <SharedBoard view={view} />
      <h4>Status updates</h4>
      {view.status.length === 0 ? (
        <p class="muted">No status update yet.</p>
      ) : (
        <ul class="gameday-status-list">
          {[...view.status].reverse().map((s, i) => (
            <li key={view.status.length - i}>
              <strong>{memberName(view, s.by)}</strong>: {s.text}
            </li>
          ))}
        </ul>
      )}
      <h4>Activity</h4>
      <ActivityFeed view={view} limit={12} />
    </article>
  );
}

function Truth({ info }: { info: FacilitatorInfo }) {
  const s = info.solution;
  return (
    <details class="gameday-truth" open>
      <summary>The hidden truth (only you see this)</summary>
      <p>
        Root cause: <strong>{s.rootCause.component}</strong>, {s.rootCause.fault}
        {s.rootCause.trigger ? `, set off by ${s.rootCause.trigger}` : ''}.
      </p>
      <p>{s.explanation}</p>
      <ol>
        {s.chain.map((l) => (
          <li key={`${l.from}-${l.to}`}>
            {l.from} → {l.to}
          </li>
        ))}
      </ol>
    </details>
  );
}

function Console({ info, docs, token }: { info: FacilitatorInfo; docs: Docs; token: string }) {
  // The server sends the scenario as this round's variant has it, so boards score as the server scores them.
  const scenario: Scenario = info.scenario;
  const [showRetro, setShowRetro] = useState(false);
  const room = docs.room.doc;
  const allDocs: Y.Doc[] = [room, docs.pub.doc, ...docs.boards.map((b) => b.doc)];
  const clock = useShared([room], () => readClock(room));
  const ended = useShared([room], () => readRound(room).ended === true);
  const views = useShared(allDocs, () => docs.boards.map((b) => readBoard(b.doc)));
  const standings = useShared([docs.pub.doc], () => readStandings(docs.pub.doc));
  const retroTeams = info.teams.map((t, i) => ({ id: t.id, name: t.name, view: views[i]! }));
  // The retro opens by itself when the round ends; the button switches between it and the teams.
  const retroShown = ended ? !showRetro : showRetro;
  return (
    <main class="gameday-console">
      <header class="gameday-header">
        <h1>Facilitating: {info.room.title}</h1>
        <p class="subtitle">
          {info.room.mode === 'coop' ? 'Co-op, one team' : `Competitive, ${info.teams.length} teams`} ·{' '}
          <span data-round>
            round {info.room.round}, variant {info.room.variant}
          </span>{' '}
          (seed {info.room.seed}) · observers join with code {info.observerCode}
        </p>
        <RoundClock pub={docs.pub.doc} />
        <div class="actions">
          {!ended &&
            (clock.running ? (
              <button type="button" onClick={() => pauseClock(room, Date.now())}>
                Pause the clock
              </button>
            ) : (
              <button type="button" onClick={() => resumeClock(room, Date.now())}>
                {clock.elapsedMs ? 'Resume the clock' : 'Start the clock'}
              </button>
            ))}
          {!ended && (
            <button type="button" class="danger" onClick={() => endRound(room, Date.now())}>
              End the round
            </button>
          )}
          <button type="button" onClick={() => setShowRetro(!showRetro)}>
            {retroShown ? 'Back to the teams' : 'Open the retro'}
          </button>
        </div>
        {ended && <NewRound info={info} token={token} />}
      </header>
      {retroShown ? (
        <RetroView
          scenario={scenario}
          teams={retroTeams}
          round={{ number: info.room.round, variant: info.room.variant, seed: info.room.seed }}
        />
      ) : (
        <>
          <Truth info={info} />
          {info.room.mode === 'competitive' && <Leaderboard standings={standings} />}
          {!ended && <InjectForm room={room} teams={info.teams} />}
          <section class="gameday-teams">
            {info.teams.map((t, i) => (
              <TeamCard key={t.id} team={t} view={views[i]!} scenario={scenario} info={info} />
            ))}
          </section>
        </>
      )}
    </main>
  );
}

/** The facilitator's console: the hidden truth, every team's progress, the clock, injects, hints and the retro. */
export function FacilitatorConsole({ info, token }: { info: FacilitatorInfo; token: string }) {
  const [docs, setDocs] = useState<Docs>();
  useEffect(() => {
    void (async () => {
      const [room, pub, ...boards] = await Promise.all([
        openShared(info.ws, info.docs.room, token),
        openShared(info.ws, info.docs.public, token),
        ...info.docs.boards.map((name) => openShared(info.ws, name, token)),
      ]);
      await Promise.all([room!, pub!, ...boards].map((d) => d.synced));
      setDocs({ room: room!, pub: pub!, boards });
    })();
  }, [info, token]);
  if (!docs) return <p class="loading">Connecting to the room…</p>;
  return <Console info={info} docs={docs} token={token} />;
}
