import { didYouMean } from './diagnostics.ts';
import type { Scenario, Service } from './schema.ts';
import { segmentsOf } from './schema.ts';

type Add = (path: PropertyKey[], message: string) => void;

/** Every region the system knows: its services' and its user segments'. */
export function regionsOf(s: Scenario): string[] {
  const regions = new Set<string>();
  for (const svc of s.system.services) for (const r of svc.regions) regions.add(r);
  for (const seg of segmentsOf(s)) if (seg.attrs.region) regions.add(seg.attrs.region);
  return [...regions];
}

/**
 * Checks the changes that move calls (failovers): each names the service whose calls move, the callers'
 * region (`region`) and a region where that service has instances to take them (`to`), and only an
 * endpoint the service has. A region nobody declared is reported with the nearest known one.
 */
export function checkTopologyRefs(s: Scenario, services: ReadonlyMap<string, Service>, add: Add): void {
  const known = regionsOf(s);
  s.timeline.forEach((ev, i) => {
    const at = ['timeline', i];
    if (ev.kind !== 'failover') {
      if (ev.to !== undefined)
        add([...at, 'to'], `\`to\` is for failover events; this is a ${ev.kind} event`);
      return;
    }
    if (!ev.service) {
      add(at, 'a failover names the service whose calls move (`service`)');
      return;
    }
    const svc = services.get(ev.service);
    if (!svc) return; // reported as an unknown service
    if (!ev.region) add(at, "a failover names the callers' region whose calls move (`region`)");
    else if (!known.includes(ev.region))
      add([...at, 'region'], `unknown region "${ev.region}"${didYouMean(ev.region, known)}`);
    if (!ev.to) add(at, `a failover names the region of "${svc.id}" that takes the calls (\`to\`)`);
    else if (!svc.regions.includes(ev.to)) {
      const where = svc.regions.length
        ? `its instances are in ${svc.regions.map((r) => `"${r}"`).join(', ')}`
        : 'it declares no regions';
      add(
        [...at, 'to'],
        `"${svc.id}" has no instances in region "${ev.to}"${didYouMean(ev.to, svc.regions)}: ${where}`,
      );
    }
    if (ev.route && !svc.endpoints.some((e) => e.route === ev.route)) {
      const routes = svc.endpoints.map((e) => e.route);
      add([...at, 'route'], `"${svc.id}" has no route "${ev.route}"${didYouMean(ev.route, routes)}`);
    }
  });
}
