import { useEffect } from 'preact/hooks';
import { bindAddress } from '../state/play/route.ts';
import type { Session } from '../state/session.ts';
import { Briefing } from './briefing/Briefing.tsx';
import { Debrief } from './debrief/Debrief.tsx';
import { Investigation } from './investigation/Investigation.tsx';
import { AuthorPreview } from './library/AuthorPreview.tsx';
import { Menu } from './shell/Menu.tsx';
import { useStore } from './useStore.ts';

/**
 * The whole page: one screen per phase of the flow, and any notice the page must show. `preview` opens
 * the author preview beside it (the solo game's `?preview=`); a game day's player page never passes it.
 * `routed` lets the screen and the page's address follow each other (the solo game).
 */
export function App({
  session,
  preview,
  routed = false,
}: {
  session: Session;
  preview?: string;
  routed?: boolean;
}) {
  const phase = useStore(session.store, (s) => s.phase);
  const notice = useStore(session.store, (s) => s.notice);
  // The address names the screen, the scenario and the tool in front: back, forward and links follow it.
  // Only the solo game owns the address; a game day's player page keeps its own.
  useEffect(() => (routed ? bindAddress(session, window) : undefined), [session, routed]);
  return (
    <>
      {notice && (
        <div class="notice" role="alert">
          <p>{notice}</p>
          <button type="button" class="link" onClick={() => session.store.getState().dismissNotice()}>
            Dismiss
          </button>
        </div>
      )}
      {phase === 'loading' && <p class="loading">Loading…</p>}
      {phase === 'menu' && <Menu session={session} />}
      {phase === 'briefing' && <Briefing session={session} />}
      {(phase === 'investigating' || phase === 'diagnosing' || phase === 'wrong') && (
        <Investigation session={session} />
      )}
      {phase === 'debrief' && <Debrief session={session} />}
      {preview && <AuthorPreview session={session} target={preview} />}
    </>
  );
}
