import { didYouMean } from '../../scenario/diagnostics.ts';
import type { MitigationKind, Mitigations } from '../../scenario/responseSchema.ts';
import { DEFAULT_COSTS, MITIGATION_KINDS } from '../../scenario/responseSchema.ts';
import type { Service, TimelineEvent } from '../../scenario/schema.ts';
import { parseTimestamp } from '../../scenario/units.ts';

// The actions a responder may take, generated from what a player sees of the system: its services,
// instances and regions, its user segments, its timeline and the outline of its code history (which
// commits changed which files; the page holds that outline, and the files through the world host): the
// labels read the same on the page and in the simulation's change log. Nothing here reads the solution,
// the faults, the hints or the scenario's verdicts, so a right action and a wrong one are listed, labelled
// and costed alike, and two scenarios on the same system offer the same actions.

/** What the palette is made from: the parts of a scenario a player may see. */
export interface PaletteSource {
  readonly system: {
    readonly services: readonly Pick<Service, 'id' | 'kind' | 'instances' | 'regions' | 'observed'>[];
    readonly segments?: readonly { readonly id: string }[];
  };
  readonly traffic: { readonly segments: readonly { readonly id: string }[] };
  readonly timeline: readonly Pick<
    TimelineEvent,
    'id' | 'at' | 'kind' | 'service' | 'version' | 'key' | 'region' | 'description' | 'expires' | 'commit'
  >[];
  /** The code history, of which only the outline is read. */
  readonly code?: CodeOutline | undefined;
  /** A player's view holds only the outline. */
  readonly codeOutline?: CodeOutline | undefined;
}

/** What a hot fix can revert: the commits of a code history, the files each changed and the service built. */
export interface CodeOutline {
  readonly service?: string | undefined;
  readonly commits: readonly {
    readonly id: string;
    readonly date: string;
    readonly changes: readonly { readonly path: string }[];
  }[];
}

/** The outline of a code history: commits, dates and the paths they changed, no contents or messages. */
export function codeOutline(code: CodeOutline): CodeOutline {
  return {
    ...(code.service === undefined ? {} : { service: code.service }),
    commits: code.commits.map((c) => ({
      id: c.id,
      date: c.date,
      changes: c.changes.map((f) => ({ path: f.path })),
    })),
  };
}

/**
 * One action: its verb, its target and what the button says. The id is the verb and the target
 * (`rollback:<event>`, `revert:<event>`, `restart:<service>`, `scale:<service>:<n>`, `drain:<service>/<n>`,
 * `failover:<region>:<to>`, `rate-limit:<segment>`, `renew:<event>`, `hotfix:<service>:<commit>`,
 * `restore:<database>`); a
 * `mitigate` action names it.
 */
export interface PaletteEntry {
  readonly id: string;
  readonly kind: MitigationKind;
  /** What the button says, generated from the verb and the target in one shape for every action. */
  readonly label: string;
  /** What a responder would type or run. */
  readonly command: string;
  /** Game time the action takes; the incident clock moves on by as much. */
  readonly cost: string;
  /** rollback, revert, renew: the timeline event undone or renewed. */
  readonly event?: string;
  /** restart, scale, drain, hotfix, restore (and the service an event names): the service acted on. */
  readonly service?: string;
  /** hotfix: the commit of the code history the fix reverts. */
  readonly commit?: string;
  /** drain: which instance of the service, from 1. */
  readonly instance?: number;
  /** scale: the new number of instances. */
  readonly instances?: number;
  /** failover: the region drained, and the one taking its traffic. */
  readonly region?: string;
  readonly to?: string;
  /** rate-limit: the segment limited, and the share of its requests still let through. */
  readonly segment?: string;
  readonly allow?: number;
}

/** An action as the simulation plays it: a palette entry at the cost the scenario gives it. */
export type Mitigation = PaletteEntry;

/** Kinds whose services keep their disk: a StatefulSet, not scaled or hot-fixed by a responder. */
const STATEFUL = new Set(['database', 'cache', 'queue']);
/** The instance counts a scale offers, as multiples of the service's own. */
const SCALE_FACTORS = [2, 3];
/** The share of a segment's requests a rate limit lets through. */
const RATE_LIMIT_ALLOW = 0.1;

