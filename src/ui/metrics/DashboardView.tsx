import { useState } from 'preact/hooks';
import type { ToolResult } from '../../engine/investigation/tools.ts';
import type { Dashboard } from '../../engine/scenario/observabilitySchema.ts';
import type { Session } from '../../state/session.ts';
import { QueryNotices } from '../shell/QueryNotices.tsx';
import { useMoment } from '../shell/useMoment.ts';
import { useStore } from '../useStore.ts';
import { chartOf } from './chartData.ts';
import { metricsWindow, runMetricsQuery } from './runMetrics.ts';
import { formatValue, legendOf } from './seriesFormat.ts';
import { TimeChart } from './TimeChart.tsx';

type Panel = Dashboard['panels'][number];

/** Answers of each dashboard opened in a session, kept while the trainee moves between tabs. */
const opened = new WeakMap<Session, Map<string, readonly (readonly ToolResult[])[]>>();

/** Runs every query of every panel (each is a query the trainee made, as opening it in Grafana is). */
async function openDashboard(
  session: Session,
  dashboard: Dashboard,
): Promise<readonly (readonly ToolResult[])[]> {
  const window = metricsWindow(session);
  const answers: ToolResult[][] = [];
  for (const panel of dashboard.panels) {
    const results: ToolResult[] = [];
    for (const q of panel.queries)
      results.push(await session.runTool({ tool: 'metrics', query: q.expr, ...window }, undefined, true));
    answers.push(results);
  }
  return answers;
}

/** The scenario's dashboards: pick one to see its panels as a grid of charts over the explorer's window. */
export function DashboardView({ session }: { session: Session }) {
  const scenario = useStore(session.store, (s) => s.scenario)!;
  const chosen = useStore(session.store, (s) => s.metricsView.dashboard);
  const [, redraw] = useState(0);
  const [loading, setLoading] = useState(false);
  const byId = opened.get(session) ?? new Map<string, readonly (readonly ToolResult[])[]>();
  opened.set(session, byId);
  const dashboard = scenario.dashboards.find((d) => d.id === chosen);
  const answers = dashboard ? byId.get(dashboard.id) : undefined;

  const open = async (d: Dashboard) => {
    session.store.getState().showDashboard(d.id);
    setLoading(true);
    byId.set(d.id, await openDashboard(session, d));
    setLoading(false);
    redraw((n) => n + 1);
  };

  return (
    <section class="dashboards" aria-label="Dashboards">
      <h3>Dashboards</h3>
      <div class="dashboard-picker">
        {scenario.dashboards.map((d) => (
          <button
            type="button"
            key={d.id}
            aria-pressed={d.id === chosen}
            title={d.description}
            onClick={() => void open(d)}
          >
            {d.title}
          </button>
        ))}
      </div>
      {loading && <p class="muted">Loading the panels…</p>}
      {/* Every panel covers the same window, so what the stores no longer keep is said once, above them. */}
      {dashboard && answers && <QueryNotices result={answers.flat().find((r) => r.ok)} />}
      {dashboard && answers && (
        <div class="panel-grid">
          {dashboard.panels.map((panel, i) => (
            <DashboardPanel key={panel.title} session={session} panel={panel} results={answers[i] ?? []} />
          ))}
        </div>
      )}
    </section>
  );
}

function DashboardPanel({
  session,
  panel,
  results,
}: {
  session: Session;
  panel: Panel;
  results: readonly ToolResult[];
}) {
  const moment = useMoment(session);
  const failed = results.find((r) => !r.ok);
  const charts = results.map((r, i) =>
    chartOf(r, (e) => legendOf(panel.queries[i]?.legend, e.labels), panel.unit),
  );
  const data = {
    xs: charts.find((c) => c.xs.length)?.xs ?? [],
    ys: charts.flatMap((c) => c.ys),
    names: charts.flatMap((c) => c.names),
    labels: charts.flatMap((c) => c.labels ?? []),
    unit: panel.unit,
    range: charts.find((c) => c.range)?.range,
  };
  // Every query of a panel runs over the same window and step, so their times line up.
  const aligned = charts.every((c) => c.xs.length === 0 || c.xs.length === data.xs.length);
  const answered = results.find((r) => r.ok);
  const scope = answered?.ok ? answered.scope : undefined;
  const lastValues = data.ys.map((col) => [...col].reverse().find((v) => v !== null) ?? null);
  return (
    <article class="dash-panel" aria-label={panel.title}>
      <header>
        <h4 title={panel.description}>{panel.title}</h4>
        <button
          type="button"
          class="link"
          aria-label={`Explore ${panel.title}`}
          onClick={() => void runMetricsQuery(session, panel.queries[0]!.expr)}
        >
          Explore
        </button>
      </header>
      {failed && !failed.ok ? (
        <p class="muted">This panel's query failed: {failed.errors[0]?.message}</p>
      ) : data.names.length === 0 || !aligned ? (
        <p class="muted">No data.</p>
      ) : (
        <TimeChart
          data={data}
          height={150}
          summary={`${panel.title} from ${moment(scope?.startMs ?? 0)} to ${moment(scope?.endMs ?? 0)} UTC, latest: ${data.names
            .map((n, i) => `${n} ${formatValue(lastValues[i], panel.unit)}`)
            .join(', ')}`}
        />
      )}
    </article>
  );
}
