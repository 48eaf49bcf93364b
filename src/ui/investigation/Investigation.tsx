import { useEffect, useRef, useState } from 'preact/hooks';
import type { Session } from '../../state/session.ts';
import type { ToolTab } from '../../state/store.ts';
import { WorldLoading } from '../briefing/Briefing.tsx';
import { CaseBoard } from '../caseboard/CaseBoard.tsx';
import { DiagnosisForm } from '../caseboard/DiagnosisForm.tsx';
import { Hints } from '../caseboard/Hints.tsx';
import { CodeBrowser } from '../code/CodeBrowser.tsx';
import { LogExplorer } from '../logs/LogExplorer.tsx';
import { useMountedMap } from '../mapMounts.ts';
import { MetricsExplorer } from '../metrics/MetricsExplorer.tsx';
import { RespondPanel } from '../respond/RespondPanel.tsx';
import { ShortcutSheet } from '../shell/ShortcutSheet.tsx';
import { ShortcutReader } from '../shell/shortcuts.ts';
import { TracesPanel } from '../traces/TracesPanel.tsx';
import { useStore } from '../useStore.ts';
import { ChangesPanel } from './ChangesPanel.tsx';
import { ChannelPanel } from './ChannelPanel.tsx';
import { InboxPanel } from './InboxPanel.tsx';
import { IncidentClock } from './IncidentClock.tsx';
import { MapTimeline } from './MapTimeline.tsx';
import { PressureBar } from './PressureBar.tsx';
import { focusedRowPin, resultListIn } from './resultList.ts';
import { TOOL_TITLES, ToolTabs } from './ToolTabs.tsx';
import { TutorialCoach } from './TutorialCoach.tsx';

const PANELS = {
  logs: (session: Session) => <LogExplorer session={session} />,
  metrics: (session: Session) => <MetricsExplorer session={session} />,
  traces: (session: Session) => <TracesPanel session={session} />,
  code: (session: Session) => <CodeBrowser session={session} />,
  changes: (session: Session) => <ChangesPanel session={session} />,
  inbox: (session: Session) => <InboxPanel session={session} />,
  channel: (session: Session) => <ChannelPanel session={session} />,
  respond: (session: Session) => <RespondPanel session={session} />,
};

/** The tabs of a play: the world's tools, the channel, and Respond where the play may act on the system. */
function tabsOf(session: Session, tools: readonly ToolTab[] | undefined): ToolTab[] {
  const respond = session.canRespond;
  return [...(tools ?? ['logs', 'changes', 'inbox']), 'channel', ...(respond ? (['respond'] as const) : [])];
}

/** The investigation screen: the incident clock, the ops map, the tool tabs and the case board drawer. */
export function Investigation({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario);
  const world = useStore(session.store, (s) => s.world);
  const boardOpen = useStore(session.store, (s) => s.boardOpen);
  const sheetOpen = useStore(session.store, (s) => s.shortcutsOpen);
  const status = useShortcuts(session);
  if (!scenario || world.state !== 'ready') return <WorldLoading session={session} />;
  const tools = tabsOf(session, world.tools);
  const { showShortcuts, showBoard } = session.store.getState();
  return (
    <div class={boardOpen ? 'investigation board-open' : 'investigation'}>
      <header class="topbar">
        <strong>2AM</strong>
        <span class="title" title={scenario.title}>
          {scenario.title}
        </span>
        <IncidentClock session={session} />
        <PressureBar session={session} />
        <span class="status muted" role="status">
          {status}
        </span>
        <div class="topbar-actions">
          <button type="button" aria-keyshortcuts="?" onClick={() => showShortcuts(true)}>
            Shortcuts
          </button>
          <button
            type="button"
            aria-expanded={boardOpen}
            aria-controls="board-drawer"
            aria-keyshortcuts="b"
            onClick={() => showBoard(!boardOpen)}
          >
            Case board
          </button>
          <button type="button" class="link" onClick={() => session.store.getState().askToAbandon(true)}>
            Abandon
          </button>
        </div>
      </header>
      <AbandonQuestion session={session} />
      <TutorialCoach session={session} />
      <div class="workspace">
        <main class="main-column">
          <OpsMapView session={session} />
          <ToolTabs
            session={session}
            tools={tools}
            panels={Object.fromEntries(
              Object.entries(PANELS).map(([t, render]) => [t, () => render(session)]),
            )}
          />
        </main>
        <aside
          id="board-drawer"
          class="side-column drawer"
          hidden={!boardOpen}
          aria-label="Case board drawer"
        >
          <section class="panel page-summary" aria-label="The page">
            <h2>The page</h2>
            <p>
              <strong>{scenario.briefing.page.title}</strong>
            </p>
            <p class="muted">{scenario.briefing.page.body}</p>
          </section>
          <CaseBoard session={session} />
          <DiagnosisForm session={session} />
          <Hints session={session} />
        </aside>
      </div>
      {sheetOpen && <ShortcutSheet onClose={() => showShortcuts(false)} />}
    </div>
  );
}

function isTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement)
    return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(el.type);
  return (el as HTMLElement).isContentEditable;
}

/** Listens for the screen's shortcuts; answers a short message when a shortcut cannot be followed. */
function useShortcuts(session: Session): string {
  const [status, setStatus] = useState('');
  const reader = useRef(new ShortcutReader());
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const active = document.activeElement;
      const command = reader.current.read(e.key, isTextField(active), e.ctrlKey || e.metaKey || e.altKey);
      if (!command) return;
      const state = session.store.getState();
      const panel = () => document.querySelector('.tools [role="tabpanel"]');
      switch (command.kind) {
        case 'focus query': {
          const input = panel()?.querySelector<HTMLElement>('[data-shortcut="query"]');
          if (!input) return setStatus('This tool has no query to edit.');
          e.preventDefault();
          input.focus();
          return;
        }
        case 'tool': {
          const tools: readonly string[] = tabsOf(session, state.world.tools);
          if (!tools.includes(command.tool) || !(command.tool in PANELS)) {
            return setStatus(`This scenario has no ${TOOL_TITLES[command.tool][0].toLowerCase()} to open.`);
          }
          state.showTool(command.tool);
          setStatus('');
          requestAnimationFrame(() => document.getElementById(`tab-${command.tool}`)?.focus());
          return;
        }
        case 'pin selected': {
          const button =
            focusedRowPin() ??
            panel()?.querySelector<HTMLButtonElement>('[data-pin-selected]:not(:disabled)');
          if (!button) return setStatus('Select an item to pin first (arrow keys in a result list).');
          button.click();
          setStatus('Pinned to the case board.');
          return;
        }
        case 'toggle sheet':
          state.showShortcuts(!state.shortcutsOpen);
          return;
        case 'toggle board':
          state.showBoard(!state.boardOpen);
          return;
        case 'toggle pager':
          state.togglePagerSound();
          setStatus(state.pagerSound ? 'Pager muted.' : 'Pager sound on.');
          return;
        case 'close': {
          // Esc first cancels the open tool's running query, unless the editor used it (to close a list).
          const cancel = panel()?.querySelector<HTMLButtonElement>('[data-cancel-query]');
          if (cancel && !e.defaultPrevented) {
            cancel.click();
            setStatus('Query cancelled.');
            return;
          }
          // An editor's own Esc (closing its completion list) keeps the focus in the editor.
          if (e.defaultPrevented || !isTextField(active) || !(active instanceof HTMLElement)) return;
          const inTool = panel()?.contains(active);
          if (!inTool && !active.closest('.cm-editor')) return;
          // Leaving a query lands on its results, so the arrow keys go on from there.
          const list = inTool ? resultListIn(panel()) : null;
          if (list) list.focus();
          else active.blur();
          return;
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [session]);
  return status;
}

/** Hosts the Phaser ops map; Phaser is loaded only when an investigation starts. */
function OpsMapView({ session }: { session: Session }) {
  const container = useMountedMap(session, 'loadOpsMap');
  return (
    <section class="panel ops-map" aria-label="System map">
      <div class="map-canvas" ref={container} />
      {/* The map's controls sit beside it, so the map keeps its height and the tools below keep theirs. */}
      <div class="map-side">
        <MapTimeline session={session} />
        <details class="map-help">
          <summary>Reading the map</summary>
          <p class="muted">
            Click a service to scope the tools to it (again, or Esc, to clear); drag to pan, wheel to zoom.
            Edges carry the calls between services (faster is busier, red is failing), from the client-side
            call metrics at the time shown.
          </p>
        </details>
      </div>
    </section>
  );
}

/**
 * Asks before abandoning: the save stays until the trainee confirms, and keeping on working (or Escape)
 * leaves everything as it was.
 */
function AbandonQuestion({ session }: { session: Session }) {
  const asking = useStore(session.store, (s) => s.confirmingAbandon);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) keep.current?.focus();
  }, [asking]);
  if (!asking) return null;
  const stay = () => session.store.getState().askToAbandon(false);
  return (
    <div
      class="abandon-question"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="abandon-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          stay();
        }
      }}
    >
      <p id="abandon-title">
        <strong>Abandon this case?</strong> Everything found so far (queries, case board, hypotheses) is lost.
      </p>
      <button type="button" ref={keep} onClick={stay}>
        Keep working
      </button>
      <button type="button" class="danger" onClick={() => session.send({ type: 'abandon' })}>
        Abandon the case
      </button>
    </div>
  );
}
