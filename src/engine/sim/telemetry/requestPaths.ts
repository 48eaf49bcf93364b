import type { EpModel } from '../model/model.ts';
import { hashString } from '../model/rng.ts';
import type { SegmentModel } from '../run.ts';

/**
 * The path a user asked for, where an endpoint's route is a template (`/s/{site}`, `/api/projects/:id`).
 * Access logs and application request logs write the concrete path (`/s/k3x9a`, `/api/projects/48213`);
 * metrics keep the template as their `route` label, and traces carry both (`http.route`, `url.path`).
 *
 * A request's values come from its trace id, not from the model's random streams, so a run that writes no
 * lines plays out the same, and a line writer on another thread writes the same text from the same words.
 * Each request takes a place (see {@link pathPlace}): every templated endpoint it reaches fills its
 * parameters from that place, so a project id stays the same from the web tier to the service behind it.
 * Each user segment has places of its own (its users' projects and sites are theirs): a site a fault
 * removed for one plan's customers answers 404 every time, never 200 to someone else. Within a segment
 * the places are drawn unevenly, the way real traffic has hot ids: the first is taken by about one request
 * in sixteen, and most are seen now and then.
 */

/** How many places each user segment's requests (and those of no segment) are drawn from. */
export const PATH_VALUES = 512;

/** A parameter of a route template: its name and what its values look like. */
interface Param {
  readonly name: string;
  readonly shape: ValueShape;
  /**
   * Mixed into the value's hash: numbers of the same name under the same resource share values
   * (`/v1/tasks/:id`, `/api/tasks/:id`), names of the same name everywhere, and a `{host}` is named for
   * the `{site}` at the same place.
   */
  readonly salt: number;
}

/** What a parameter's values look like, told by its name. */
type ValueShape = 'number' | 'slug' | 'file' | 'asset' | 'host';

/** A route template split into its literal text and its parameters, which alternate. */
interface RouteTemplate {
  /** `literals.length === params.length + 1`. */
  readonly literals: readonly string[];
  readonly params: readonly Param[];
}

const SLUG_NAMES = new Set(['site', 'slug', 'key', 'chart', 'code', 'name', 'handle', 'token', 'ref', 'sha']);
/** A parameter: a `{name}` anywhere, or a `:name` starting a segment (not a `:verb` after one). */
const PARAM = /\{([^{}/]+)\}|(?<=\/):([A-Za-z_][A-Za-z0-9_]*)/g;

/** What the values of a parameter of this name look like. */
function shapeOf(name: string): ValueShape {
  const n = name.toLowerCase();
  if (n === 'host' || n === 'hostname' || n === 'domain') return 'host';
  if (n === 'file' || n === 'filename') return 'file';
  if (n === 'path' || n === 'asset') return 'asset';
  return SLUG_NAMES.has(n) ? 'slug' : 'number';
}

/** MurmurHash3's finalizer: every bit of `h` moves every bit of the result. */
export function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The template of a path, or undefined when it has no parameter.
 *
 * @example routeTemplate('/api/projects/:id') // { literals: ['/api/projects/', ''], params: [{ name: 'id', ... }] }
 */
function routeTemplate(path: string): RouteTemplate | undefined {
  const literals: string[] = [];
  const params: Param[] = [];
  let from = 0;
  for (const m of path.matchAll(PARAM)) {
    const name = m[1] ?? m[2]!;
    literals.push(path.slice(from, m.index));
    // The segment before the parameter names the resource: `/v1/tasks/:id` and `/api/tasks/:id` share ids.
    const segments = path.slice(0, m.index).split('/');
    const resource = segments[segments.length - 2] ?? '';
    const shape = shapeOf(name);
    const salt = shape === 'number' ? `${resource}/${name}` : shape === 'host' ? 'site' : name.toLowerCase();
    params.push({ name, shape, salt: hashString(salt) });
    from = m.index + m[0].length;
  }
  if (params.length === 0) return undefined;
  literals.push(path.slice(from));
  return { literals, params };
}

/**
 * Which place among {@link PATH_VALUES} to draw for a uniform 13-bit number: place r is drawn with a
 * weight of 1 / (r + 3), a Zipf law flattened at the top so that no single id takes most of the traffic.
 */
const ZIPF: Uint16Array = (() => {
  const table = new Uint16Array(8192);
  let total = 0;
  for (let r = 0; r < PATH_VALUES; r++) total += 1 / (r + 3);
  let r = 0;
  let upTo = 1 / 3 / total;
  for (let u = 0; u < table.length; u++) {
    while ((u + 0.5) / table.length > upTo && r < PATH_VALUES - 1) {
      r++;
      upTo += 1 / (r + 3) / total;
    }
    table[u] = r;
  }
  return table;
})();

