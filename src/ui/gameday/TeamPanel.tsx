import { useState } from 'preact/hooks';
import type * as Y from 'yjs';
import { describeEvidence } from '../../engine/investigation/evidence.ts';
import { summarise } from '../../engine/scoring/retro.ts';
import type { JoinInfo } from '../../state/gameday/connection.ts';
import {
  elapsedMs,
  formatDuration,
  readClock,
  readRound,
  readStandings,
} from '../../state/gameday/roomState.ts';
import type { BoardView } from '../../state/gameday/teamBoard.ts';
import { boardState, memberName, postStatus, readBoard } from '../../state/gameday/teamBoard.ts';
import { Leaderboard } from './Leaderboard.tsx';
import { useNow, useShared } from './useShared.ts';

const ROLE_SHORT: Readonly<Record<string, string>> = {
  commander: 'IC',
  investigator: 'investigator',
  communications: 'comms',
};

/** The round clock as everyone sees it. */
export function RoundClock({ pub }: { pub: Y.Doc }) {
  const now = useNow();
  const clock = useShared([pub], () => readClock(pub));
  const round = useShared([pub], () => readRound(pub));
  const label = round.ended ? 'round over' : clock.running ? 'running' : 'paused';
  return (
    <p class="gameday-clock" data-state={label}>
      <span class="gameday-clock-time">{formatDuration(elapsedMs(clock, now))}</span> {label}
    </p>
  );
}

/** The newest steps first: who queried or pinned what. */
export function ActivityFeed({ view, limit = 40 }: { view: BoardView; limit?: number }) {
  const recent = view.entries.slice(-limit).reverse();
  return (
    <ol class="gameday-feed" aria-label="Team activity">
      {recent.length === 0 && <li class="muted">Nothing yet: the team's queries and pins appear here.</li>}
      {recent.map((e, i) => (
        <li key={view.entries.length - i} data-type={e.action.type}>
          <strong>{memberName(view, e.by)}</strong> {summarise(e.action)}
        </li>
      ))}
    </ol>
  );
}

/** The team's shared case board: pins, hypotheses and chain from every member's steps. */
export function SharedBoard({ view }: { view: BoardView }) {
  const state = boardState(view);
  return (
    <div class="gameday-board">
      <h3>Pinned evidence ({state.pinned.length})</h3>
      <ul class="gameday-pins">
        {state.pinned.map((p) => (
          <li key={p.evidence.ref}>{describeEvidence(p.evidence)}</li>
        ))}
      </ul>
      <h3>Hypotheses ({state.hypotheses.length})</h3>
      <ul>
        {state.hypotheses.map((h) => (
          <li key={h.id}>
            {h.text} <span class="badge">{h.status}</span>
          </li>
        ))}
      </ul>
      <h3>Causal chain ({state.chain.length} links)</h3>
      <ol>
        {state.chain.map((l) => (
          <li key={l.id}>
            {l.from} → {l.to}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Offers the round the facilitator started after this one (a reload joins it), once there is one. */
export function NextRound({ pub }: { pub: Y.Doc }) {
  const next = useShared([pub], () => readRound(pub).next);
  if (next === undefined) return null;
  return (
    <p class="notice" role="status">
      The facilitator has started round {next}, on another variant of the incident.{' '}
      <button type="button" onClick={() => location.reload()}>
        Join round {next}
      </button>
    </p>
  );
}

// Deploys and rollbacks are not messages: they appear in the Changes tool, as any change does.
const isMessage = (item: BoardView['inbox'][number]) =>
  item.type === 'hint' || (item.inject.kind !== 'deploy' && item.inject.kind !== 'rollback');

function Inbox({ view }: { view: BoardView }) {
  const messages = view.inbox.filter(isMessage);
  if (messages.length === 0) return <p class="muted">No messages from the facilitator yet.</p>;
  return (
    <ul class="gameday-inbox" aria-label="Messages from the facilitator">
      {[...messages].reverse().map((item) =>
        item.type === 'inject' ? (
          <li key={`i${item.inject.id}`} data-kind={item.inject.kind}>
            <span class="badge">{item.inject.kind}</span> <strong>{item.inject.title}</strong>
            {item.inject.service && <span class="muted"> on {item.inject.service}</span>}
            {item.inject.body && <p>{item.inject.body}</p>}
          </li>
        ) : (
          <li key={`h${item.hint.id}`} data-kind="hint">
            <span class="badge">hint</span> {item.hint.text}
          </li>
        ),
      )}
    </ul>
  );
}

function StatusBox({
  board,
  me,
  view,
  ended,
}: {
  board: Y.Doc;
  me: string;
  view: BoardView;
  ended: boolean;
}) {
  const [text, setText] = useState('');
  return (
    <div class="gameday-status">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const t = text.trim();
          if (!t || ended) return;
          postStatus(board, me, t.slice(0, 2000), Date.now());
          setText('');
        }}
      >
        <label>
          Status update for the facilitator
          <textarea
            name="status-update"
            rows={3}
            value={text}
            maxLength={2000}
            disabled={ended}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={ended || text.trim() === ''}>
          Post update
        </button>
      </form>
      {view.status.length > 0 && (
        <p class="muted">
          Last update by {memberName(view, view.status.at(-1)!.by)}: {view.status.at(-1)!.text}
        </p>
      )}
    </div>
  );
}

/** The team column beside a player's investigation: members, messages, the shared board and the feed. */
export function TeamPanel({
  info,
  board,
  pub,
  me,
}: {
  info: JoinInfo;
  board: Y.Doc;
  pub: Y.Doc;
  me: string;
}) {
  const view = useShared([board], () => readBoard(board));
  const ended = useShared([pub], () => readRound(pub).ended === true);
  const standings = useShared([pub], () => readStandings(pub));
  return (
    <aside class="gameday-team" aria-label="Your team">
      <h2>{info.team?.name}</h2>
      <RoundClock pub={pub} />
      {ended && (
        <p class="notice" role="status">
          The facilitator has ended the round: the board is read-only now. Stay for the retro.
        </p>
      )}
      <NextRound pub={pub} />
      <ul class="gameday-members">
        {Object.entries(view.members).map(([id, m]) => (
          <li key={id}>
            {m.name} <span class="badge">{ROLE_SHORT[m.role] ?? m.role}</span>
            {id === me && <span class="muted"> (you)</span>}
          </li>
        ))}
      </ul>
      <section>
        <h3>Messages</h3>
        <Inbox view={view} />
      </section>
      <StatusBox board={board} me={me} view={view} ended={ended} />
      <section>
        <h3>Shared board</h3>
        <SharedBoard view={view} />
      </section>
      <section>
        <h3>Activity</h3>
        <ActivityFeed view={view} />
      </section>
      {info.room.mode === 'competitive' && <Leaderboard standings={standings} />}
    </aside>
  );
}
