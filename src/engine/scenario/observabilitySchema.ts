import { z } from 'zod';
import { SCHEMA_LIMITS } from './limits.ts';
import { durationWithin, id } from './primitives.ts';

// What the team had set up before the incident: dashboards of PromQL panels and Prometheus alert rules.
// Alerts fire from the simulated metrics, as Prometheus would evaluate these rules.

const promql = z
  .string()
  .min(1)
  .max(4_000)
  .describe(
    "a PromQL expression over the scenario's metrics, e.g. sum by (service) (rate(http_server_requests_total[5m]))",
  );

export const PanelQuerySchema = z.strictObject({
  expr: promql,
  legend: z
    .string()
    .max(200)
    .optional()
    .describe('legend template as Grafana writes it, e.g. "{{service}} {{status}}"'),
});

export const PanelSchema = z.strictObject({
  title: z.string().min(1).max(200),
  kind: z
    .enum(['timeseries', 'stat', 'gauge', 'table'])
    .default('timeseries')
    .describe('how the panel draws its queries'),
  unit: z
    .string()
    .max(40)
    .optional()
    .describe('unit of the values, as Grafana names them: s, ms, percentunit, reqps, bytes, short'),
  description: z.string().max(2_000).optional().describe('what the panel shows, as its info tooltip'),
  queries: z.array(PanelQuerySchema).min(1).max(10).describe('the PromQL queries drawn on this panel'),
});

export const DashboardSchema = z.strictObject({
  id,
  title: z.string().min(1).max(200),
  description: z.string().max(2_000).optional(),
  panels: z.array(PanelSchema).min(1).max(50),
});

/** A Prometheus rule name: a metric-name-like identifier, e.g. CheckoutErrorRate. */
const alertName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'must be letters, digits and "_", starting with a letter, e.g. CheckoutErrorRate',
  )
  .max(100);

const labelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Prometheus label name, e.g. team');

export const AlertRuleSchema = z.strictObject({
  alert: alertName.describe('the alert name, as in a Prometheus rule file, e.g. CheckoutErrorRate'),
  expr: promql.describe('the PromQL condition: the alert is pending while it returns any series'),
  for: durationWithin({ max: SCHEMA_LIMITS.alertFor })
    .default('0s')
    .describe('how long the condition must hold before the alert fires, e.g. 2m (Prometheus `for`)'),
  severity: z
    .enum(['page', 'ticket', 'info'])
    .describe('page: wakes someone up; ticket: next working day; info: shown but never notified'),
  labels: z
    .record(labelName, z.string().max(200))
    .default({})
    .describe('extra labels on the alert, e.g. { team: shop }'),
  annotations: z
    .record(labelName, z.string().max(2_000))
    .default({})
    .describe('summary, description and other text; {{ $labels.service }} and {{ $value }} are filled in'),
  runbook: id.optional().describe('the id of the doc in `docs` that on-call should open for this alert'),
});

export const DashboardsSchema = z
  .array(DashboardSchema)
  .max(50)
  .describe('dashboards the team had before the incident: panels of PromQL over the simulated metrics');

export const AlertRulesSchema = z
  .array(AlertRuleSchema)
  .max(100)
  .describe('Prometheus alert rules evaluated over the simulated metrics; they fire into the inbox');

/** A dashboard as validated. */
export type Dashboard = z.output<typeof DashboardSchema>;
/** An alert rule as validated. */
export type AlertRule = z.output<typeof AlertRuleSchema>;

// The team's tools run somewhere: a Prometheus on the cluster that is failing, a log shipper whose traffic
// crosses the gateway that is saturated. While that component fails, the tool degrades as it would in life.

const dependsOn = id.describe(
  'the service this tool runs on or reaches its store through: while it is failing (a fault in force on it, or no instance up), the tool degrades',
);

/**
 * How far back a store keeps what it was sent, counted back from the window's end: a window of days keeps
 * its metrics for all of it (the baseline of last week), its log lines and traces for the last hours only,
 * as a Loki or Tempo with a retention period would. Before that, queries find nothing and say so.
 */
const retention = durationWithin({ min: '1h', max: SCHEMA_LIMITS.window }).describe(
  "how far back from the window's end this store keeps its data (e.g. 24h); nothing older can be queried",
);

export const ToolDependenciesSchema = z
  .strictObject({
    metrics: z
      .strictObject({ dependsOn })
      .optional()
      .describe('while it fails no scrape is stored: dashboards go blank, absent() is true'),
    logs: z
      .strictObject({
        dependsOn: dependsOn.optional(),
        lateBy: durationWithin({ min: '1s', max: SCHEMA_LIMITS.logsLateBy })
          .default('5m')
          .describe(
            'how far behind the log pipeline runs while it fails; the backlog arrives once it is back',
          ),
        retention: retention.optional(),
      })
      .optional()
      .describe(
        'while it fails, log lines arrive late: a query sees them only once the clock has passed them by `lateBy`; lines older than `retention` are gone',
      ),
    traces: z
      .strictObject({ dependsOn: dependsOn.optional(), retention: retention.optional() })
      .optional()
      .describe('while it fails, traces are dropped; traces older than `retention` are gone'),
  })
  .describe(
    "what the team's investigation tools depend on and keep: a component whose failure blanks the dashboards, delays the logs or drops the traces; how far back logs and traces go",
  );

/** What the investigation tools depend on, as validated. */
export type ToolDependencies = z.output<typeof ToolDependenciesSchema>;