/**
 * The place a request's templated paths take, from its trace id's words and its user segment: a number
 * below `PATH_VALUES * (segments + 1)`. The first word decides head sampling, so the place is drawn from
 * the others: sampled traces show the same mix of ids as the logs.
 *
 * @example concretePath(ep, pathPlace(request.words, request.seg), run.site.host)
 */
export function pathPlace(words: ArrayLike<number>, seg: SegmentModel | undefined): number {
  return (
    (seg ? seg.number : 0) * PATH_VALUES + ZIPF[mix(words[1]! ^ Math.imul(words[3]!, 0x9e3779b1)) >>> 19]!
  );
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const FILE_TYPES = ['zip', 'bin', 'json'];
const ASSET_TYPES = ['js', 'css', 'svg', 'woff2', 'png'];

/** A short lowercase slug (`k3x9a`) for a hash: five to seven characters, starting with a letter. */
function slug(h: number): string {
  let s = ALPHABET[h % 26]!;
  let rest = mix(h ^ 0x5bd1e995);
  const length = 5 + (h % 3);
  for (let i = 1; i < length; i++) {
    s += ALPHABET[rest % 36]!;
    rest = Math.floor(rest / 36) || mix(rest ^ i);
  }
  return s;
}

/** Parameter `p`'s value at `place`. */
function paramValue(p: Param, place: number, domain: string): string {
  const h = mix(p.salt ^ Math.imul(place + 1, 0x9e3779b1));
  switch (p.shape) {
    case 'slug':
      return slug(h);
    case 'file':
      return `${slug(h)}.${FILE_TYPES[(h >>> 8) % FILE_TYPES.length]}`;
    case 'asset':
      return `${slug(h)}.${ASSET_TYPES[(h >>> 8) % ASSET_TYPES.length]}`;
    case 'host':
      return `${slug(h)}.${domain}`;
    default: {
      // Ids of four to six digits, the width fixed by the resource: one table's ids look alike.
      const digits = 4 + (p.salt % 3);
      const low = 10 ** (digits - 1);
      return String(low + (h % (9 * low)));
    }
  }
}

/**
 * Each endpoint's template (null when it has none) and the paths made from it so far, by place. An
 * endpoint belongs to one compiled system, so its `{host}` values are always under the same domain.
 */
const made = new WeakMap<EpModel, { template: RouteTemplate | null; paths: Map<number, string> }>();

function entryOf(ep: EpModel): { template: RouteTemplate | null; paths: Map<number, string> } {
  let entry = made.get(ep);
  if (entry === undefined) {
    entry = { template: routeTemplate(ep.path) ?? null, paths: new Map() };
    made.set(ep, entry);
  }
  return entry;
}

/** Whether an endpoint's path has parameters to fill. */
export function isTemplated(ep: EpModel): boolean {
  return entryOf(ep).template !== null;
}

const tables = new WeakMap<readonly EpModel[], Uint8Array>();

/**
 * 1 for each endpoint (by `idx`) whose path has parameters to fill, 0 for the others: what the line and
 * span writers ask of every span, found by index rather than looked up.
 */
export function templatedEndpoints(endpoints: readonly EpModel[]): Uint8Array {
  let table = tables.get(endpoints);
  if (table === undefined) {
    table = Uint8Array.from(endpoints, (ep) => (isTemplated(ep) ? 1 : 0));
    tables.set(endpoints, table);
  }
  return table;
}

/**
 * The concrete path of endpoint `ep` at `place` (see {@link pathPlace}); its own path when it has no
 * parameter. `domain` is the system's, under which `{host}` values are named.
 *
 * @example concretePath(ep, 0, 'sitely.example') // '/v1/sites/{host}' → '/v1/sites/q7tm2.sitely.example'
 */
export function concretePath(ep: EpModel, place: number, domain: string): string {
  const entry = entryOf(ep);
  const template = entry.template;
  if (template === null) return ep.path;
  let path = entry.paths.get(place);
  if (path === undefined) {
    path = template.literals[0]!;
    for (let j = 0; j < template.params.length; j++)
      path += paramValue(template.params[j]!, place, domain) + template.literals[j + 1]!;
    entry.paths.set(place, path);
  }
  return path;
}

/**
 * What a templated endpoint's parameters are at `place`, by name (`[['host', 'k3x9a.sitely.example']]`):
 * the key of the row a request there reads. Not kept, so a caller may ask for places no request takes
 * (rows nobody asks for). Empty for an endpoint without parameters.
 */
export function paramValues(ep: EpModel, place: number, domain: string): [string, string][] {
  const template = entryOf(ep).template;
  return template ? template.params.map((p) => [p.name, paramValue(p, place, domain)]) : [];
}

/** The route as a request names it: method and concrete path (`PUT /api/projects/48213`). */
export function concreteRoute(ep: EpModel, place: number, domain: string): string {
  return isTemplated(ep) ? `${ep.method} ${concretePath(ep, place, domain)}` : ep.route;
}
