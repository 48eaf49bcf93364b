import type { LogLevel, LogVolume } from '../../worker/logVolume.ts';
import { LOG_LEVELS } from '../../worker/logVolume.ts';
import { clockTime } from '../format.ts';

const HEIGHT = 64;

/** Bar colours per level, as Grafana's log volume uses them. */
const LEVEL_COLOURS: Readonly<Record<LogLevel, string>> = {
  error: '#ff6b6b',
  warn: '#ffc857',
  info: '#4fd18b',
  debug: '#4c6fff',
  unknown: '#8b95ab',
};

/** How many lines matched over time, stacked by level, for every match and not just the lines listed. */
export function LogVolumeChart({ volume }: { volume: LogVolume }) {
  const n = volume.counts.error.length;
  const totals = Array.from({ length: n }, (_, i) =>
    LOG_LEVELS.reduce((sum, l) => sum + volume.counts[l][i]!, 0),
  );
  const peak = Math.max(1, ...totals);
  const peakAt = totals.indexOf(Math.max(...totals));
  const endMs = volume.startMs + n * volume.stepMs;
  const byLevel = LOG_LEVELS.filter((l) => volume.counts[l].some((c) => c > 0))
    .map((l) => `${volume.counts[l].reduce((a, b) => a + b, 0).toLocaleString('en')} ${l}`)
    .join(', ');
  const summary = `Log volume from ${clockTime(volume.startMs)} to ${clockTime(endMs)}: ${volume.total.toLocaleString('en')} lines${byLevel ? ` (${byLevel})` : ''}${volume.total > 0 ? `, busiest at ${clockTime(volume.startMs + peakAt * volume.stepMs)}` : ''}.`;
  const ticks = [0, Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4)];
  return (
    <figure class="log-volume">
      <svg viewBox={`0 0 ${n} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={summary}>
        {totals.map((_, i) => {
          let y = HEIGHT;
          return LOG_LEVELS.map((l) => {
            const c = volume.counts[l][i]!;
            if (c === 0) return null;
            const h = (c / peak) * (HEIGHT - 2);
            y -= h;
            return (
              <rect key={`${l}${i}`} x={i + 0.1} y={y} width={0.8} height={h} fill={LEVEL_COLOURS[l]}>
                <title>{`${clockTime(volume.startMs + i * volume.stepMs)} ${c.toLocaleString('en')} ${l}`}</title>
              </rect>
            );
          });
        })}
      </svg>
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
