import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import type { Session } from '../../state/session.ts';
import type { ToolTab } from '../../state/store.ts';
import { useStore } from '../useStore.ts';
import { useChannel } from './ChannelPanel.tsx';
import { useArrivedTickets } from './InboxPanel.tsx';

/** Tab titles and their `g` shortcut keys. */
export const TOOL_TITLES: Readonly<Record<ToolTab, readonly [title: string, key: string]>> = {
  logs: ['Logs', 'l'],
  metrics: ['Metrics', 'm'],
  traces: ['Traces', 't'],
  code: ['Code', 'c'],
  changes: ['Changes', 'd'],
  inbox: ['Inbox', 'i'],
  channel: ['Channel', 'h'],
  respond: ['Respond', 'r'],
};

/** The tool tabs (WAI-ARIA tabs: arrow keys move between them) and the panel of the one in front. */
export function ToolTabs({
  session,
  tools,
  panels,
}: {
  session: Session;
  tools: readonly ToolTab[];
  panels: Partial<Record<ToolTab, () => ComponentChildren>>;
}) {
  const tab = useStore(session.store, (s) => s.tab);
  const arrived = useArrivedTickets(session);
  const seenTickets = useRef(0);
  if (tab === 'inbox') seenTickets.current = arrived;
  const unread = Math.max(0, arrived - seenTickets.current);
  const said = useChannel(session).filter((item) => item.kind === 'message').length;
  const seenMessages = useRef(0);
  if (tab === 'channel') seenMessages.current = said;
  const unheard = Math.max(0, said - seenMessages.current);
  const shown = tools.filter((t) => panels[t]);
  const select = (t: ToolTab) => session.store.getState().showTool(t);
  return (
    <section class="panel tools" aria-label="Investigation tools">
      <div class="tablist" role="tablist" aria-label="Tools">
        {shown.map((t, i) => (
          <button
            type="button"
            role="tab"
            key={t}
            id={`tab-${t}`}
            aria-selected={t === tab}
            aria-controls={`panel-${t}`}
            aria-keyshortcuts={`g ${TOOL_TITLES[t][1]}`}
            tabIndex={t === tab ? 0 : -1}
            onClick={() => select(t)}
            onKeyDown={(e) => {
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              e.preventDefault();
              const next = shown[(i + step + shown.length) % shown.length]!;
              select(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {TOOL_TITLES[t][0]}
            {t === 'inbox' && unread > 0 && (
              <span class="unread">
                {unread}
                <span class="visually-hidden"> new</span>
              </span>
            )}
            {t === 'channel' && unheard > 0 && (
              <span class="unread">
                {unheard}
                <span class="visually-hidden"> unread</span>
              </span>
            )}
          </button>
        ))}
      </div>
      <div class="tabpanel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {panels[tab]?.()}
      </div>
    </section>
  );
}