const hhmm = (at: string) => at.slice(11, 16);
const workload = (svc: Pick<Service, 'kind'>) => (STATEFUL.has(svc.kind) ? 'statefulset' : 'deployment');
/** A change's description cut at a word, for a label. */
const short = (text: string) => {
  if (text.length <= 60) return text;
  const cut = text.slice(0, 60);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).trimEnd()}…`;
};

type Draft = Omit<PaletteEntry, 'cost'>;

/** Rollbacks, reverts and renewals: one per deploy, config or flag change and certificate on the timeline. */
function eventActions(source: PaletteSource): Draft[] {
  const kindOf = new Map(source.system.services.map((s) => [s.id, s]));
  const out: Draft[] = [];
  for (const ev of source.timeline) {
    const svc = ev.service ? kindOf.get(ev.service) : undefined;
    const on = ev.service ? ` on ${ev.service}` : '';
    if (ev.kind === 'deploy' && svc)
      out.push({
        id: `rollback:${ev.id}`,
        kind: 'rollback',
        event: ev.id,
        service: svc.id,
        label: `Roll back ${svc.id}${ev.version ? ` ${ev.version}` : ''} (deployed ${hhmm(ev.at)})`,
        command: `kubectl rollout undo ${workload(svc)}/${svc.id}`,
      });
    else if (ev.kind === 'config' || ev.kind === 'flag')
      out.push({
        id: `revert:${ev.id}`,
        kind: 'revert',
        event: ev.id,
        ...(ev.service ? { service: ev.service } : {}),
        // Without a key, the change log's own words say which change it is.
        label: `Revert the ${ev.kind} change${ev.key ? ` ${ev.key}` : ''}${on} (${hhmm(ev.at)})${ev.key ? '' : `: ${short(ev.description)}`}`,
        command: `restore ${ev.key ?? `the ${ev.kind}`}${on} to what it was before ${hhmm(ev.at)} and reload`,
      });
    else if (ev.kind === 'certificate')
      out.push({
        id: `renew:${ev.id}`,
        kind: 'renew',
        event: ev.id,
        ...(ev.service ? { service: ev.service } : {}),
        label: `Renew the certificate${on}${ev.region ? ` in ${ev.region}` : ''}${ev.expires ? ` (expires ${ev.expires.slice(0, 10)} ${hhmm(ev.expires)})` : ''}`,
        command: `issue a new certificate from the internal CA, store it in the TLS secret and reload${on}`,
      });
  }
  return out;
}

/**
 * Verbs that act on a service's own instances or code. An unobserved component (a managed gateway, a cloud
 * provider's hop) is run by someone else: nobody on the team can restart, scale, drain or patch it. What
 * the team did to it (a config change, a deploy, a certificate) can still be undone, its traffic failed
 * over or rate-limited, and a managed database restored from the backups its provider keeps.
 */
const OWN_VERBS: ReadonlySet<MitigationKind> = new Set(['restart', 'scale', 'drain', 'hotfix']);

/** Whether the team runs a service itself, so the verbs of {@link OWN_VERBS} can act on it. */
const runByTeam = (svc: Pick<Service, 'observed'>) => svc.observed !== false;

/**
 * Why the palette lacks an action that names a service nobody on the team runs, or undefined when that is
 * not the reason: `restart:gateway` on a managed gateway is no typo, and a "did you mean" would mislead.
 *
 * @example unreachableAction(scenario, 'restart:gateway')
 * // '"gateway" is run by someone else (observed: false): nobody on the team can restart it; …'
 */
export function unreachableAction(source: PaletteSource, id: string): string | undefined {
  const [verb, target = ''] = id.split(':');
  if (!OWN_VERBS.has(verb as MitigationKind)) return undefined;
  const service = verb === 'drain' ? target.split('/')[0] : target;
  const svc = source.system.services.find((s) => s.id === service);
  if (!svc || runByTeam(svc)) return undefined;
  const what = verb === 'hotfix' ? 'ship a hot fix to' : verb;
  return `"${svc.id}" is run by someone else (observed: false): nobody on the team can ${what} it; weigh an action on a change made to it, a failover or a rate limit instead`;
}

/** Restarts, scaling and draining one instance: for every service the team runs that has them. */
function serviceActions(source: PaletteSource): Draft[] {
  const all = source.system.services;
  const services = all.filter(runByTeam);
  const out: Draft[] = [];
  for (const svc of services)
    out.push({
      id: `restart:${svc.id}`,
      kind: 'restart',
      service: svc.id,
      label: `Restart every instance of ${svc.id}`,
      command: `kubectl rollout restart ${workload(svc)}/${svc.id}`,
    });
  for (const svc of services) {
    if (STATEFUL.has(svc.kind)) continue;
    const counts = [...new Set(SCALE_FACTORS.map((f) => Math.min(64, svc.instances * f)))];
    for (const n of counts.filter((n) => n > svc.instances))
      out.push({
        id: `scale:${svc.id}:${n}`,
        kind: 'scale',
        service: svc.id,
        instances: n,
        label: `Scale ${svc.id} from ${svc.instances} to ${n} instances`,
        command: `kubectl scale deployment/${svc.id} --replicas=${n}`,
      });
  }
  // A database can be restored from its latest backup: the rows missing from it are copied back.
  for (const svc of all)
    if (svc.kind === 'database')
      out.push({
        id: `restore:${svc.id}`,
        kind: 'restore',
        service: svc.id,
        label: `Restore ${svc.id} from its latest backup`,
        command: `copy the rows missing from ${svc.id} back out of its latest snapshot`,
      });
  for (const svc of services) {
    // Draining the only instance is an outage, not a mitigation.
    if (svc.instances < 2) continue;
    for (let n = 1; n <= svc.instances; n++) {
      const region = svc.regions.length > 0 ? svc.regions[(n - 1) % svc.regions.length] : undefined;
      out.push({
        id: `drain:${svc.id}/${n}`,
        kind: 'drain',
        service: svc.id,
        instance: n,
        label: `Drain instance ${n} of ${svc.id}${region ? ` (${region})` : ''}`,
        command: `take instance ${n} of ${svc.id} out of its load balancer`,
      });
    }
  }
  return out;
}

/** Files that say little of what a commit changed: manifests, lock files, docs. */
const BOOKKEEPING =
  /(^|\/)(package(-lock)?\.json|yarn\.lock|pnpm-lock\.yaml|go\.(mod|sum)|pom\.xml|build\.gradle(\.kts)?|requirements\.txt|Cargo\.(toml|lock)|[^/]*\.md)$/;
/** Tests, which a label names after the code they test. */
const TEST_FILE = /(^|\/)(tests?|__tests__)\/|[._-](test|spec)\.[a-z]+$|_test\.go$/;

/** The files a commit changed, for a label: the first two (code, then tests, then the rest), and how many more. */
function filesOf(paths: readonly string[]): string {
  if (paths.length === 0) return 'no file changed';
  const rank = (p: string) => (BOOKKEEPING.test(p) ? 2 : TEST_FILE.test(p) ? 1 : 0);
  const sorted = paths.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i);
  const more = paths.length > 2 ? ` +${paths.length - 2} more` : '';
  return `${sorted
    .slice(0, 2)
    .map((x) => x.p)
    .join(', ')}${more}`;
}

/**
 * Hot fixes: one per commit that changed files of a stateless service's code, reverting it. A service's
 * commits are those of the history built into it (`code.service`) and those its deploys roll out.
 */
function hotfixActions(source: PaletteSource, atMs: number | undefined): Draft[] {
  const code = source.code ?? source.codeOutline;
  if (!code) return [];
  const stateless = new Map(
    source.system.services
      .filter((s) => !STATEFUL.has(s.kind) && runByTeam(s))
      .map((s) => [s.id, s] as const),
  );
  const byId = new Map(code.commits.map((c) => [c.id, c]));
  const owners = new Map<string, Set<string>>();
  const own = (service: string | undefined, commit: string) => {
    if (service === undefined || !stateless.has(service) || !byId.has(commit)) return;
    if (!owners.has(service)) owners.set(service, new Set());
    owners.get(service)!.add(commit);
  };
  for (const c of code.commits) own(code.service, c.id);
  for (const ev of source.timeline) if (ev.kind === 'deploy' && ev.commit) own(ev.service, ev.commit);
  const out: Draft[] = [];
  for (const svc of stateless.values()) {
    for (const c of code.commits) {
      if (!owners.get(svc.id)?.has(c.id) || c.changes.length === 0) continue;
      // A commit made after the clock's now is not there to revert yet.
      if (atMs !== undefined && (parseTimestamp(c.date) ?? 0) > atMs) continue;
      out.push({
        id: `hotfix:${svc.id}:${c.id}`,
        kind: 'hotfix',
        service: svc.id,
        commit: c.id,
        label: `Ship a hot fix to ${svc.id} reverting ${c.id.slice(0, 7)} (${filesOf(c.changes.map((f) => f.path))})`,
        command: `git revert ${c.id.slice(0, 7)}, have it reviewed and ship it through ${svc.id}'s pipeline`,
      });
    }
  }
  return out;
}

