import { useEffect, useRef, useState } from 'preact/hooks';
import type { PublicChannelItem } from '../../engine/investigation/publicChannel.ts';
import type { ChannelRole } from '../../engine/scenario/channelSchema.ts';
import type { Session } from '../../state/session.ts';
import { clockTime } from '../shell/format.ts';
import { useStore } from '../useStore.ts';

/** How a role is labelled on its badge. */
const ROLE_LABELS: Readonly<Record<ChannelRole, string>> = {
  teammate: 'teammate',
  support: 'support',
  manager: 'manager',
  'status-page': 'status page',
  customer: 'customer',
  bot: 'bot',
};

/**
 * The incident channel at the clock's now, asked of the world host every two seconds as the inbox is:
 * messages arrive as the clock reaches them or their trigger happens; the script of the channel stays with
 * the world host. The answer changes (and its users re-render) only when an entry appears, so an idle
 * channel costs no renders.
 */
export function useChannel(session: Session): PublicChannelItem[] {
  const scenario = useStore(session.store, (s) => s.scenario);
  const actions = useStore(session.store, (s) => s.actions);
  const [items, setItems] = useState<PublicChannelItem[]>([]);
  useEffect(() => {
    let live = true;
    const poll = () =>
      void session.channelAt().then((next) => {
        if (live) setItems((old) => (sameItems(old, next) ? old : next));
      });
    // Runs at once too, so a status update just posted (a new action) shows without waiting for the poll.
    poll();
    const timer = setInterval(poll, 2000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [session, scenario, actions]);
  return items;
}

/** Whether two readings of the channel list the same entries at the same times. */
function sameItems(a: readonly PublicChannelItem[], b: readonly PublicChannelItem[]): boolean {
  const key = (i: PublicChannelItem) =>
    `${i.kind}:${i.kind === 'message' ? i.message.id : i.index}@${i.atMs}`;
  return a.length === b.length && a.every((item, i) => key(item) === key(b[i]!));
}

/** The channel's name, Slack-style: `#inc-20261025-checkout`. */
export function channelName(scenarioId: string, pageAt: string): string {
  return `#inc-${pageAt.slice(0, 10).replaceAll('-', '')}-${scenarioId}`;
}

/**
 * The incident channel: teammates, support, a manager and the status page talking as the clock runs, and a
 * box where the trainee posts status updates (Ctrl+Enter or Cmd+Enter posts). What a message is worth is
 * for the trainee to judge: the channel never marks a message as right or wrong.
 */
export function ChannelPanel({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const items = useChannel(session);
  const log = useRef<HTMLDivElement>(null);
  const count = items.length;
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);
  const page = scenario.briefing.page;
  return (
    <section class="channel" aria-label="Incident channel">
      <header class="channel-header">
        <h2>{channelName(scenario.id, page.at)}</h2>
        <p class="muted channel-topic">
          {page.severity} · {page.title}
        </p>
      </header>
      {/* A log region, present before the first message: screen readers announce new ones in place. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the message list scrolls, so it takes focus for the arrow keys */}
      <div class="channel-log" role="log" aria-label="Messages" ref={log} tabIndex={0}>
        {items.length === 0 ? (
          <p class="muted">Nobody has said anything yet.</p>
        ) : (
          <ol>
            {items.map((item) => (
              <ChannelEntry
                key={item.kind === 'message' ? item.message.id : `status-${item.index}`}
                item={item}
              />
            ))}
          </ol>
        )}
      </div>
      <StatusBox session={session} />
    </section>
  );
}

function ChannelEntry({ item }: { item: PublicChannelItem }) {
  const time = (
    <time dateTime={new Date(item.atMs).toISOString()} class="muted">
      {clockTime(item.atMs)}
    </time>
  );
  if (item.kind === 'status')
    return (
      <li class="channel-msg channel-mine">
        <header>
          <strong>You</strong>
          <span class="badge channel-role-you">status update</span>
          {time}
        </header>
        <p>{item.text}</p>
      </li>
    );
  const m = item.message;
  if (m.role === 'status-page')
    return (
      <li class="channel-msg channel-status-page">
        <header>
          <strong>{m.from}</strong>
          <span class="badge channel-role-status-page">{ROLE_LABELS[m.role]}</span>
          {time}
        </header>
        <figure>
          <figcaption>Status page draft</figcaption>
          <blockquote>{m.text}</blockquote>
        </figure>
      </li>
    );
  return (
    <li class={`channel-msg channel-from-${m.role}`}>
      <header>
        <strong>{m.from}</strong>
        <span class={`badge channel-role-${m.role}`}>{ROLE_LABELS[m.role]}</span>
        {time}
      </header>
      <p>{m.text}</p>
    </li>
  );
}

/** The status update box: what is known, what is being done, when the next update comes. */
function StatusBox({ session }: { session: Session }) {
  const [text, setText] = useState('');
  const [posted, setPosted] = useState('');
  const post = () => {
    const update = text.trim();
    if (!update) return;
    session.act({ type: 'status', text: update.slice(0, 2000) });
    setText('');
    setPosted('Status update posted.');
  };
  return (
    <form
      class="channel-compose"
      onSubmit={(e) => {
        e.preventDefault();
        post();
      }}
    >
      <label for="channel-status">Post a status update</label>
      <textarea
        id="channel-status"
        rows={3}
        maxLength={2000}
        value={text}
        aria-describedby="channel-status-help"
        aria-keyshortcuts="Control+Enter Meta+Enter"
        placeholder="What is affected, what you know, what you are doing next"
        onInput={(e) => {
          setText(e.currentTarget.value);
          setPosted('');
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            post();
          }
        }}
      />
      <div class="channel-compose-row">
        <span id="channel-status-help" class="muted">
          Ctrl+Enter (⌘+Enter) posts. The debrief shows each update beside what was true then.
        </span>
        <span class="muted" role="status">
          {posted}
        </span>
        <button type="submit" class="primary" disabled={!text.trim()}>
          Post update
        </button>
      </div>
    </form>
  );
}
