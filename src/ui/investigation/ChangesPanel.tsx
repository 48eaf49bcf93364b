import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChangeEvidence } from '../../engine/investigation/evidence.ts';
import type { ToolResult } from '../../engine/investigation/tools.ts';
import { parseTimestamp } from '../../engine/scenario/units.ts';
import type { Session } from '../../state/session.ts';
import { pin, usePinnedRefs } from '../logs/LogExplorer.tsx';
import { dateTime } from '../shell/format.ts';
import { TimeAxis } from '../shell/TimeAxis.tsx';
import { useStore } from '../useStore.ts';

const KIND_COLOURS: Readonly<Record<string, string>> = {
  deploy: '#4c6fff',
  rollback: '#ff9f43',
  config: '#ffc857',
  flag: '#ce93d8',
  cron: '#80deea',
  traffic: '#4fd18b',
  certificate: '#ff6b6b',
  note: '#8b95ab',
  failover: '#ff8a65',
};

/**
 * Deploys, config and flag changes up to the incident clock, on a strip aligned with the incident window
 * and in a list, newest first. A filter searches their text; the map's service scope narrows them.
 */
export function ChangesPanel({ session }: { session: Session }) {
  const service = useStore(session.store, (s) => s.logView.service);
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const [text, setText] = useState('');
  const [result, setResult] = useState<ToolResult | undefined>(undefined);
  const pinned = usePinnedRefs(session);

  const run = (query: string) =>
    void session
      .runTool(
        { tool: 'changes', ...(query ? { query } : {}), ...(service ? { service } : {}) },
        undefined,
        // Opening the tab lists the changes; filtering them is a question the trainee asked.
        !query,
      )
      .then(setResult);
  useEffect(() => run(text), [service]);
  // A change that reaches the clock while the tab is open (a deploy on the timeline, a rollback just
  // made, a facilitator's inject) is listed without asking: the list is queried again only then.
  const seen = useRef(session.changesSoFar());
  useEffect(() => {
    const timer = setInterval(() => {
      const now = session.changesSoFar();
      if (now <= seen.current) return;
      seen.current = now;
      run(text);
    }, 2000);
    return () => clearInterval(timer);
  }, [session, text, service]);

  const changes = result?.ok
    ? result.items.flatMap((i) => (i.evidence.kind === 'change' ? [i.evidence] : []))
    : [];
  return (
    <div class="changes-panel">
      <form
        class="filter-row"
        onSubmit={(e) => {
          e.preventDefault();
          run(text);
        }}
      >
        <label for="changes-filter">Changes mentioning</label>
        <input
          id="changes-filter"
          data-shortcut="query"
          type="search"
          value={text}
          autocomplete="off"
          placeholder="deploy, a version, a flag name…"
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Filter changes</button>
        {service && <span class="muted">only {service}</span>}
      </form>
      <ChangeStrip session={session} changes={changes} windowStart={parseTimestamp(scenario.window.start)!} />
      {result && !result.ok && <p role="alert">{result.errors.map((e) => e.message).join('; ')}</p>}
      {result?.ok && changes.length === 0 && <p class="muted">No change matches.</p>}
      <ol class="change-list">
        {changes.map((c) => (
          <li key={c.ref} class={`change kind-${c.changeKind}`}>
            <time dateTime={new Date(c.atMs).toISOString()}>{dateTime(c.atMs)}</time>
            <span class="badge" style={{ color: KIND_COLOURS[c.changeKind] }}>
              {c.changeKind}
            </span>
            {c.service && <span class="svc">{c.service}</span>}
            <span class="change-text">{c.description}</span>
            <button
              type="button"
              class="pin"
              disabled={pinned.has(c.ref)}
              aria-label={pinned.has(c.ref) ? 'Pinned' : `Pin change ${c.eventId}`}
              onClick={() => pin(session, c)}
            >
              {pinned.has(c.ref) ? 'Pinned' : 'Pin'}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The changes as marks on a time axis running from before the window to the incident clock. */
function ChangeStrip({
  session,
  changes,
  windowStart,
}: {
  session: Session;
  changes: readonly ChangeEvidence[];
  windowStart: number;
}) {
  const now = session.nowMs();
  const from = Math.min(windowStart, ...changes.map((c) => c.atMs));
  const span = Math.max(1, now - from);
  const x = (t: number) => ((t - from) / span) * 1000;
  return (
    <div class="change-strip-box">
      <svg
        class="change-strip"
        viewBox="0 0 1000 40"
        preserveAspectRatio="none"
        role="img"
        aria-label={`Timeline from ${dateTime(from)} to now, ${dateTime(now)}: ${changes.length} changes; the shaded part is the incident window.`}
      >
        <rect
          x={x(windowStart)}
          y={0}
          width={1000 - x(windowStart)}
          height={40}
          fill="#ff6b6b"
          opacity={0.08}
        />
        <line x1={0} x2={1000} y1={30} y2={30} stroke="#263049" stroke-width={2} />
        {changes.map((c) => (
          <rect
            key={c.ref}
            x={x(c.atMs) - 2}
            y={6}
            width={4}
            height={28}
            fill={KIND_COLOURS[c.changeKind] ?? '#8b95ab'}
          >
            <title>{`${dateTime(c.atMs)} ${c.changeKind}: ${c.description}`}</title>
          </rect>
        ))}
      </svg>
      <TimeAxis startMs={from} endMs={now} />
    </div>
  );
}
