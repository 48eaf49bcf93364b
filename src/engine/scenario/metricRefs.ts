import { didYouMean } from './diagnostics.ts';
import { RESERVED_METRIC_LABELS } from './metricSchema.ts';
import type { Scenario, Service } from './schema.ts';
import { parseTimestamp } from './units.ts';

type Add = (path: PropertyKey[], message: string) => void;

/** Suffixes Prometheus gives a histogram's series, which its family name must not carry itself. */
const HISTOGRAM_SUFFIX = /_(bucket|sum|count|total)$/;

/**
 * Checks the declared metrics: their service, route and steps exist, names fit their type, labels do not
 * repeat the ones every series has, a name keeps one type, and no two declarations make the same series.
 */
export function checkMetrics(
  s: Scenario,
  services: ReadonlyMap<string, Service>,
  events: readonly string[],
  add: Add,
): void {
  const serviceIds = [...services.keys()];
  const typeOf = new Map<string, string>();
  const seen = new Set<string>();
  s.metrics.forEach((m, i) => {
    const at = (...rest: PropertyKey[]) => ['metrics', i, ...rest];
    const type = m.type ?? 'counter';
    if (type === 'counter' && !m.name.endsWith('_total'))
      add(at('name'), `a counter's name ends in _total: "${m.name}_total"`);
    if (type === 'gauge' && m.name.endsWith('_total'))
      add(
        at('name'),
        "a gauge's name does not end in _total (it goes up and down): drop it, or set `type: counter`",
      );
    if (type === 'histogram' && HISTOGRAM_SUFFIX.test(m.name))
      add(
        at('name'),
        `name the histogram's family, "${m.name.replace(HISTOGRAM_SUFFIX, '')}": its series get _bucket, _sum and _count`,
      );
    if (type === 'counter') {
      const down = 'a counter only goes up (rate() would read a fall as a restart): give 0 or more';
      if ((m.value ?? 1) < 0) add(at('value'), down);
      m.steps?.forEach((step, j) => {
        if (step.value < 0) add([...at('steps'), j, 'value'], down);
      });
    }
    const declared = typeOf.get(m.name);
    if (declared !== undefined && declared !== type)
      add(at('type'), `"${m.name}" is declared above as a ${declared}: one name, one type`);
    else typeOf.set(m.name, type);
    const svc = services.get(m.service);
    if (!svc) add(at('service'), `unknown service "${m.service}"${didYouMean(m.service, serviceIds)}`);
    else if (m.route !== undefined && !svc.endpoints.some((e) => e.route === m.route)) {
      const routes = svc.endpoints.map((e) => e.route);
      add(at('route'), `"${m.service}" has no route "${m.route}"${didYouMean(m.route, routes)}`);
    }
    if (type === 'histogram' && m.route === undefined)
      add(at(), 'a histogram observes one value per request: give it the `route` whose requests it observes');
    if (m.buckets !== undefined && type !== 'histogram')
      add(at('buckets'), 'only a histogram has buckets: set `type: histogram`, or remove `buckets`');
    m.buckets?.forEach((b, j) => {
      if (j > 0 && b <= m.buckets![j - 1]!)
        add([...at('buckets'), j], `bucket bounds increase: ${b} is not above ${m.buckets![j - 1]}`);
    });
    for (const label of Object.keys(m.labels ?? {})) {
      if (RESERVED_METRIC_LABELS.includes(label) || label.startsWith('__'))
        add(
          [...at('labels'), label],
          `every series has its own "${label}" label already: name yours differently (e.g. "${label.replace(/^_+/, '')}_name")`,
        );
    }
    m.steps?.forEach((step, j) => {
      const path = [...at('steps'), j];
      if ((step.at === undefined) === (step.after === undefined))
        add(path, 'a step starts `at` a time or `after` a timeline event: give one of them');
      if (step.after !== undefined && !events.includes(step.after))
        add(
          [...path, 'after'],
          `unknown timeline event "${step.after}"${didYouMean(step.after, [...events])}`,
        );
    });
    const series = `${m.name}|${m.service}|${JSON.stringify(Object.entries(m.labels ?? {}).sort())}`;
    if (seen.has(series))
      add(
        at(),
        `"${m.name}" of "${m.service}" is declared above with the same labels: give each its own labels`,
      );
    seen.add(series);
  });
}

/** Checks what each fault does to declared metrics: it names one, with labels one has, and says how. */
export function checkFaultMetrics(s: Scenario, add: Add): void {
  const names = [...new Set(s.metrics.map((m) => m.name))];
  s.faults.forEach((f, i) => {
    f.metrics?.forEach((effect, j) => {
      const at = (...rest: PropertyKey[]) => ['faults', i, 'metrics', j, ...rest];
      if (!names.includes(effect.name)) {
        add(
          at('name'),
          `unknown metric "${effect.name}"${didYouMean(effect.name, names)}: declare it under metrics`,
        );
        return;
      }
      const wanted = Object.entries(effect.labels ?? {});
      const matching = s.metrics.filter(
        (m) => m.name === effect.name && wanted.every(([k, v]) => m.labels?.[k] === v),
      );
      if (matching.length === 0) {
        const values = s.metrics
          .filter((m) => m.name === effect.name)
          .map((m) => JSON.stringify(m.labels ?? {}));
        add(at('labels'), `no "${effect.name}" has these labels; declared: ${values.join(', ')}`);
      }
      if (
        effect.set !== undefined &&
        effect.set < 0 &&
        matching.some((m) => (m.type ?? 'counter') === 'counter')
      )
        add(at('set'), 'a counter only goes up (rate() would read a fall as a restart): set 0 or more');
      if ((effect.set === undefined) === (effect.factor === undefined))
        add(
          at(),
          'say what the fault does to the metric: `set` a value or scale it by a `factor`, one of them',
        );
    });
  });
}

/** The time a step starts: its `at`, or the time of the event it follows. */
export function stepStartMs(
  step: { readonly at?: string | undefined; readonly after?: string | undefined },
  eventTimes: ReadonlyMap<string, number>,
): number {
  if (step.at !== undefined) return parseTimestamp(step.at) ?? Number.POSITIVE_INFINITY;
  return eventTimes.get(step.after ?? '') ?? Number.POSITIVE_INFINITY;
}
