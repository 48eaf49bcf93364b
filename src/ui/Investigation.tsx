import { useEffect, useRef } from 'preact/hooks';
import type { Session } from '../state/session.ts';
import { WorldLoading } from './Briefing.tsx';
import { CaseBoard } from './CaseBoard.tsx';
import { DiagnosisForm } from './DiagnosisForm.tsx';
import { Hints } from './Hints.tsx';
import { IncidentClock } from './IncidentClock.tsx';
import { LogPanel } from './LogPanel.tsx';
import { useStore } from './useStore.ts';

/** The investigation screen: the ops map, the log explorer, the case board and the diagnosis. */
export function Investigation({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario);
  const world = useStore(session.store, (s) => s.world);
  if (!scenario || world.state !== 'ready') return <WorldLoading session={session} />;
  return (
    <div class="investigation">
      <header class="topbar">
        <strong>2AM</strong>
        <span class="title">{scenario.title}</span>
        <IncidentClock session={session} />
        <button type="button" class="link" onClick={() => session.send({ type: 'abandon' })}>
          Abandon
        </button>
      </header>
      <div class="workspace">
        <div class="main-column">
          <OpsMapView session={session} />
          <LogPanel session={session} />
        </div>
        <aside class="side-column">
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
    </div>
  );
}

/** Hosts the Phaser ops map; Phaser is loaded only when an investigation starts. */
function OpsMapView({ session }: { session: Session }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    void import('../game/startGame.ts').then(({ startGame }) => {
      if (cancelled || !container.current) return;
      stop = startGame(container.current, session);
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [session]);
  return (
    <section class="panel ops-map" aria-label="System map">
      <div class="map-canvas" ref={container} />
      <p class="muted map-help">Click a service to scope the logs to it.</p>
    </section>
  );
}
