import { useEffect, useState } from 'preact/hooks';
import { memberIdOf } from '../../protocol/memberKey.ts';
import type { JoinInfo, SharedDoc } from '../../state/gameday/connection.ts';
import { openShared } from '../../state/gameday/connection.ts';
import { startPlayerSession } from '../../state/gameday/playerSession.ts';
import { remoteHost } from '../../state/gameday/remoteHost.ts';
import { readRound } from '../../state/gameday/roomState.ts';
import type { TeamRole } from '../../state/gameday/teamBoard.ts';
import { joinTeam } from '../../state/gameday/teamBoard.ts';
import type { Session } from '../../state/session.ts';
import { App } from '../App.tsx';
import { useStore } from '../useStore.ts';
import { TeamPanel } from './TeamPanel.tsx';

/** Role names as players read them. */
export const ROLE_LABELS: Readonly<Record<TeamRole, string>> = {
  commander: 'Incident commander',
  investigator: 'Investigator',
  communications: 'Communications',
};

/** Who the player is on the team: their member key (kept on this device only), name and role. */
interface Identity {
  readonly key: string;
  readonly name: string;
  readonly role: TeamRole;
}

const identityKey = (code: string) => `twoam.gameday.member.${code}`;

function savedIdentity(code: string): Identity | undefined {
  try {
    const text = localStorage.getItem(identityKey(code));
    const saved = text ? (JSON.parse(text) as Partial<Identity>) : undefined;
    // An identity kept before member keys existed has none: the player joins again under a new one.
    return saved && typeof saved.key === 'string' && memberIdOf(saved.key) ? (saved as Identity) : undefined;
  } catch {
    return undefined;
  }
}

/** A fresh member key: 32 random URL-safe characters (getRandomValues works on plain http too). */
function newMemberKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

interface Joined {
  readonly identity: Identity;
  readonly memberId: string;
  readonly board: SharedDoc;
  readonly pub: SharedDoc;
  readonly session: Session;
}

async function join(info: JoinInfo, code: string, identity: Identity): Promise<Joined> {
  const memberId = memberIdOf(identity.key)!;
  const [board, pub] = await Promise.all([
    openShared(info.ws, info.docs.boards[0]!, code, identity.key),
    openShared(info.ws, info.docs.public, code),
  ]);
  await Promise.all([board.synced, pub.synced]);
  // After the round the server refuses any change to a board, and would close the connection for one.
  if (readRound(pub.doc).ended !== true)
    joinTeam(board.doc, memberId, identity.name, identity.role, Date.now());
  // The server holds the round's world and scenario; this page only asks it questions. It never starts
  // the solo game's world worker, which would fetch scenarios of its own.
  const host = remoteHost({
    origin: '',
    code,
    member: identity.key,
    round: info.room.round,
    entry: info.scenario,
    roundEnded: () => readRound(pub.doc).ended === true,
  });
  const session = await startPlayerSession({
    info,
    memberId,
    board: board.doc,
    pub: pub.doc,
    host,
    code,
    storage: localStorage,
    wallClock: () => Date.now(),
  });
  return { identity, memberId, board, pub, session };
}

/**
 * The player's investigation; once they have submitted, the debrief waits for the end of the round, when
 * the server sends it (the answer is nowhere in this page before then).
 */
function Investigation({ session }: { session: Session }) {
  const waiting = useStore(session.store, (s) => s.phase === 'debrief' && s.revealed === undefined);
  if (waiting)
    return (
      <section class="gameday-waiting" role="status">
        <h1>Your diagnosis is in</h1>
        <p>The debrief opens when the facilitator ends the round. Keep an eye on your team's board.</p>
      </section>
    );
  return <App session={session} />;
}

/** A player's page: pick a name and a role, then investigate with the team's shared board beside. */
export function PlayerView({ info, code }: { info: JoinInfo; code: string }) {
  const [joined, setJoined] = useState<Joined>();
  const [error, setError] = useState<string>();
  const [name, setName] = useState(savedIdentity(code)?.name ?? '');
  const [role, setRole] = useState<TeamRole>(savedIdentity(code)?.role ?? 'investigator');
  const [joining, setJoining] = useState(false);

  const submit = (identity: Identity) => {
    setJoining(true);
    localStorage.setItem(identityKey(code), JSON.stringify(identity));
    join(info, code, identity).then(setJoined, (err: Error) => {
      setJoining(false);
      setError(err.message);
    });
  };
  // A returning player (a reload) goes straight back to the team.
  useEffect(() => {
    const saved = savedIdentity(code);
    if (saved) submit(saved);
  }, []);

  if (joined)
    return (
      <div class="gameday-player">
        <div class="gameday-main">
          <Investigation session={joined.session} />
        </div>
        <TeamPanel info={info} board={joined.board.doc} pub={joined.pub.doc} me={joined.memberId} />
      </div>
    );
  return (
    <main class="gameday-join">
      <h1>Game day: {info.room.title}</h1>
      <p class="subtitle">
        You are joining <strong>{info.team?.name}</strong>
        {info.room.mode === 'competitive' ? `, one of ${info.teams.length} competing teams` : ''}.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = name.trim();
          if (trimmed) submit({ key: newMemberKey(), name: trimmed.slice(0, 60), role });
        }}
      >
        <label>
          Your name
          <input
            name="player-name"
            value={name}
            maxLength={60}
            required
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label>
          Your role
          <select
            name="player-role"
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as TeamRole)}
          >
            {(Object.keys(ROLE_LABELS) as TeamRole[]).map((r) => (
              <option value={r} key={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={joining}>
          {joining ? 'Joining…' : 'Join the team'}
        </button>
      </form>
      {error && (
        <p class="gameday-error" role="alert">
          Could not join: {error}
        </p>
      )}
    </main>
  );
}
