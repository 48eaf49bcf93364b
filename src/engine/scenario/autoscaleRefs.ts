import type { Scenario, Service } from './schema.ts';

type Add = (path: PropertyKey[], message: string) => void;

/** Kinds an autoscaler may scale: those whose instances hold nothing of their own. */
const STATELESS = new Set(['frontend', 'gateway', 'api', 'worker']);

/**
 * Checks each service's autoscaler: `min` not above `max`, the count the window opens with between them,
 * one target (CPU or requests), a stateless kind, and no fault or change pinned to an instance it may
 * scale away. An autoscaler scales in from the last place down, so `cart-1` … `cart-<min>` always run;
 * a fault or change naming a later place (or counting more) could lose its instance and is refused.
 */
export function checkAutoscalers(s: Scenario, services: ReadonlyMap<string, Service>, add: Add): void {
  s.system.services.forEach((svc, i) => {
    const scale = svc.autoscale;
    if (!scale) return;
    const at = ['system', 'services', i, 'autoscale'];
    if (!STATELESS.has(svc.kind))
      add(
        at,
        `a ${svc.kind} keeps its data on its instances: an autoscaler scales a frontend, gateway, api or worker; set \`instances\` instead`,
      );
    if (scale.min > scale.max)
      add([...at, 'min'], `min ${scale.min} is more than max ${scale.max}: swap them`);
    else if (svc.instances < scale.min || svc.instances > scale.max)
      add(
        ['system', 'services', i, 'instances'],
        `the window opens with ${svc.instances} instance(s), outside the autoscaler's ${scale.min}–${scale.max}: set \`instances\` between them (it is the count when the window opens)`,
      );
    const { cpu, rps } = scale.target;
    if (cpu === undefined && rps === undefined)
      add(
        [...at, 'target'],
        'the autoscaler needs what to keep each instance at: `{ cpu: 0.6 }` (CPU utilisation) or `{ rps: 40 }` (requests per second)',
      );
    else if (cpu !== undefined && rps !== undefined)
      add([...at, 'target'], 'the autoscaler follows one measure: keep `cpu` or `rps`, not both');
  });
  const pinned = (
    path: PropertyKey[],
    scope: Scenario['faults'][number] | Scenario['timeline'][number],
    id: string,
    what: string,
  ) => {
    const svc = services.get(id);
    const scale = svc?.autoscale;
    if (!svc || !scale || scale.min > scale.max) return;
    const kept = scale.min === 1 ? `${id}-1` : `${id}-1 … ${id}-${scale.min}`;
    if (scope.count !== undefined && scope.count > scale.min)
      add(
        [...path, 'count'],
        `${what} counts ${scope.count} instances, but "${id}"'s autoscaler may scale in to ${scale.min}: count at most ${scale.min}, or raise \`autoscale.min\``,
      );
    scope.instances?.forEach((name, j) => {
      const place = Number(name.slice(id.length + 1));
      if (name.startsWith(`${id}-`) && place > scale.min && place <= svc.instances)
        add(
          [...path, 'instances', j],
          `"${name}" may be scaled away: "${id}"'s autoscaler scales in to ${scale.min} from the last instance down; name one of ${kept}, or raise \`autoscale.min\` to ${place}`,
        );
    });
  };
  s.faults.forEach((f, i) => {
    pinned(['faults', i], f, f.service, `fault "${f.id}"`);
  });
  s.timeline.forEach((e, i) => {
    if (e.service) pinned(['timeline', i], e, e.service, `change "${e.id}"`);
  });
}
