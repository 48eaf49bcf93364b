import { useMemo, useState } from 'preact/hooks';
import type { LogLevel, LogVolume } from '../../engine/views/logVolume.ts';
import { LOG_LEVELS } from '../../engine/views/logVolume.ts';
import { TimeAxis } from '../shell/TimeAxis.tsx';
import { count } from './count.ts';

const HEIGHT = 64;

/** Bar colours per level, as Grafana's log volume uses them. */
const LEVEL_COLOURS: Readonly<Record<LogLevel, string>> = {
  error: '#ff6b6b',
  warn: '#ffc857',
  info: '#4fd18b',
  debug: '#4c6fff',
  unknown: '#8b95ab',
};

/**
 * The stacked bars as one SVG path per level: a handful of elements whatever the number of buckets, so
 * drawing a result never holds up the page.
 */
export function volumePaths(volume: LogVolume): { level: LogLevel; d: string }[] {
  const n = volume.counts.error.length;
  const totals = Array.from({ length: n }, (_, i) =>
    LOG_LEVELS.reduce((sum, l) => sum + volume.counts[l][i]!, 0),
  );
  const peak = Math.max(1, ...totals);
  const base = new Array<number>(n).fill(HEIGHT);
  return LOG_LEVELS.map((level) => {
    let d = '';
    for (let i = 0; i < n; i++) {
      const c = volume.counts[level][i]!;
      if (c === 0) continue;
      const h = (c / peak) * (HEIGHT - 2);
      base[i]! -= h;
      d += `M${i + 0.1} ${base[i]!.toFixed(2)}h0.8v${h.toFixed(2)}h-0.8z`;
    }
    return { level, d };
  }).filter((p) => p.d !== '');
}

/** The bar under a pointer, kept within the chart while a drag runs past its edges. */
function bucketAt(e: PointerEvent, n: number): number {
  const box = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
  const i = Math.floor(((e.clientX - box.left) / Math.max(1, box.width)) * n);
  return Math.max(0, Math.min(n - 1, i));
}

/**
 * How many lines matched over time, stacked by level, for every match and not just the lines listed;
 * `moment` writes a time as the session's other tools do (with its date in a window of days). With
 * `onSelect`, bars dragged across are handed back as a window, as a drag on Grafana's log volume narrows
 * the range: the way to read a day the range picker does not reach.
 */
export function LogVolumeChart({
  volume,
  moment,
  onSelect,
}: {
  volume: LogVolume;
  moment: (ms: number) => string;
  onSelect?: (startMs: number, endMs: number) => void;
}) {
  const [hover, setHover] = useState<number | undefined>(undefined);
  const [drag, setDrag] = useState<{ from: number; to: number } | undefined>(undefined);
  const paths = useMemo(() => volumePaths(volume), [volume]);
  const n = volume.counts.error.length;
  const totals = Array.from({ length: n }, (_, i) =>
    LOG_LEVELS.reduce((sum, l) => sum + volume.counts[l][i]!, 0),
  );
  const peakAt = totals.indexOf(Math.max(...totals));
  const endMs = volume.startMs + n * volume.stepMs;
  const byLevel = LOG_LEVELS.filter((l) => volume.counts[l].some((c) => c > 0))
    .map((l) => `${count(volume.counts[l].reduce((a, b) => a + b, 0))} ${l}`)
    .join(', ');
  const summary = `Log volume from ${moment(volume.startMs)} to ${moment(endMs)}: ${count(volume.total)} lines${byLevel ? ` (${byLevel})` : ''}${volume.total > 0 ? `, busiest at ${moment(volume.startMs + peakAt * volume.stepMs)}` : ''}.`;
  // Labels fall on whole hours or midnights, as a Grafana axis's do, not on whichever bar is a quarter in.
  const tip =
    hover === undefined
      ? undefined
      : `${moment(volume.startMs + hover * volume.stepMs)}: ${count(totals[hover]!)} lines${LOG_LEVELS.filter(
          (l) => volume.counts[l][hover]! > 0,
        )
          .map((l) => `, ${count(volume.counts[l][hover]!)} ${l}`)
          .join('')}`;
  return (
    <figure class="log-volume">
      <svg
        viewBox={`0 0 ${n} ${HEIGHT}`}
        preserveAspectRatio="none"
        class={onSelect ? 'selectable' : undefined}
        role="img"
        aria-label={summary}
        onPointerDown={(e) => {
          if (!onSelect || e.button !== 0) return;
          const i = bucketAt(e, n);
          (e.currentTarget as SVGSVGElement).setPointerCapture(e.pointerId);
          setDrag({ from: i, to: i });
        }}
        onPointerMove={(e) => {
          const i = bucketAt(e, n);
          setHover(i);
          if (drag) setDrag({ from: drag.from, to: i });
        }}
        onPointerUp={() => {
          setDrag(undefined);
          // A click is not a drag: the window must take in at least two bars.
          if (!drag || !onSelect || drag.from === drag.to) return;
          const first = Math.min(drag.from, drag.to);
          const last = Math.max(drag.from, drag.to);
          onSelect(volume.startMs + first * volume.stepMs, volume.startMs + (last + 1) * volume.stepMs);
        }}
        onPointerLeave={() => setHover(undefined)}
      >
        {paths.map((p) => (
          <path key={p.level} d={p.d} fill={LEVEL_COLOURS[p.level]} />
        ))}
        {hover !== undefined && <rect class="volume-hover" x={hover} y={0} width={1} height={HEIGHT} />}
        {drag && (
          <rect
            class="volume-select"
            x={Math.min(drag.from, drag.to)}
            y={0}
            width={Math.abs(drag.to - drag.from) + 1}
            height={HEIGHT}
          />
        )}
      </svg>
      {tip && (
        <span class="volume-tip" style={{ left: `${((hover! + 0.5) / n) * 100}%` }}>
          {tip}
        </span>
      )}
      <figcaption>
        <TimeAxis startMs={volume.startMs} endMs={endMs} />
      </figcaption>
    </figure>
  );
}
