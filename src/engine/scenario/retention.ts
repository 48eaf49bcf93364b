import type { Scenario } from './schema.ts';
import { parseDuration } from './units.ts';

/**
 * How much of the window's end the metrics keep at full resolution (a scrape every 15 s); before that, a
 * sample a minute, as long-term storage compacts old blocks. A window of a day or less is all full.
 */
export const FINE_METRICS_MS = 86_400_000;

/** From when a run keeps each kind of text it writes: log lines and traces (metrics are kept throughout). */
export interface KeptFrom {
  readonly logs: number;
  readonly traces: number;
}

/**
 * When a run's log lines and traces start: the window's start, or later when the scenario's stores keep
 * less than the window (`observability.logs.retention`, `observability.traces.retention`, counted back
 * from the window's end) or the caller asks for the text of a later part only (`detailFromMs`).
 *
 * @example keptFrom(scenario, startMs, endMs) // { logs: endMs - 24h, traces: endMs - 6h } for a 3-day window
 */
export function keptFrom(
  scenario: Scenario,
  startMs: number,
  endMs: number,
  detailFromMs?: number,
): KeptFrom {
  const from = (retention: string | undefined): number => {
    const kept = retention === undefined ? startMs : endMs - parseDuration(retention)!;
    return Math.max(startMs, kept, detailFromMs ?? startMs);
  };
  const deps = scenario.observability;
  return { logs: from(deps?.logs?.retention), traces: from(deps?.traces?.retention) };
}
