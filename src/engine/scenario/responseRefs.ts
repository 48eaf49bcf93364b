import { didYouMean } from './diagnostics.ts';
import type { Scenario } from './schema.ts';
import { segmentsOf } from './schema.ts';

type Add = (path: PropertyKey[], message: string) => void;

/** The timeline events a mitigation that names one acts on. */
const EVENT_KINDS = { rollback: ['deploy'], revert: ['config', 'flag'], renew: ['certificate'] } as const;

/**
 * Checks the mitigations a scenario offers against the rest of it: each names what its kind acts on
 * (a deploy to roll back, a config or flag change to revert, a certificate to renew, a service, regions, a segment), and the
 * solution's correct mitigations are among those offered.
 */
export function checkResponseRefs(s: Scenario, add: Add): void {
  const services = s.system.services.map((svc) => svc.id);
  const segments = segmentsOf(s).map((seg) => seg.id);
  const regions = [...new Set(s.system.services.flatMap((svc) => svc.regions))];
  const ids = s.mitigations.map((m) => m.id);
  const unknown = (what: string, name: string, known: readonly string[]) =>
    `unknown ${what} "${name}"${didYouMean(name, known)}`;
  const needs = (i: number, field: string, what: string, kind: string) =>
    add(['mitigations', i, field], `a ${kind} mitigation names the ${what} it acts on in \`${field}\``);
  const seen = new Set<string>();
  s.mitigations.forEach((m, i) => {
    if (seen.has(m.id)) add(['mitigations', i, 'id'], `duplicate mitigation id "${m.id}"`);
    seen.add(m.id);
    if (m.service !== undefined && !services.includes(m.service))
      add(['mitigations', i, 'service'], unknown('service', m.service, services));
    if (m.kind === 'rollback' || m.kind === 'revert' || m.kind === 'renew') {
      const ev = s.timeline.find((e) => e.id === m.event);
      const kinds = EVENT_KINDS[m.kind];
      if (m.event === undefined) needs(i, 'event', 'timeline event', m.kind);
      else if (!ev)
        add(
          ['mitigations', i, 'event'],
          unknown(
            'timeline event',
            m.event,
            s.timeline.map((e) => e.id),
          ),
        );
      else if (!(kinds as readonly string[]).includes(ev.kind))
        add(
          ['mitigations', i, 'event'],
          `a ${m.kind} ${m.kind === 'renew' ? 'renews' : 'undoes'} a ${kinds.join(' or ')} event; "${m.event}" is a ${ev.kind} event`,
        );
    }
    if ((m.kind === 'scale' || m.kind === 'restart' || m.kind === 'hotfix') && m.service === undefined)
      needs(i, 'service', 'service', m.kind);
    if (m.kind === 'scale' && m.instances === undefined)
      add(['mitigations', i, 'instances'], 'a scale mitigation says how many `instances` to run');
    if (m.kind === 'failover') {
      if (m.region === undefined) needs(i, 'region', 'region to drain', m.kind);
      else if (!regions.includes(m.region))
        add(['mitigations', i, 'region'], unknown('region', m.region, regions));
      if (m.to === undefined) needs(i, 'to', 'region taking the traffic', m.kind);
      else if (!regions.includes(m.to)) add(['mitigations', i, 'to'], unknown('region', m.to, regions));
      else if (m.to === m.region)
        add(['mitigations', i, 'to'], 'a failover sends traffic to a different region');
    }
    if (m.kind === 'rate-limit') {
      if (m.segment === undefined) needs(i, 'segment', 'user segment', m.kind);
      else if (!segments.includes(m.segment))
        add(['mitigations', i, 'segment'], unknown('segment', m.segment, segments));
    }
  });
  s.solution.mitigations.forEach((mid, i) => {
    if (!ids.includes(mid)) add(['solution', 'mitigations', i], unknown('mitigation', mid, ids));
  });
}
