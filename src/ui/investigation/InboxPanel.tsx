import { useEffect, useState } from 'preact/hooks';
import type { ToolResult } from '../../engine/investigation/tools.ts';
import { parseTimestamp } from '../../engine/scenario/units.ts';
import type { Session } from '../../state/session.ts';
import { pin, usePinnedRefs } from '../logs/LogExplorer.tsx';
import { useMoment } from '../shell/useMoment.ts';
import { useStore } from '../useStore.ts';

/** How many of the scenario's tickets have arrived by the incident clock's "now". */
export function useArrivedTickets(session: Session): number {
  const scenario = useStore(session.store, (s) => s.scenario);
  const count = () =>
    scenario ? scenario.briefing.tickets.filter((t) => parseTimestamp(t.at)! <= session.nowMs()).length : 0;
  const [arrived, setArrived] = useState(count);
  useEffect(() => {
    const timer = setInterval(() => setArrived(count()), 2000);
    return () => clearInterval(timer);
  }, [session, scenario]);
  return arrived;
}

/** The page and the support tickets that have arrived, newest first; more arrive as the clock runs. */
export function InboxPanel({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const arrived = useArrivedTickets(session);
  const pinned = usePinnedRefs(session);
  const moment = useMoment(session);
  const [result, setResult] = useState<ToolResult | undefined>(undefined);
  useEffect(() => void session.runTool({ tool: 'inbox' }, undefined, true).then(setResult), [arrived]);
  if (!result) return <p class="muted">Opening the inbox…</p>;
  if (!result.ok) return <p role="alert">{result.errors.map((e) => e.message).join('; ')}</p>;
  const items = [...result.items].sort((a, b) => {
    const at = (e: (typeof result.items)[number]['evidence']) =>
      e.kind === 'ticket' ? e.atMs : e.kind === 'alert' ? e.startMs : 0;
    return at(b.evidence) - at(a.evidence);
  });
  return (
    <ol class="inbox">
      {items.map(({ evidence: e }) => {
        if (e.kind === 'alert') {
          const page = scenario.briefing.page;
          return (
            <li key={e.ref} class="inbox-item alert">
              <header>
                <span class={`badge sev-${page.severity}`}>{page.severity}</span>
                <strong class="grow">{e.title}</strong>
                <time dateTime={new Date(e.startMs).toISOString()}>{moment(e.startMs)}</time>
              </header>
              <p>{page.body}</p>
              <button type="button" disabled={pinned.has(e.ref)} onClick={() => pin(session, e)}>
                {pinned.has(e.ref) ? 'Pinned' : `Pin alert ${e.name}`}
              </button>
            </li>
          );
        }
        if (e.kind !== 'ticket') return null;
        const ticket = scenario.briefing.tickets.find((t) => t.id === e.ticketId);
        return (
          <li key={e.ref} class="inbox-item ticket">
            <header>
              <span class="badge">ticket {e.ticketId}</span>
              <strong class="grow">{e.subject}</strong>
              <span class="muted">from {ticket?.from}</span>
              <time dateTime={new Date(e.atMs).toISOString()}>{moment(e.atMs)}</time>
            </header>
            <p>{ticket?.body}</p>
            <button type="button" disabled={pinned.has(e.ref)} onClick={() => pin(session, e)}>
              {pinned.has(e.ref) ? 'Pinned' : `Pin ticket ${e.ticketId}`}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
