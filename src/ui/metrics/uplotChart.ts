import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Labels } from '../../engine/world/labels.ts';
import { axisLabels, dayText, momentText } from '../shell/timeText.ts';
import { formatValue } from './seriesFormat.ts';
import { axisWidth, seriesStyles } from './seriesStyle.ts';

/** Few enough points that each is marked, so a short or sparse series reads as points, not a line. */
const MARK_POINTS_UNDER = 60;

/** What a chart draws: aligned columns (seconds on x), a name per series and the values' unit. */
export interface ChartData {
  readonly xs: readonly number[];
  readonly ys: readonly (readonly (number | null)[])[];
  readonly names: readonly string[];
  /** Each series' labels, which choose its colour (failures red, successes green). */
  readonly labels?: readonly Labels[];
  readonly unit?: string | undefined;
  /** The range the query covered, in milliseconds: the x axis spans it all, as a Grafana panel's does. */
  readonly range?: { readonly startMs: number; readonly endMs: number } | undefined;
}

/** A drawn chart: resize it with its box, and release it. */
export interface ChartHandle {
  setSize(width: number): void;
  destroy(): void;
}

/**
 * Draws series with uPlot: a legend that shows each value under the cursor, and, when `onSelect` is given,
 * a window dragged across the chart handed back in milliseconds.
 */
export function drawChart(
  parent: HTMLElement,
  data: ChartData,
  opts: { width: number; height: number; onSelect?: (startMs: number, endMs: number) => void },
): ChartHandle {
  const styles = seriesStyles(data.labels ?? data.names.map(() => ({})));
  const marked = data.xs.length < MARK_POINTS_UNDER;
  const first = data.range?.startMs ?? (data.xs[0] ?? 0) * 1000;
  const last = data.range?.endMs ?? (data.xs[data.xs.length - 1] ?? 0) * 1000;
  // The cursor's time carries its date once the chart spans more than one day.
  const withDay = dayText(first) !== dayText(last);
  const plot = new uPlot(
    {
      width: opts.width,
      height: opts.height,
      legend: { live: true },
      cursor: { drag: { x: Boolean(opts.onSelect), y: false, setScale: false } },
      // Ticks fall on UTC hours and midnights, as the labels read UTC, whatever the browser's zone.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: {
        x: data.range
          ? { time: true, range: [data.range.startMs / 1000, data.range.endMs / 1000] }
          : { time: true },
      },
      axes: [
        {
          stroke: '#8b95ab',
          grid: { stroke: '#263049' },
          ticks: { stroke: '#263049' },
          values: (_u, splits, _axis, _space, increment) => {
            const labels = axisLabels(
              splits.map((s) => s * 1000),
              increment * 1000,
            );
            // The canvas holds the labels as pixels; the box keeps them as text, to be read from the page.
            parent.dataset.timeAxis = labels.map((l) => (l.day ? `${l.time} ${l.day}` : l.time)).join(', ');
            return labels.map((l) => (l.day ? `${l.time}\n${l.day}` : l.time));
          },
        },
        {
          stroke: '#8b95ab',
          grid: { stroke: '#263049' },
          ticks: { stroke: '#263049' },
          // As wide as its longest label, so no value is cut at the panel's edge.
          size: (_u, values) => axisWidth(values ?? []),
          values: (_u, splits) => splits.map((s) => formatValue(s, data.unit)),
        },
      ],
      series: [
        { label: 'Time (UTC)', value: (_u, v) => (v === null ? '–' : momentText(v * 1000, withDay)) },
        ...data.names.map((name, i) => ({
          label: name,
          stroke: styles[i]!.color,
          dash: [...styles[i]!.dash],
          width: 1.5,
          points: { show: marked, size: 5 },
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => formatValue(v, data.unit),
        })),
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (!opts.onSelect || u.select.width < 4) return;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            opts.onSelect(Math.round(from * 1000), Math.round(to * 1000));
          },
        ],
      },
    },
    [data.xs as number[], ...(data.ys as (number | null)[][])],
    parent,
  );
  return {
    setSize: (width) => plot.setSize({ width, height: opts.height }),
    destroy: () => plot.destroy(),
  };
}
