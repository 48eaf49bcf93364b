import { useMemo, useState } from 'preact/hooks';
import type { LogLevel, LogVolume } from '../../engine/views/logVolume.ts';
import { LOG_LEVELS } from '../../engine/views/logVolume.ts';
import { clockTime } from '../shell/format.ts';
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

/** How many lines matched over time, stacked by level, for every match and not just the lines listed. */
export function LogVolumeChart({ volume }: { volume: LogVolume }) {
  const [hover, setHover] = useState<number | undefined>(undefined);
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
  const summary = `Log volume from ${clockTime(volume.startMs)} to ${clockTime(endMs)}: ${count(volume.total)} lines${byLevel ? ` (${byLevel})` : ''}${volume.total > 0 ? `, busiest at ${clockTime(volume.startMs + peakAt * volume.stepMs)}` : ''}.`;
  const ticks = [0, Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4)];
  const tip =
    hover === undefined
      ? undefined
      : `${clockTime(volume.startMs + hover * volume.stepMs)}: ${count(totals[hover]!)} lines${LOG_LEVELS.filter(
          (l) => volume.counts[l][hover]! > 0,
        )
          .map((l) => `, ${count(volume.counts[l][hover]!)} ${l}`)
          .join('')}`;
  return (
    <figure class="log-volume">
      <svg
        viewBox={`0 0 ${n} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={summary}
        onMouseMove={(e) => {
          const box = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
          const i = Math.floor(((e.clientX - box.left) / Math.max(1, box.width)) * n);
          setHover(i >= 0 && i < n ? i : undefined);
        }}
        onMouseLeave={() => setHover(undefined)}
      >
        {paths.map((p) => (
          <path key={p.level} d={p.d} fill={LEVEL_COLOURS[p.level]} />
        ))}
        {hover !== undefined && <rect class="volume-hover" x={hover} y={0} width={1} height={HEIGHT} />}
      </svg>
      {tip && (
        <span class="volume-tip" style={{ left: `${((hover! + 0.5) / n) * 100}%` }}>
          {tip}
        </span>
      )}
      <figcaption class="volume-axis" aria-hidden="true">
        {ticks.map((i) => (
          <span key={i} style={{ left: `${(i / n) * 100}%` }}>
            {clockTime(volume.startMs + i * volume.stepMs).slice(0, 5)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