/** Failovers between every two regions the services run in, and a rate limit per user segment. */
function edgeActions(source: PaletteSource): Draft[] {
  const regions = [...new Set(source.system.services.flatMap((s) => s.regions))];
  const out: Draft[] = [];
  for (const region of regions)
    for (const to of regions)
      if (to !== region)
        out.push({
          id: `failover:${region}:${to}`,
          kind: 'failover',
          region,
          to,
          label: `Fail ${region} traffic over to ${to}`,
          command: `set the global load balancer's ${region} pool weight to 0 so ${to} serves it`,
        });
  const segments = [
    ...new Set([...source.traffic.segments, ...(source.system.segments ?? [])].map((s) => s.id)),
  ];
  const pct = Math.round(RATE_LIMIT_ALLOW * 100);
  for (const segment of segments)
    out.push({
      id: `rate-limit:${segment}`,
      kind: 'rate-limit',
      segment,
      allow: RATE_LIMIT_ALLOW,
      label: `Rate-limit ${segment} to ${pct}% at the edge`,
      command: `edge rule: answer 429 to ${100 - pct}% of requests from ${segment}`,
    });
  return out;
}

/** What else shapes the palette besides the system. */
export interface PaletteOptions {
  /** The scenario's verdicts: a cost one sets replaces its verb's usual time. */
  readonly verdicts?: Mitigations | undefined;
  /**
   * The incident clock's now: a change on the timeline after it has not happened yet, so there is nothing
   * to roll back, revert or renew. Every change counts when absent.
   */
  readonly atMs?: number | undefined;
}

