import type { Labels } from '../../engine/world/labels.ts';
import { seriesName } from '../../engine/world/labels.ts';

/** A Grafana legend template filled in: `{{status}}` becomes the series' status label (empty when absent). */
export function legendOf(template: string | undefined, labels: Labels): string {
  if (!template) return seriesName(labels);
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

/**
 * Columns a chart draws from series that may miss points: the sorted union of their times (seconds, as
 * uPlot reads them) and each series' values at those times, null where it has none.
 */
export function alignSeries(series: readonly (readonly { readonly t: number; readonly v: number }[])[]): {
  xs: number[];
  ys: (number | null)[][];
} {
  const times = new Set<number>();
  for (const samples of series) for (const p of samples) times.add(p.t);
  const xs = [...times].sort((a, b) => a - b);
  const at = new Map(xs.map((t, i) => [t, i]));
  const ys = series.map((samples) => {
    const col: (number | null)[] = new Array(xs.length).fill(null);
    // NaN and infinities (a ratio over no traffic) draw as gaps, as in Grafana.
    for (const p of samples) col[at.get(p.t)!] = Number.isFinite(p.v) ? p.v : null;
    return col;
  });
  return { xs: xs.map((t) => t / 1000), ys };
}

/** A value as a panel's unit shows it: `12.5%`, `340 ms`, `3.2 req/s`, or four significant digits. */
export function formatValue(v: number | null | undefined, unit?: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const n = (x: number) =>
    Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en') : String(Number(x.toPrecision(4)));
  switch (unit) {
    case 'percentunit':
      return `${n(v * 100)}%`;
    case 'percent':
      return `${n(v)}%`;
    case 's':
      return v < 1 ? `${n(v * 1000)} ms` : `${n(v)} s`;
    case 'ms':
      return `${n(v)} ms`;
    case 'reqps':
      return `${n(v)} req/s`;
    case 'bytes':
      return v >= 1 << 20 ? `${n(v / (1 << 20))} MiB` : v >= 1024 ? `${n(v / 1024)} KiB` : `${n(v)} B`;
    default:
      return n(v);
  }
}
