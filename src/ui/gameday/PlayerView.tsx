import { useEffect, useState } from 'preact/hooks';
import type { JoinInfo, SharedDoc } from '../../state/gameday/connection.ts';
import { openShared } from '../../state/gameday/connection.ts';
import { readRound } from '../../state/gameday/roomState.ts';
import type { TeamRole } from '../../state/gameday/teamBoard.ts';
import { forwardActions, joinTeam, mirrorTeammates } from '../../state/gameday/teamBoard.ts';
import type { KeyValueStorage } from '../../state/save.ts';
import type { Session, WorldHostLike } from '../../state/session.ts';
import { startSession } from '../../state/session.ts';
import { startWorldWorker } from '../../worker/client.ts';
import { App } from '../App.tsx';
import { TeamPanel } from './TeamPanel.tsx';

/** Role names as players read them. */
export const ROLE_LABELS: Readonly<Record<TeamRole, string>> = {
  commander: 'Incident commander',
  investigator: 'Investigator',
  communications: 'Communications',
};

interface Identity {
  readonly id: string;
  readonly name: string;
  readonly role: TeamRole;
}

const identityKey = (code: string) => `twoam.gameday.member.${code}`;

function savedIdentity(code: string): Identity | undefined {
  try {
    const text = localStorage.getItem(identityKey(code));
    return text ? (JSON.parse(text) as Identity) : undefined;
  } catch {
    return undefined;
  }
}

/** The browser's storage under a prefix, so a game day's investigation never touches the solo save. */
function prefixed(prefix: string): KeyValueStorage {
  return {
    getItem: (key) => localStorage.getItem(prefix + key),
    setItem: (key, value) => localStorage.setItem(prefix + key, value),
    removeItem: (key) => localStorage.removeItem(prefix + key),
  };
}

interface Joined {
  readonly identity: Identity;
  readonly board: SharedDoc;
  readonly pub: SharedDoc;
  readonly session: Session;
}

async function join(info: JoinInfo, code: string, identity: Identity): Promise<Joined> {
  const [board, pub] = await Promise.all([
    openShared(info.ws, info.docs.boards[0]!, code),
    openShared(info.ws, info.docs.public, code),
  ]);
  await Promise.all([board.synced, pub.synced]);
  // After the round the server refuses any change to a board, and would close the connection for one.
  if (readRound(pub.doc).ended !== true)
    joinTeam(board.doc, identity.id, identity.name, identity.role, Date.now());
  const host = startWorldWorker();
  // Every team of a room plays the room's seed, so their worlds and scores compare.
  // A proxy rather than a copy of the host's methods: every tool the worker offers stays reachable.
  const roomHost = new Proxy(host, {
    get: (target, prop) =>
      prop === 'open'
        ? (scenarioId: string) => target.open(scenarioId, info.room.seed)
        : Reflect.get(target, prop),
  }) as WorldHostLike;
  const session = startSession({
    host: roomHost,
    storage: prefixed(`twoam.gameday.${info.room.id}.${identity.id}.`),
    now: () => performance.now(),
  });
  await session.ready;
  if (session.store.getState().phase === 'menu')
    session.send({ type: 'select scenario', scenarioId: info.room.scenarioId });
  const mirror = mirrorTeammates(
    board.doc,
    identity.id,
    () => session.store.getState().actions,
    (action) => session.send({ type: 'act', action }),
  );
  board.doc.on('update', mirror);
  session.store.subscribe((s) => s.phase, mirror);
  mirror();
  forwardActions(
    board.doc,
    identity.id,
    (listener) => {
      listener(session.store.getState().actions);
      return session.store.subscribe((s) => s.actions, listener);
    },
    () => readRound(pub.doc).ended === true,
  );
  return { identity, board, pub, session };
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
          <App session={joined.session} />
        </div>
        <TeamPanel info={info} board={joined.board.doc} pub={joined.pub.doc} me={joined.identity.id} />
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
          if (trimmed) submit({ id: crypto.randomUUID(), name: trimmed.slice(0, 60), role });
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
