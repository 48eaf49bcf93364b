import type { Scenario, Service } from './schema.ts';

type Add = (path: PropertyKey[], message: string) => void;

/** Which instances a fault or a change names: some by name (`cart-3`), the first `count`, or all. */
export interface InstanceScope {
  readonly instances?: readonly string[] | undefined;
  readonly count?: number | undefined;
}

/** Kinds of change that act on a service's instances and may name some of them. */
const SCOPED_CHANGES = new Set(['deploy', 'rollback', 'config', 'flag']);

/**
 * The places (from 0) of the instances a scope names among a service's, or undefined for all of them.
 * `cart-3` is the third; names of another service, or past the last, are left out (validation reports them).
 */
export function instanceSlots(
  scope: InstanceScope,
  service: string,
  instances: number,
): number[] | undefined {
  if (scope.count !== undefined) return Array.from({ length: Math.min(scope.count, instances) }, (_, i) => i);
  if (scope.instances === undefined) return undefined;
  const slots: number[] = [];
  for (const name of scope.instances) {
    const n = placeOf(name, service);
    if (n !== undefined && n <= instances && !slots.includes(n - 1)) slots.push(n - 1);
  }
  return slots.sort((a, b) => a - b);
}

/** The place `cart-3` names among `cart`'s instances (3), or undefined when it names another service's. */
function placeOf(name: string, service: string): number | undefined {
  if (!name.startsWith(`${service}-`)) return undefined;
  const rest = name.slice(service.length + 1);
  return /^[1-9][0-9]*$/.test(rest) ? Number(rest) : undefined;
}

/**
 * Checks the instances faults and changes name: each must be one the service runs (`cart-1` … `cart-8`),
 * `count` must not exceed them, a scope takes names or a count but not both, and only a deploy, rollback,
 * config or flag change of a service acts on some of its instances.
 */
export function checkInstanceRefs(s: Scenario, services: ReadonlyMap<string, Service>, add: Add): void {
  const check = (path: PropertyKey[], scope: InstanceScope, svc: Service | undefined, what: string) => {
    if (scope.instances === undefined && scope.count === undefined) return;
    if (scope.instances !== undefined && scope.count !== undefined) {
      add(
        [...path, 'count'],
        `${what} names its instances or counts them, not both: drop \`count\` or \`instances\``,
      );
      return;
    }
    if (!svc) return;
    const names = Array.from({ length: svc.instances }, (_, i) => `${svc.id}-${i + 1}`);
    const range = svc.instances === 1 ? `${svc.id}-1` : `${svc.id}-1 … ${svc.id}-${svc.instances}`;
    if (scope.count !== undefined && scope.count > svc.instances)
      add(
        [...path, 'count'],
        `count ${scope.count} is more than the ${svc.instances} instance(s) "${svc.id}" runs (system.services)`,
      );
    scope.instances?.forEach((name, j) => {
      if (!names.includes(name))
        add(
          [...path, 'instances', j],
          `no instance "${name}": "${svc.id}" runs ${svc.instances} instance(s), named ${range}`,
        );
    });
  };
  s.faults.forEach((f, i) => {
    check(['faults', i], f, services.get(f.service), `fault "${f.id}"`);
  });
  s.timeline.forEach((e, i) => {
    if (e.instances === undefined && e.count === undefined) return;
    if (!SCOPED_CHANGES.has(e.kind) || !e.service) {
      add(
        ['timeline', i, e.instances !== undefined ? 'instances' : 'count'],
        `only a deploy, rollback, config or flag change of a service acts on some of its instances; "${e.id}" is a ${e.kind}${e.service ? '' : ' of no service'}`,
      );
      return;
    }
    check(['timeline', i], e, services.get(e.service), `change "${e.id}"`);
  });
}
