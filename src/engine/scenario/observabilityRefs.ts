import { didYouMean } from './diagnostics.ts';
import type { Scenario, Service } from './schema.ts';
import { formatDuration, parseDuration, parseTimestamp } from './units.ts';

type Add = (path: PropertyKey[], message: string) => void;

const TOOLS = ['metrics', 'logs', 'traces'] as const;

/**
 * Checks what the team's tools depend on and what nobody can see: each tool's component exists, logs are
 * not later than the window is long, and no line or series is asked of a service that writes none.
 */
export function checkObservability(s: Scenario, services: ReadonlyMap<string, Service>, add: Add): void {
  const serviceIds = [...services.keys()];
  const deps = s.observability;
  for (const tool of TOOLS) {
    const dep = deps?.[tool];
    if (dep?.dependsOn !== undefined && !services.has(dep.dependsOn))
      add(
        ['observability', tool, 'dependsOn'],
        `unknown service "${dep.dependsOn}"${didYouMean(dep.dependsOn, serviceIds)}`,
      );
  }
  const late = deps?.logs?.dependsOn !== undefined ? parseDuration(deps.logs.lateBy) : undefined;
  const windowMs = parseTimestamp(s.window.end)! - parseTimestamp(s.window.start)!;
  for (const tool of ['logs', 'traces'] as const) {
    const kept = deps?.[tool]?.retention;
    if (kept !== undefined && windowMs > 0 && parseDuration(kept)! >= windowMs)
      add(
        ['observability', tool, 'retention'],
        `${tool} kept for ${kept} covers the whole ${formatDuration(windowMs)} window, so it changes nothing; keep less than the window, or leave retention out`,
      );
  }
  if (late !== undefined && windowMs > 0 && late > windowMs)
    add(
      ['observability', 'logs', 'lateBy'],
      `logs ${deps!.logs!.lateBy} late is longer than the window (${formatDuration(windowMs)}): no line of the failing time would arrive before it ends; use ${formatDuration(windowMs)} or less`,
    );

  const unseen = (id: string) => services.get(id)?.observed === false;
  s.metrics.forEach((m, i) => {
    if (unseen(m.service))
      add(
        ['metrics', i, 'service'],
        `"${m.service}" is unobserved (observed: false): it exposes no metrics; declare the metric on a service that calls it`,
      );
  });
  s.noise.forEach((n, i) => {
    if (unseen(n.service))
      add(
        ['noise', i, 'service'],
        `"${n.service}" is unobserved (observed: false): it writes no logs; give the line to a service that calls it`,
      );
  });
}
