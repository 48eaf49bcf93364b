import { actionPalette, closestActions, unreachableAction } from '../sim/response/palette.ts';
import { dataStoresOf } from './faultRefs.ts';
import { DEFAULT_COSTS } from './responseSchema.ts';
import type { Scenario } from './schema.ts';
import { formatDuration, parseDuration, parseTimestamp } from './units.ts';

type Add = (path: PropertyKey[], message: string) => void;

/** What each verb acts on, for a message about an action the system does not have. */
const TARGETS: Readonly<Record<string, string>> = {
  rollback: 'a deploy event of the timeline that names its service',
  revert: 'a config or flag event of the timeline',
  renew: 'a certificate event of the timeline',
  restart: 'a service the team runs',
  scale: 'a stateless service the team runs, to twice or three times its instances',
  drain: 'one instance (from 1) of a service the team runs with two or more',
  failover: 'a region the services run in, and another one',
  'rate-limit': 'a user segment',
  restore: 'a service of kind database',
  hotfix:
    'a commit that changed files of the code of a stateless service the team runs (its `code` history, or one its deploys roll out), as hotfix:<service>:<commit>',
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
    if (key.startsWith('restore:') && known.has(key)) checkRestore(s, key, add);
    (s.mitigations[key]?.needs ?? []).forEach((need, j) => {
      if (!paged.has(need) || need === key)
        add(
          ['mitigations', key, 'needs', j],
          need === key
            ? `"${key}" cannot need itself`
            : unreachableAction(s, need)
              ? `no action "${need}": ${unreachableAction(s, need)}`
              : `no action "${need}" on this system when paged${closestActions(ids, need)}`,
        );
    });
    if (s.mitigations[key]?.needs?.length && !s.mitigations[key]?.right)
      add(
        ['mitigations', key, 'needs'],
        '`needs` is for a right action: mark it `right: true` or remove `needs`',
      );
    if (paged.has(key)) continue;
    if (known.has(key)) {
      add(
        ['mitigations', key],
        `"${key}" acts on a change after the page: the player cannot take it when paged, and lint plays every action weighed at the page`,
      );
      continue;
    }
    const unreachable = unreachableAction(s, key);
    if (unreachable) {
      add(['mitigations', key], `no action "${key}": ${unreachable}`);
      continue;
    }
    const verb = key.split(':')[0] ?? '';
    add(
      ['mitigations', key],
      `no action "${key}" on this system: ${verb} acts on ${TARGETS[verb]}${closestActions(ids, key)}`,
    );
  }
}

/**
 * A restore weighed by the scenario must bring something back and finish where the play can see it: its
 * database is one a data-loss fault deletes from, and it takes no longer than the window.
 */
function checkRestore(s: Scenario, key: string, add: Add): void {
  const target = key.slice('restore:'.length);
  const stores = [
    ...new Set(
      s.faults.filter((f) => f.kind === 'data-loss').flatMap((f) => dataStoresOf(s, f.service).slice(0, 1)),
    ),
  ];
  if (!stores.includes(target))
    add(
      ['mitigations', key],
      stores.length > 0
        ? `${target} lost no data: no data-loss fault deletes from it, so restoring it changes nothing; restore ${stores.map((x) => `restore:${x}`).join(' or ')} instead`
        : `${target} lost no data: the scenario has no data-loss fault, so restoring it changes nothing; weigh another action`,
    );
  const cost = s.mitigations[key]?.cost;
  const costMs = parseDuration(cost ?? DEFAULT_COSTS.restore) ?? 0;
  const windowMs = (parseTimestamp(s.window.end) ?? 0) - (parseTimestamp(s.window.start) ?? 0);
  if (costMs > windowMs)
    add(
      cost ? ['mitigations', key, 'cost'] : ['mitigations', key],
      `a restore of ${formatDuration(costMs)} is longer than the ${formatDuration(windowMs)} window: no play would see it finish; set its cost to ${formatDuration(windowMs)} or less, or lengthen the window`,
    );
}
