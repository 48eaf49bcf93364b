import { useEffect, useRef, useState } from 'preact/hooks';
import type { Pressure } from '../../engine/views/pressure.ts';
import type { Session } from '../../state/session.ts';
import { useStore } from '../useStore.ts';
import { useArrivedTickets } from './InboxPanel.tsx';
import { PagerSpeaker } from './pagerTone.ts';
import { budgetHelp, pressureTexts } from './pressureText.ts';
import './pressure.css';

/** How long a page shows on the pager after it rang. */
const RINGING_MS = 4000;
/** A case younger than this when the screen opens was just paged: the pager rings for the page. */
const FRESH_CASE_MS = 10_000;

/**
 * The pressure at the clock's now, asked of the world host every two seconds and after each step (a
 * mitigation moves the clock on). Undefined until the first answer.
 */
function usePressure(session: Session): Pressure | undefined {
  const actions = useStore(session.store, (s) => s.actions);
  const [pressure, setPressure] = useState<Pressure | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const poll = () =>
      void session.pressureAt().then((next) => {
        if (live && next) setPressure(next);
      });
    poll();
    const timer = setInterval(poll, 2000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [session, actions]);
  return pressure;
}

/**
 * The header's pressure: the pager, the error budget burning, the users' failed requests and the tickets
 * that have come in, all from the world's telemetry and the scenario's tickets at the clock's now.
 */
export function PressureBar({ session }: { session: Session }) {
  const pressure = usePressure(session);
  const tickets = useArrivedTickets(session);
  const texts = pressure && pressureTexts(pressure);
  const left = pressure?.budget.left ?? 1;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of gauges and buttons, not a form's fieldset
    <div class="pressure" role="group" aria-label="Pressure">
      <Pager session={session} firings={pressure?.firings} />
      {pressure && texts && (
        <span class="budget" title={budgetHelp(pressure)} data-left={left.toFixed(6)}>
          <meter min={0} max={1} low={0.25} high={0.75} optimum={1} value={Math.max(0, left)}>
            {texts.budget}
          </meter>
          <span class="budget-left">{texts.budget}</span>
          <span class={pressure.budget.burnRate > 1 ? 'burn burning' : 'burn'}>{texts.burn}</span>
        </span>
      )}
      {texts && (
        <span
          class={pressure.failed > 0 ? 'failed-requests hurting' : 'failed-requests'}
          title="Failed requests: requests users made that failed (server errors or turned away) since the window began, from the request counters of the endpoints users call."
        >
          {texts.failed}
        </span>
      )}
      <button
        type="button"
        class="tickets-badge"
        title="Support tickets received so far (open the inbox)"
        onClick={() => session.store.getState().showTool('inbox')}
      >
        Tickets <span class={tickets > 0 ? 'badge count' : 'badge'}>{tickets}</span>
      </button>
    </div>
  );
}

/**
 * The pager: it rings when the case opens on a fresh page and whenever another alert fires. Muted until
 * the player turns it on (the button, or `m`); the choice is this browser's, remembered by the store.
 * `data-pages` counts the pages it showed, `data-rings` those it rang aloud, `data-audio` is the audio
 * context's state ('none' before the sound was ever turned on).
 */
function Pager({ session, firings }: { session: Session; firings: number | undefined }) {
  const on = useStore(session.store, (s) => s.pagerSound);
  const [, redraw] = useState(0);
  const speaker = useRef<PagerSpeaker | null>(null);
  speaker.current ??= new PagerSpeaker(() => redraw((n) => n + 1));
  const [pages, setPages] = useState(0);
  const [rings, setRings] = useState(0);
  const [ringing, setRinging] = useState(false);
  const heard = useRef<number | undefined>(undefined);
  const wasOn = useRef(on);
  const soundOn = useRef(on);
  soundOn.current = on;

  const page = () => {
    setPages((n) => n + 1);
    setRinging(true);
    if (soundOn.current && speaker.current?.ring()) setRings((n) => n + 1);
  };

  useEffect(() => {
    if (firings === undefined) return;
    const before = heard.current;
    heard.current = firings;
    if (before === undefined ? session.elapsed() < FRESH_CASE_MS : firings > before) page();
  }, [firings, session]);

  useEffect(() => {
    if (!ringing) return;
    const timer = setTimeout(() => setRinging(false), RINGING_MS);
    return () => clearTimeout(timer);
  }, [ringing, pages]);

  useEffect(() => {
    const turnedOn = on && !wasOn.current;
    wasOn.current = on;
    const sound = speaker.current!;
    if (!on) return sound.sleep();
    // Turned on by the player: one ring, so they hear what a page sounds like.
    if (turnedOn) {
      if (sound.ring()) setRings((n) => n + 1);
      return;
    }
    // On from an earlier visit: the browser lets audio start only after the player's first key or click.
    const wake = () => sound.wake();
    document.addEventListener('keydown', wake, { once: true });
    document.addEventListener('pointerdown', wake, { once: true });
    return () => {
      document.removeEventListener('keydown', wake);
      document.removeEventListener('pointerdown', wake);
    };
  }, [on]);

  useEffect(() => () => speaker.current?.close(), []);

  return (
    <button
      type="button"
      class={ringing ? 'pager ringing' : 'pager'}
      aria-pressed={on}
      aria-keyshortcuts="m"
      title={on ? 'Pager sound on: press m to mute' : 'Pager muted: press m to hear pages'}
      data-pages={pages}
      data-rings={rings}
      data-audio={speaker.current.state}
      onClick={() => session.store.getState().togglePagerSound()}
    >
      <PagerIcon muted={!on} />
      Pager
    </button>
  );
}

/** A bell, struck through while muted (drawn, so it looks the same wherever the page runs). */
function PagerIcon({ muted }: { muted: boolean }) {
  return (
    <svg class="pager-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path
        d="M8 1.5a1 1 0 0 1 1 1v.6a4.5 4.5 0 0 1 3.5 4.4v3l1.2 1.6H2.3l1.2-1.6v-3A4.5 4.5 0 0 1 7 3.1v-.6a1 1 0 0 1 1-1zM6.3 13.2h3.4a1.7 1.7 0 0 1-3.4 0z"
        fill="currentColor"
      />
      {muted && <path d="M2 2l12 12" stroke="var(--bg)" stroke-width="3" />}
      {muted && <path d="M2 2l12 12" stroke="currentColor" stroke-width="1.4" />}
    </svg>
  );
}
