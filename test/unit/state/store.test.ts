import { describe, expect, it } from 'vitest';
import { EMPTY_INVESTIGATION } from '../../../src/engine/investigation/notebook.ts';
import type { ToolResult } from '../../../src/engine/investigation/tools.ts';
import { playerView } from '../../../src/engine/scenario/playerView.ts';
import type { AppState } from '../../../src/state/store.ts';
import { createAppStore, EMPTY_LOG_VIEW, EMPTY_METRICS_VIEW, IDLE_WORLD } from '../../../src/state/store.ts';
import { builtinScenario } from '../helpers.ts';

const tutorial = builtinScenario('tutorial.yaml');
const flow = { actions: [], notebook: EMPTY_INVESTIGATION, hintDue: false };

/** A trace as the traces tool opens it: web calls cart twice, cart calls db, and cart logs in itself. */
const openedTrace: ToolResult = {
  ok: true,
  tool: 'traces',
  query: 'abc',
  scope: {},
  matched: 1,
  items: (
    [
      ['s1', '', 'web'],
      ['s2', 's1', 'cart'],
      ['s3', 's2', 'cart'],
      ['s4', 's3', 'db'],
      ['s5', 's1', 'cart'],
    ] as const
  ).map(([spanId, parentSpanId, service]) => ({
    evidence: {
      kind: 'span' as const,
      ref: `span:abc/${spanId}`,
      traceId: 'abc',
      spanId,
      service,
      operation: 'op',
      status: 'ok' as const,
      startMs: 0,
      durationMs: 1,
    },
    span: { parentSpanId, kind: 'server' as const, attributes: {} },
  })),
};

/** Each named action, what it is given, and the part of the state it leaves behind. */
const cases: {
  name: string;
  act: (s: AppState) => void;
  read: (s: AppState) => unknown;
  expected: unknown;
}[] = [
  { name: 'showTool', act: (s) => s.showTool('traces'), read: (s) => s.tab, expected: 'traces' },
  { name: 'showBoard', act: (s) => s.showBoard(false), read: (s) => s.boardOpen, expected: false },
  { name: 'showShortcuts', act: (s) => s.showShortcuts(true), read: (s) => s.shortcutsOpen, expected: true },
  {
    name: 'scopeLogsTo keeps the range and names the query',
    act: (s) => {
      s.setLogRange(15);
      s.scopeLogsTo({ service: 'cart', contains: 'TypeError', query: '{service="cart"} |= "TypeError"' });
    },
    read: (s) => s.logView,
    expected: {
      ...EMPTY_LOG_VIEW,
      rangeMinutes: 15,
      service: 'cart',
      contains: 'TypeError',
      query: '{service="cart"} |= "TypeError"',
    },
  },
  {
    name: 'setMetricsRange drops the zoom',
    act: (s) => {
      s.zoomMetrics({ startMs: 1, endMs: 2 });
      s.setMetricsRange(60);
    },
    read: (s) => s.metricsView,
    expected: { ...EMPTY_METRICS_VIEW, rangeMinutes: 60 },
  },
  {
    name: 'zoomLogs keeps the window dragged on the volume',
    act: (s) => s.zoomLogs({ startMs: 1, endMs: 2 }),
    read: (s) => s.logView,
    expected: { ...EMPTY_LOG_VIEW, zoom: { startMs: 1, endMs: 2 } },
  },
  {
    name: 'setLogRange drops the zoom',
    act: (s) => {
      s.zoomLogs({ startMs: 1, endMs: 2 });
      s.setLogRange(60);
    },
    read: (s) => s.logView,
    expected: { ...EMPTY_LOG_VIEW, rangeMinutes: 60 },
  },
  {
    name: 'editTraceForm changes only the fields given',
    act: (s) => {
      s.editTraceForm({ service: 'cart' });
      s.editTraceForm({ status: 'error' });
    },
    read: (s) => [s.tracesView.form.service, s.tracesView.form.status, s.tracesView.form.operation],
    expected: ['cart', 'error', ''],
  },
  {
    name: 'showMapAt keeps the telemetry shown until the next arrives',
    act: (s) => {
      s.mapTelemetryArrived({ atMs: 0, edges: {}, discovered: [], alerts: {}, builds: {} });
      s.showMapAt(5);
    },
    read: (s) => s.mapView,
    expected: {
      atMs: 5,
      telemetry: { atMs: 0, edges: {}, discovered: [], alerts: {}, builds: {} },
      discovered: [],
    },
  },
  {
    name: 'callsDiscovered keeps each call the world host reported, once, in the order found',
    act: (s) => {
      s.callsDiscovered([{ from: 'cart', to: 'fraud' }]);
      s.callsDiscovered([
        { from: 'cart', to: 'fraud' },
        { from: 'web', to: 'ads' },
      ]);
    },
    read: (s) => s.mapView.discovered,
    expected: ['cart>fraud', 'web>ads'],
  },
  {
    name: 'mapTelemetryArrived takes the discovered calls the telemetry carries',
    act: (s) =>
      s.mapTelemetryArrived({
        atMs: 0,
        edges: {},
        discovered: [{ from: 'cart', to: 'fraud' }],
        alerts: {},
        builds: {},
      }),
    read: (s) => s.mapView.discovered,
    expected: ['cart>fraud'],
  },
  {
    name: 'traceOpened shows the trace and discovers nothing itself: the world host says what was found',
    act: (s) => s.traceOpened(openedTrace, s.traceQueryStarted()),
    read: (s) => [s.tracesView.trace === openedTrace, s.mapView.discovered],
    expected: [true, []],
  },
  {
    name: 'worldProgressed only moves a world that is generating',
    act: (s) => s.worldProgressed(0.5),
    read: (s) => s.world,
    expected: IDLE_WORLD,
  },
  {
    name: 'leaveScenario empties the tools, brings the logs to the front and forgets the score',
    act: (s) => {
      s.worldOpened(playerView(tutorial), { logLines: 3, instances: {} });
      s.scenarioRevealed(tutorial);
      s.editLogQuery('{service="web"}');
      s.showTool('traces');
      s.responseJudged([]);
      s.settleScore();
      s.leaveScenario({ ...flow, phase: 'menu' });
    },
    read: (s) => [s.scenario, s.revealed, s.world, s.logView, s.report, s.effects, s.phase, s.tab],
    // The query count moves on, so an answer still on its way from the old world is dropped.
    expected: [
      undefined,
      undefined,
      IDLE_WORLD,
      { ...EMPTY_LOG_VIEW, queryId: 1 },
      undefined,
      undefined,
      'menu',
      'logs',
    ],
  },
  {
    name: 'notify then dismissNotice',
    act: (s) => {
      s.notify('hello');
      s.dismissNotice();
    },
    read: (s) => s.notice,
    expected: undefined,
  },
];

describe('the store', () => {
  for (const c of cases)
    it(c.name, () => {
      const store = createAppStore();
      c.act(store.getState());
      expect(c.read(store.getState())).toEqual(c.expected);
    });

  it('has no generic setter: every change goes through a named action', () => {
    const state = createAppStore().getState() as unknown as Record<string, unknown>;
    expect(
      ['set', 'setLogView', 'setMetricsView', 'setTracesView', 'setCodeView'].filter((k) => k in state),
    ).toEqual([]);
  });
});
