import { useEffect, useMemo, useState } from 'preact/hooks';
import { appliedWith } from '../../engine/investigation/responseClock.ts';
import type { MitigationKind } from '../../engine/scenario/responseSchema.ts';
import { MITIGATION_KIND_LABELS, MITIGATION_KINDS } from '../../engine/scenario/responseSchema.ts';
import { parseTimestamp } from '../../engine/scenario/units.ts';
import type { PaletteEntry } from '../../engine/sim/response/palette.ts';
import { actionPalette } from '../../engine/sim/response/palette.ts';
import type { Session } from '../../state/session.ts';
import { clockTime } from '../shell/format.ts';
import { useStore } from '../useStore.ts';

/** What each verb's group is called. */
export const VERB_NAMES: Readonly<Record<MitigationKind, string>> = {
  rollback: 'Roll back',
  revert: 'Revert',
  restart: 'Restart',
  scale: 'Scale',
  drain: 'Drain',
  failover: 'Fail over',
  'rate-limit': 'Rate limit',
  renew: 'Renew',
  hotfix: 'Hot fix',
  restore: 'Restore',
};

/** Past this many actions the panel offers a filter. */
const FILTER_FROM = 8;

const minutes = (cost: string) => {
  const match = /^(\d+)m$/.exec(cost);
  return match ? `${match[1]} min` : cost;
};

/**
 * Every action a responder may take on the open scenario's system by the incident clock's now, grouped by
 * verb: a change that reaches the clock while the panel is open brings its rollback or revert with it.
 */
export function usePalette(session: Session): PaletteEntry[] {
  const scenario = useStore(session.store, (s) => s.scenario);
  const [changes, setChanges] = useState(() => session.changesSoFar());
  useEffect(() => {
    const timer = setInterval(() => setChanges(session.changesSoFar()), 2000);
    return () => clearInterval(timer);
  }, [session]);
  // `changes` stands for the clock reaching a change: the palette is made again then.
  return useMemo(
    () =>
      // Each verb's usual time: what a scenario sets for one action, like whether it is right, is learned by
      // taking it.
      scenario ? actionPalette(scenario, { atMs: session.nowMs() }) : [],
    [scenario, session, changes],
  );
}

/** The palette's actions grouped by verb, in verb order, keeping only verbs that have one. */
export function byVerb(
  entries: readonly PaletteEntry[],
): { verb: MitigationKind; entries: PaletteEntry[] }[] {
  return MITIGATION_KINDS.map((verb) => ({ verb, entries: entries.filter((e) => e.kind === verb) })).filter(
    (g) => g.entries.length > 0,
  );
}

/**
 * What a responder can do about the incident: every verb on every target this system has, what it would
 * run and the game time it takes. Applying one changes the running system (the map, charts and logs show
 * what follows) and moves the incident clock on by its cost; a wrong choice can relieve, hide or worsen
 * things.
 */
export function RespondPanel({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const actions = useStore(session.store, (s) => s.actions);
  const palette = usePalette(session);
  const [filter, setFilter] = useState('');
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const costs = useStore(session.store, (s) => s.mitigationCosts);
  const pageMs = parseTimestamp(scenario.briefing.page.at)!;
  const applied = new Map(appliedWith((id) => costs[id], pageMs, actions).map((a) => [a.mitigation, a]));
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = palette.filter((m) => words.every((w) => `${m.label} ${m.id}`.toLowerCase().includes(w)));

  const apply = async (m: PaletteEntry) => {
    setBusy(true);
    setMessage('');
    const result = await session.mitigate(m.id);
    setBusy(false);
    setConfirming(undefined);
    setMessage(
      'error' in result
        ? `Could not apply "${m.label}": ${result.error}`
        : `${m.label}: done at ${clockTime(result.doneMs)}. Watch the map and the charts for what it did.`,
    );
  };

  const item = (m: PaletteEntry) => {
    const done = applied.get(m.id);
    return (
      <li key={m.id} class={done ? 'mitigation applied' : 'mitigation'} data-mitigation={m.id}>
        <div class="mitigation-head">
          <strong>{m.label}</strong>
          <span class="muted">usually takes {minutes(m.cost)}</span>
        </div>
        <code class="mitigation-command">{m.command}</code>
        {done ? (
          <p class="muted">
            Applied at {clockTime(done.atMs)}; done at {clockTime(done.atMs + done.costMs)}.
          </p>
        ) : confirming === m.id ? (
          <fieldset class="confirm-row" aria-label={`Confirm ${m.label}`}>
            <span>Apply now? The clock moves on while it takes effect (usually {minutes(m.cost)}).</span>
            <button type="button" class="primary" disabled={busy} onClick={() => void apply(m)}>
              Confirm: {m.label}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(undefined)}>
              Cancel
            </button>
          </fieldset>
        ) : (
          <button type="button" onClick={() => setConfirming(m.id)} aria-label={`Apply ${m.label}`}>
            Apply…
          </button>
        )}
      </li>
    );
  };

  return (
    <div class="respond-panel">
      <p class="muted">
        Acting changes the system from the incident clock's now; the clock moves on while the action takes
        effect. Mitigations are scored on timing, on the evidence pinned before them and on what they did.
      </p>
      {palette.length > FILTER_FROM && (
        <div class="filter-row">
          <label for="respond-filter">Actions mentioning</label>
          <input
            id="respond-filter"
            type="search"
            value={filter}
            autocomplete="off"
            placeholder="a service, a region, a verb…"
            onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
          />
        </div>
      )}
      {shown.length === 0 && <p class="muted">No action matches.</p>}
      {byVerb(shown).map((group) => (
        <section key={group.verb} class="mitigation-group" aria-label={VERB_NAMES[group.verb]}>
          <h3>
            {VERB_NAMES[group.verb]} <span class="muted">{MITIGATION_KIND_LABELS[group.verb]}</span>
          </h3>
          <ul class="mitigations">{group.entries.map(item)}</ul>
        </section>
      ))}
      <p role="status" class="respond-status">
        {message}
      </p>
    </div>
  );
}