/**
 * Every action a responder may take on this system, grouped by verb in the order of `MITIGATION_KINDS`.
 * Costs are each verb's usual time unless the verdicts set one.
 *
 * @example
 * actionPalette(scenario).find((a) => a.id === 'rollback:deploy-cart-2-4-1')?.label
 * // 'Roll back cart 2.4.1 (deployed 01:40)'
 */
export function actionPalette(source: PaletteSource, options: PaletteOptions = {}): PaletteEntry[] {
  const { verdicts, atMs } = options;
  const happened =
    atMs === undefined
      ? source
      : { ...source, timeline: source.timeline.filter((e) => (parseTimestamp(e.at) ?? 0) <= atMs) };
  const drafts = [
    ...eventActions(happened),
    ...serviceActions(source),
    ...hotfixActions(source, atMs),
    ...edgeActions(source),
  ];
  const order = (k: MitigationKind) => MITIGATION_KINDS.indexOf(k);
  return drafts
    .map((d, i) => ({ d, i }))
    .sort((a, b) => order(a.d.kind) - order(b.d.kind) || a.i - b.i)
    .map(({ d }) => ({ ...d, cost: verdicts?.[d.id]?.cost ?? DEFAULT_COSTS[d.kind] }));
}

/**
 * What to suggest for an id the palette lacks: the closest action of the same verb (a typo in the target),
 * else the closest of any verb, else the first few actions of that verb.
 */
export function closestActions(ids: readonly string[], id: string): string {
  const verb = id.split(':')[0] ?? '';
  const sameVerb = ids.filter((x) => x.startsWith(`${verb}:`));
  const listed = `${sameVerb.slice(0, 5).join(', ')}${sameVerb.length > 5 ? ', …' : ''}`;
  return (
    didYouMean(id, sameVerb) ||
    didYouMean(id, ids) ||
    (sameVerb.length > 0 ? `; this system has ${listed}` : '')
  );
}

/** The action an id names on this system (by `atMs`, when given), or a message saying it has none. */
export function paletteEntry(
  source: PaletteSource,
  id: string,
  options: PaletteOptions = {},
): { entry: PaletteEntry } | { error: string } {
  const palette = actionPalette(source, options);
  const entry = palette.find((a) => a.id === id);
  if (entry) return { entry };
  if (
    options.atMs !== undefined &&
    actionPalette(source, { ...options, atMs: undefined }).some((a) => a.id === id)
  )
    return { error: `no action "${id}" yet: the change it acts on has not happened by then` };
  const unreachable = unreachableAction(source, id);
  if (unreachable) return { error: `no action "${id}": ${unreachable}` };
  return {
    error: `no action "${id}" on this system${closestActions(
      palette.map((a) => a.id),
      id,
    )}`,
  };
}
