import { useEffect, useRef } from 'preact/hooks';
import type { ChartData, ChartHandle } from './uplotChart.ts';

/**
 * A time-series chart. uPlot loads in its own chunk with the first chart; the summary names what is drawn
 * for screen readers and stays when the drawing is not there yet.
 */
export function TimeChart({
  data,
  summary,
  height = 220,
  onSelect,
  onDrawn,
}: {
  data: ChartData;
  summary: string;
  height?: number;
  onSelect?: (startMs: number, endMs: number) => void;
  /** Told when the chart of `data` is drawn. */
  onDrawn?: () => void;
}) {
  const drawn = useRef(onDrawn);
  drawn.current = onDrawn;
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef(onSelect);
  latest.current = onSelect;
  const selectable = Boolean(onSelect);
  useEffect(() => {
    let chart: ChartHandle | undefined;
    let cancelled = false;
    const observer = new ResizeObserver(() => {
      if (chart && host.current) chart.setSize(host.current.clientWidth);
    });
    void import('./uplotChart.ts').then(({ drawChart }) => {
      if (cancelled || !host.current) return;
      chart = drawChart(host.current, data, {
        width: Math.max(200, host.current.clientWidth),
        height,
        ...(selectable ? { onSelect: (a: number, b: number) => latest.current?.(a, b) } : {}),
      });
      observer.observe(host.current);
      drawn.current?.();
    });
    return () => {
      cancelled = true;
      observer.disconnect();
      chart?.destroy();
    };
  }, [data, height, selectable]);
  return (
    <figure class="time-chart" aria-label={summary}>
      <div ref={host} class="time-chart-plot" />
      <figcaption class="visually-hidden">{summary}</figcaption>
    </figure>
  );
}
