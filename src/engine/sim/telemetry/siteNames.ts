import type { Scenario } from '../../scenario/schema.ts';
import { hashString } from '../model/rng.ts';

/**
 * The names a system's users meet: the host they browse to (nginx logs it as `host:`) and the name of its
 * mobile app (in user agents). Each system has its own, so a query for one system's names never matches
 * another's lines.
 */
export interface SiteNames {
  /** The host requests are made to, e.g. `tasklane.example`. */
  readonly host: string;
  /** The app's name in user agents, e.g. `tasklane` in `tasklane-android/5.12.0`. */
  readonly app: string;
  /** The user agents a request without a segment's own client is drawn from: browsers, then the app. */
  readonly userAgents: readonly string[];
}

/** The browsers requests come from; the system's own Android app is added after them. */
const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/141.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148',
];

/** The e-mail domain a code history has when its file sets none: it says nothing of the system. */
const DEFAULT_EMAIL_DOMAIN = 'example.com';

/** Labels a host name often starts with that name no product. */
const GENERIC_LABEL = /^(www|app|api|m)$/;

/**
 * Made-up product names a system without a domain of its own is given one of. Not its scenario's id: that
 * names the story (`vanished-sites.example` in every request line would tell whose sites vanished).
 */
const PRODUCT_NAMES = [
  'northwind',
  'bluepine',
  'kestrel',
  'orchardly',
  'lumenhq',
  'harborline',
  'juniper',
  'copperleaf',
  'fernway',
  'tidewell',
  'brightloom',
  'quillsoft',
  'stonefield',
  'marigold',
  'pebblebay',
  'larkspur',
];

/**
 * The system's domain: the one the scenario declares (`system.domain`), else its team's e-mail domain
 * (`code.emailDomain`, when the file sets one), else a made-up product's, chosen by the scenario's id.
 */
function domainOf(scenario: Pick<Scenario, 'id' | 'system' | 'code'>): string {
  const email = scenario.code?.emailDomain;
  return (
    scenario.system.domain ??
    (email && email !== DEFAULT_EMAIL_DOMAIN ? email : undefined) ??
    `${PRODUCT_NAMES[hashString(scenario.id) % PRODUCT_NAMES.length]}.example`
  );
}

/**
 * The host and app names of a scenario's system, the same wherever the scenario is simulated (the run and
 * a line writer on another thread both derive them from the scenario).
 *
 * @example siteNamesOf(scenario) // { host: 'tasklane.example', app: 'tasklane', userAgents: [..., 'tasklane-android/5.12.0 (Pixel 8; Android 15)'] }
 */
export function siteNamesOf(scenario: Pick<Scenario, 'id' | 'system' | 'code'>): SiteNames {
  const host = domainOf(scenario);
  const labels = host.split('.');
  const app = labels.find((l, i) => i < labels.length - 1 && !GENERIC_LABEL.test(l)) ?? labels[0]!;
  return { host, app, userAgents: [...BROWSERS, `${app}-android/5.12.0 (Pixel 8; Android 15)`] };
}

/** The user agent of a segment that names its client version (`attrs.client`), or '' when it names none. */
export function clientAgent(site: SiteNames, client: string | undefined): string {
  return client ? `${site.app}-app/${client}` : '';
}
