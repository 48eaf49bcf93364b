import { useState } from 'preact/hooks';
import type * as Y from 'yjs';
import type { InjectKind } from '../../state/gameday/roomState.ts';
import {
  elapsedMs,
  formatDuration,
  freshSentId,
  readClock,
  readSent,
  sendHint,
  sendInject,
} from '../../state/gameday/roomState.ts';
import { useShared } from './useShared.ts';

const KIND_LABELS: Readonly<Record<InjectKind, string>> = {
  ticket: 'A new ticket',
  escalation: 'An escalation message',
  deploy: 'A deploy event',
  rollback: 'A rollback event',
};

function TargetSelect({
  teams,
  value,
  onChange,
  name,
}: {
  teams: readonly { id: string; name: string }[];
  value: string;
  onChange: (v: string) => void;
  name: string;
}) {
  return (
    <label>
      To
      <select aria-label="To" name={name} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="all">Every team</option>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Forms to push an inject or a hint to one team or to all, and what was sent so far. */
export function InjectForm({ room, teams }: { room: Y.Doc; teams: readonly { id: string; name: string }[] }) {
  const [target, setTarget] = useState('all');
  const [kind, setKind] = useState<InjectKind>('ticket');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [service, setService] = useState('');
  const [inMinutes, setInMinutes] = useState('0');
  const [hintTarget, setHintTarget] = useState('all');
  const [hint, setHint] = useState('');
  const sent = useShared([room], () => readSent(room));
  const teamName = (id: string) =>
    id === 'all' ? 'every team' : (teams.find((t) => t.id === id)?.name ?? id);
  return (
    <section class="gameday-inject">
      <form
        aria-label="Push an inject"
        onSubmit={(e) => {
          e.preventDefault();
          if (!title.trim()) return;
          const change = kind === 'deploy' || kind === 'rollback';
          const withService = change && service.trim();
          // A change happens on the round's clock: now, or so many minutes of round time from now.
          const minutes = Math.max(0, Number(inMinutes) || 0);
          const changeAtMs = elapsedMs(readClock(room), Date.now()) + minutes * 60_000;
          sendInject(room, {
            id: freshSentId(),
            at: Date.now(),
            target,
            kind,
            title: title.trim().slice(0, 200),
            body: body.slice(0, 4000),
            ...(withService ? { service: service.trim().slice(0, 64) } : {}),
            ...(change ? { changeAtMs: Math.round(changeAtMs) } : {}),
          });
          setTitle('');
          setBody('');
        }}
      >
        <h3>Push an inject</h3>
        <TargetSelect teams={teams} value={target} onChange={setTarget} name="inject-target" />
        <label>
          Kind
          <select
            aria-label="Kind"
            name="inject-kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as InjectKind)}
          >
            {(Object.keys(KIND_LABELS) as InjectKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Title
          <input
            name="inject-title"
            value={title}
            maxLength={200}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </label>
        <label>
          Message
          <textarea
            name="inject-body"
            rows={3}
            value={body}
            maxLength={4000}
            onInput={(e) => setBody(e.currentTarget.value)}
          />
        </label>
        {(kind === 'deploy' || kind === 'rollback') && (
          <>
            <label>
              Service
              <input
                name="inject-service"
                value={service}
                maxLength={64}
                onInput={(e) => setService(e.currentTarget.value)}
              />
            </label>
            <label>
              In the change log in (minutes of round time)
              <input
                name="inject-in-minutes"
                type="number"
                min={0}
                max={600}
                value={inMinutes}
                onInput={(e) => setInMinutes(e.currentTarget.value)}
              />
            </label>
          </>
        )}
        <button type="submit" disabled={!title.trim()}>
          Push inject
        </button>
      </form>
      <form
        aria-label="Send a hint"
        onSubmit={(e) => {
          e.preventDefault();
          if (!hint.trim()) return;
          sendHint(room, {
            id: freshSentId(),
            at: Date.now(),
            target: hintTarget,
            text: hint.trim().slice(0, 2000),
          });
          setHint('');
        }}
      >
        <h3>Send a hint</h3>
        <TargetSelect teams={teams} value={hintTarget} onChange={setHintTarget} name="hint-target" />
        <label>
          Hint
          <textarea
            name="hint-text"
            rows={2}
            value={hint}
            maxLength={2000}
            onInput={(e) => setHint(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={!hint.trim()}>
          Send hint
        </button>
      </form>
      {(sent.injects.length > 0 || sent.hints.length > 0) && (
        <ul class="gameday-sent">
          {sent.injects.map((i) => (
            <li key={i.id}>
              {i.kind} “{i.title}” to {teamName(i.target)}
              {i.changeAtMs !== undefined &&
                ` in the change log at ${formatDuration(i.changeAtMs)} of the round`}
            </li>
          ))}
          {sent.hints.map((h) => (
            <li key={h.id}>
              hint “{h.text}” to {teamName(h.target)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
