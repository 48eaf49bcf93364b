import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Scenario } from '../../engine/scenario/schema.ts';
import type { ScoreReport } from '../../engine/scoring/score.ts';
import type { Replay } from '../../engine/views/replay.ts';
import type { ReplayMoment } from '../../engine/views/replayMoments.ts';
import { replayMoments } from '../../engine/views/replayMoments.ts';
import type { Session } from '../../state/session.ts';
import { useMountedMap } from '../mapMounts.ts';
import { useStore } from '../useStore.ts';
import { ChainOverlay } from './ChainOverlay.tsx';

/** One frame of the replay every this many milliseconds while it plays: a minute of incident a beat. */
const FRAME_MS = 160;

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** The frame that shows moment `atMs`: the first at or after it. */
function frameAt(replay: Replay, atMs: number): number {
  const i = replay.frames.findIndex((f) => f.atMs >= atMs);
  return i < 0 ? replay.frames.length - 1 : i;
}

/**
 * The incident replayed on the map: a play button and a scrubber drive the map through the window, the
 * timeline under it marks the fault's start, the symptoms, the page and the trainee's mitigations with
 * what they did, and the same moments are listed in words (the map's text alternative). The trainee's
 * chain stands beside it over the true one.
 */
export function DebriefReplay({
  session,
  scenario,
  report,
}: {
  session: Session;
  scenario: Scenario;
  report: ScoreReport;
}) {
  const replay = useStore(session.store, (s) => s.replay);
  const asked = useStore(session.store, (s) => s.replayAsked);
  const frame = useStore(session.store, (s) => s.replayFrame);
  const effects = useStore(session.store, (s) => s.effects);
  const moments = useMemo(
    () => (replay ? replayMoments(scenario, replay, effects ?? []) : []),
    [scenario, replay, effects],
  );
  const [playing, setPlaying] = useState(false);
  const show = session.store.getState().showReplayFrame;
  const last = (replay?.frames.length ?? 1) - 1;

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const at = session.store.getState().replayFrame;
      if (at >= last) setPlaying(false);
      else show(at + 1);
    }, FRAME_MS);
    return () => clearInterval(timer);
  }, [playing, last, session, show]);

  const atMs = replay?.frames[frame]?.atMs;
  const jump = (m: ReplayMoment) => {
    if (!replay) return;
    setPlaying(false);
    show(frameAt(replay, m.atMs));
  };
  return (
    <section class="debrief-replay" aria-labelledby="debrief-replay-title">
      <h2 id="debrief-replay-title">What happened</h2>
      <div class="replay-stage">
        <figure class="panel debrief-map">
          <DebriefMapView session={session} />
          <figcaption class="muted">
            Services and calls coloured from the telemetry at each moment, as the ops map showed them: red
            failing, amber erroring, orange slow. The red outline is the root cause, from the moment its fault
            began; the amber ring is the service you blamed; numbers follow the true chain.
          </figcaption>
        </figure>
        <ChainOverlay scenario={scenario} report={report} />
      </div>
      {replay === undefined ? (
        <p class="muted">
          {asked
            ? 'This world cannot be played back here: the map shows the system and the root cause.'
            : 'Playing the incident back…'}
        </p>
      ) : (
        <div class="replay-controls">
          <button
            type="button"
            class="primary"
            aria-pressed={playing}
            onClick={() => {
              if (!playing && frame >= last) show(0);
              setPlaying(!playing);
            }}
          >
            {playing ? 'Pause' : frame >= last ? 'Replay the incident' : 'Play the incident'}
          </button>
          <input
            type="range"
            class="replay-scrubber"
            min={0}
            max={last}
            step={1}
            value={frame}
            aria-label="Moment of the replay"
            aria-valuetext={atMs === undefined ? '' : `${hhmm(atMs)} UTC`}
            onInput={(e) => {
              setPlaying(false);
              show(Number((e.target as HTMLInputElement).value));
            }}
          />
          <output class="replay-clock" data-testid="replay-clock">
            {atMs === undefined ? '' : `${hhmm(atMs)} UTC`}
          </output>
          <Timeline replay={replay} moments={moments} atMs={atMs} onJump={jump} />
        </div>
      )}
      {replay && <KeyMoments moments={moments} atMs={atMs} onJump={jump} />}
    </section>
  );
}

/** The window as a bar under the scrubber, with a mark at each moment (the list below speaks for it). */
function Timeline({
  replay,
  moments,
  atMs,
  onJump,
}: {
  replay: Replay;
  moments: readonly ReplayMoment[];
  atMs: number | undefined;
  onJump: (m: ReplayMoment) => void;
}) {
  const span = Math.max(1, replay.toMs - replay.fromMs);
  const left = (ms: number) => `${Math.max(0, Math.min(100, ((ms - replay.fromMs) / span) * 100))}%`;
  return (
    <div class="replay-timeline" aria-hidden="true">
      {atMs !== undefined && <span class="replay-now" style={{ left: left(atMs) }} />}
      {moments.map((m) => (
        <button
          type="button"
          tabIndex={-1}
          key={`${m.kind}-${m.atMs}-${m.text}`}
          class={`replay-mark mark-${m.kind}${m.outcome ? ` outcome-${m.outcome.replace(' ', '-')}` : ''}`}
          style={{ left: left(m.atMs) }}
          title={`${hhmm(m.atMs)} ${m.text}`}
          onClick={() => onJump(m)}
        />
      ))}
    </div>
  );
}

/** The replay's key moments in words, each a button that takes the map there. */
function KeyMoments({
  moments,
  atMs,
  onJump,
}: {
  moments: readonly ReplayMoment[];
  atMs: number | undefined;
  onJump: (m: ReplayMoment) => void;
}) {
  return (
    <ol class="replay-moments" aria-label="Key moments of the replay">
      {moments.map((m) => (
        <li
          key={`${m.kind}-${m.atMs}-${m.text}`}
          class={`moment-${m.kind}${atMs !== undefined && m.atMs <= atMs ? ' moment-past' : ''}`}
          data-kind={m.kind}
        >
          <button type="button" class="link" onClick={() => onJump(m)}>
            <time dateTime={new Date(m.atMs).toISOString()}>{hhmm(m.atMs)}</time>
          </button>{' '}
          {m.text}
        </li>
      ))}
    </ol>
  );
}

/** Hosts the Phaser debrief map; Phaser loads only when the debrief opens, as on the investigation screen. */
function DebriefMapView({ session }: { session: Session }) {
  const container = useMountedMap(session, 'loadDebriefMap');
  return <div class="map-canvas" ref={container} data-testid="debrief-map" />;
}
