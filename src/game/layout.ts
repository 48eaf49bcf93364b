import type { Scenario } from '../engine/scenario/schema.ts';

/** Where a service sits on the map, in canvas pixels. */
export interface NodePosition {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

/**
 * Lays services out left to right by call depth: user-facing services on the left, datastores on the
 * right, as architecture diagrams usually read.
 */
export function layoutServices(scenario: Scenario, width: number, height: number): NodePosition[] {
  const ids = scenario.system.services.map((s) => s.id);
  const depth = new Map<string, number>(ids.map((id) => [id, 0]));
  // Longest-path layering; edges are acyclic for calls, but guard against cycles among edges anyway.
  for (let pass = 0; pass < ids.length; pass++) {
    let changed = false;
    for (const e of scenario.system.edges) {
      const next = (depth.get(e.from) ?? 0) + 1;
      if (next > (depth.get(e.to) ?? 0) && next < ids.length) {
        depth.set(e.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns = Math.max(...depth.values()) + 1;
  const byColumn = new Map<number, string[]>();
  for (const id of ids) {
    const d = depth.get(id)!;
    byColumn.set(d, [...(byColumn.get(d) ?? []), id]);
  }
  const out: NodePosition[] = [];
  for (const [column, members] of byColumn) {
    members.forEach((id, row) => {
      out.push({
        id,
        x: Math.round(((column + 0.5) * width) / columns),
        y: Math.round(((row + 0.5) * height) / members.length),
      });
    });
  }
  return out;
}
