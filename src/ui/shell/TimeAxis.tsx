import { axisLabels, timeTicks } from './timeText.ts';

/**
 * Labels under a strip drawn over `[startMs, endMs)`: on whole hours or midnights, as a Grafana axis's
 * are, the date under the first and under each new day once they span days. Each label is centred on its
 * tick; one too near an edge would be cut in half, so it is left out.
 */
export function TimeAxis({ startMs, endMs, most = 6 }: { startMs: number; endMs: number; most?: number }) {
  const spanMs = Math.max(1, endMs - startMs);
  const at = (t: number) => (t - startMs) / spanMs;
  const axis = timeTicks(startMs, endMs, most);
  const ticks = axis.ticks.filter((t) => at(t) >= 0.03 && at(t) <= 0.96);
  const labels = axisLabels(ticks, axis.stepMs);
  return (
    <div class={labels.some((l) => l.day) ? 'time-axis with-day' : 'time-axis'} aria-hidden="true">
      {ticks.map((t, i) => (
        <span key={t} style={{ left: `${at(t) * 100}%` }}>
          {labels[i]!.time}
          {labels[i]!.day && <small>{labels[i]!.day}</small>}
        </span>
      ))}
    </div>
  );
}
