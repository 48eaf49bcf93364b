import { rangeQuery } from '../../query/promql/index.ts';
import type { AlertRule } from '../../scenario/observabilitySchema.ts';
import { parseDuration } from '../../scenario/units.ts';
import type { Labels } from '../../world/labels.ts';
import { labelsKey } from '../../world/labels.ts';
import type { MetricStore } from '../../world/metricStore.ts';

/** Prometheus' rule evaluation interval here: every scrape. */
const EVAL_STEP_MS = 15_000;

/** One alert instance over time: when it went pending, when it fired and when it resolved. */
export interface AlertEvent {
  readonly alert: string;
  readonly severity: AlertRule['severity'];
  /** The series' labels (without `__name__`), the rule's labels and `alertname`. */
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
  readonly pendingAtMs: number;
  /** Undefined when the condition never held for the rule's `for`. */
  readonly firingAtMs: number | undefined;
  /** Undefined while still active at the end of the window. */
  readonly resolvedAtMs: number | undefined;
  /** The expression's value when the alert fired (or went pending, if it never fired). */
  readonly value: number;
}

/** A rule whose expression could not be evaluated, with the evaluator's message. */
export interface AlertRuleError {
  readonly alert: string;
  readonly message: string;
}

/** Fills `{{ $labels.name }}` and `{{ $value }}` as Prometheus' templates do for the common cases. */
function fill(text: string, labels: Labels, value: number): string {
  return text
    .replace(/\{\{\s*\$labels\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '')
    .replace(/\{\{\s*\$value\s*\}\}/g, String(Math.round(value * 1000) / 1000));
}

/**
 * Evaluates alert rules over the metrics as Prometheus does: the expression at every evaluation step; a
 * series present is pending, and fires once it has been present for the rule's `for`; it resolves when the
 * series disappears. Returns every alert instance in time order, and the rules that could not be evaluated.
 *
 * @example
 * const { alerts } = evaluateAlerts(scenario.alerts, world.metrics, world.startMs, world.endMs);
 */
export function evaluateAlerts(
  rules: readonly Pick<AlertRule, 'alert' | 'expr' | 'for' | 'severity' | 'labels' | 'annotations'>[],
  metrics: MetricStore,
  startMs: number,
  endMs: number,
): { alerts: AlertEvent[]; errors: AlertRuleError[] } {
  const alerts: AlertEvent[] = [];
  const errors: AlertRuleError[] = [];
  for (const rule of rules) {
    const holdMs = parseDuration(rule.for) ?? 0;
    const result = rangeQuery(metrics, rule.expr, startMs, endMs, EVAL_STEP_MS);
    if (!result.ok) {
      errors.push({ alert: rule.alert, message: result.errors.map((e) => e.message).join('; ') });
      continue;
    }
    if (result.value.resultType !== 'matrix') continue;
    for (const series of result.value.result) {
      const { __name__: _name, ...rest } = series.labels;
      const labels: Labels = { ...rest, ...rule.labels, alertname: rule.alert, severity: rule.severity };
      let pending: { at: number; value: number } | undefined;
      let firing: { at: number; value: number } | undefined;
      let last = Number.NaN;
      const close = (resolvedAt: number | undefined) => {
        if (!pending) return;
        const value = firing?.value ?? pending.value;
        const annotations: Record<string, string> = {};
        for (const [k, v] of Object.entries(rule.annotations)) annotations[k] = fill(v, labels, value);
        alerts.push({
          alert: rule.alert,
          severity: rule.severity,
          labels,
          annotations,
          pendingAtMs: pending.at,
          firingAtMs: firing?.at,
          resolvedAtMs: resolvedAt,
          value,
        });
        pending = undefined;
        firing = undefined;
      };
      for (const s of series.samples) {
        // A gap of more than one step means the condition stopped holding in between.
        if (pending && s.t - last > EVAL_STEP_MS) close(last + EVAL_STEP_MS);
        if (!pending) pending = { at: s.t, value: s.v };
        if (!firing && s.t - pending.at >= holdMs) firing = { at: s.t, value: s.v };
        last = s.t;
      }
      close(pending && last + EVAL_STEP_MS <= endMs ? last + EVAL_STEP_MS : undefined);
    }
  }
  alerts.sort(
    (a, b) => a.pendingAtMs - b.pendingAtMs || labelsKey(a.labels).localeCompare(labelsKey(b.labels)),
  );
  return { alerts, errors };
}

/** How often one alert rule fired over a window. */
export interface AlertFirings {
  readonly alert: string;
  readonly severity: AlertRule['severity'];
  /** Alert instances that reached firing: one per series each time its condition held for the rule's `for`. */
  readonly firings: number;
  /** Instances that went pending but resolved before their `for` was over. */
  readonly pendingOnly: number;
  /** When the rule first fired; undefined when it never did. */
  readonly firstFiringAtMs: number | undefined;
}

/**
 * Counts, per rule and in the rules' order, the alert instances that fired (and those that only went
 * pending), from what {@link evaluateAlerts} returned. A rule that never fired is listed with zero, so a
 * summary shows which alerts stayed quiet as well as which paged.
 *
 * @example
 * const { alerts } = evaluateAlerts(scenario.alerts, world.metrics, world.startMs, world.endMs);
 * alertFirings(scenario.alerts, alerts); // [{ alert: 'CheckoutErrorRate', firings: 2, ... }]
 */
export function alertFirings(
  rules: readonly Pick<AlertRule, 'alert' | 'severity'>[],
  alerts: readonly AlertEvent[],
): AlertFirings[] {
  return rules.map((rule) => {
    let firings = 0;
    let pendingOnly = 0;
    let first: number | undefined;
    for (const a of alerts) {
      if (a.alert !== rule.alert) continue;
      if (a.firingAtMs === undefined) {
        pendingOnly++;
        continue;
      }
      firings++;
      if (first === undefined || a.firingAtMs < first) first = a.firingAtMs;
    }
    return { alert: rule.alert, severity: rule.severity, firings, pendingOnly, firstFiringAtMs: first };
  });
}
