import { actionPalette, closestActions } from '../sim/response/palette.ts';
import type { Scenario } from './schema.ts';
import { parseTimestamp } from './units.ts';

type Add = (path: PropertyKey[], message: string) => void;

/** What each verb acts on, for a message about an action the system does not have. */
const TARGETS: Readonly<Record<string, string>> = {
  rollback: 'a deploy event of the timeline that names its service',
  revert: 'a config or flag event of the timeline',
  renew: 'a certificate event of the timeline',
  restart: 'a service',
  scale: 'a stateless service, to twice or three times its instances',
  drain: 'one instance (from 1) of a service with two or more',
  failover: 'a region the services run in, and another one',
  'rate-limit': 'a user segment',
  hotfix:
    "a commit that changed files of a stateless service's code (its `code` history, or one its deploys roll out), as hotfix:<service>:<commit>",
};

/**
 * Checks the scenario's verdicts against the actions its system offers: each key names an action the
 * palette generated from the system, segments and timeline has.
 */
export function checkResponseRefs(s: Scenario, add: Add): void {
  const ids = actionPalette(s).map((a) => a.id);
  const known = new Set(ids);
  const paged = new Set(actionPalette(s, { atMs: parseTimestamp(s.briefing.page.at) }).map((a) => a.id));
  for (const key of Object.keys(s.mitigations)) {
    if (paged.has(key)) continue;
    if (known.has(key)) {
      add(
        ['mitigations', key],
        `"${key}" acts on a change after the page: the player cannot take it when paged, and lint plays every action weighed at the page`,
      );
      continue;
    }
    const verb = key.split(':')[0] ?? '';
    add(
      ['mitigations', key],
      `no action "${key}" on this system: ${verb} acts on ${TARGETS[verb]}${closestActions(ids, key)}`,
    );
  }
}
