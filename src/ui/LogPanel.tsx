import { useState } from 'preact/hooks';
import { pinnedEvidence, refs } from '../engine/investigation/actions.ts';
import { toLogQL } from '../engine/query/logSearch.ts';
import type { Session } from '../state/session.ts';
import { clockTime } from './format.ts';
import { useStore } from './useStore.ts';

/** The log explorer: scope to a service, filter lines, pin what matters. */
export function LogPanel({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const view = useStore(session.store, (s) => s.logView);
  const actions = useStore(session.store, (s) => s.actions);
  const [draft, setDraft] = useState(view.contains);
  const pinnedIds = new Set<number>();
  for (const e of pinnedEvidence(actions)) if (e.kind === 'log') pinnedIds.add(e.id);

  const run = (service: string | undefined, contains: string) =>
    void session.searchLogs({ service, contains });

  return (
    <section class="panel log-panel" aria-label="Logs">
      <form
        class="log-query"
        onSubmit={(e) => {
          e.preventDefault();
          run(view.service, draft);
        }}
      >
        <fieldset class="scope" aria-label="Service scope">
          <button
            type="button"
            aria-pressed={view.service === undefined}
            onClick={() => run(undefined, draft)}
          >
            All services
          </button>
          {scenario.system.services.map((svc) => (
            <button
              type="button"
              key={svc.id}
              aria-pressed={view.service === svc.id}
              onClick={() => run(svc.id, draft)}
            >
              {svc.id}
            </button>
          ))}
        </fieldset>
        <div class="filter-row">
          <label for="log-filter">Line contains</label>
          <input
            id="log-filter"
            type="search"
            value={draft}
            spellcheck={false}
            autocomplete="off"
            placeholder='e.g. "POST /checkout" or error'
            onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="primary">
            Search
          </button>
        </div>
        <p class="logql" title="The same query in LogQL, as you would type it in Grafana">
          <span class="muted">LogQL</span>{' '}
          <code>{toLogQL({ service: view.service, contains: view.contains })}</code>
        </p>
      </form>
      <LogResults session={session} pinnedIds={pinnedIds} />
    </section>
  );
}

function LogResults({ session, pinnedIds }: { session: Session; pinnedIds: ReadonlySet<number> }) {
  const view = useStore(session.store, (s) => s.logView);
  if (view.searching && !view.result) return <p class="muted">Searching…</p>;
  if (!view.result) {
    return <p class="muted">Pick a service on the map or above, or search all logs, to see lines here.</p>;
  }
  const { matched, lines } = view.result;
  return (
    <div class="log-results">
      <p class="muted" aria-live="polite">
        {matched.toLocaleString('en')} lines match
        {matched > lines.length ? `, showing the newest ${lines.length}` : ''}.
      </p>
      <ol class="log-lines">
        {lines.map((l) => {
          const pinned = pinnedIds.has(l.id);
          return (
            <li key={l.id} class={pinned ? 'log-line pinned' : 'log-line'} data-log-id={l.id}>
              <time>{clockTime(l.tsMs)}</time>
              <span class="svc">{l.instance}</span>
              <pre>{l.line}</pre>
              <button
                type="button"
                class="pin"
                disabled={pinned}
                aria-label={pinned ? 'Pinned' : `Pin log line from ${l.service} at ${clockTime(l.tsMs)}`}
                onClick={() =>
                  session.act({
                    type: 'pin',
                    evidence: {
                      kind: 'log',
                      ref: refs.log(l.id),
                      id: l.id,
                      service: l.service,
                      tsMs: l.tsMs,
                      line: l.line,
                    },
                  })
                }
              >
                {pinned ? 'Pinned' : 'Pin'}
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
