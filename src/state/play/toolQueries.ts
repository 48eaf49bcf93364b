import type { QueryAction } from '../../engine/investigation/actions.ts';
import type { AlertFiring } from '../../engine/investigation/channel.ts';
import type { ToolRequest, ToolResult } from '../../engine/investigation/tools.ts';
import { rerunRequest } from '../../engine/scoring/seenNotPinned.ts';
import type { CodeBrowseAnswer, CodeBrowseRequest } from '../../engine/views/codeBrowse.ts';
import type { LogLabelIndex } from '../../engine/views/logExplore.ts';
import type { MapTelemetry } from '../../engine/views/mapTelemetry.ts';
import type { MetricIndex } from '../../engine/views/metricIndex.ts';
import { panelTicket } from './cancelQueries.ts';
import type { PlayContext } from './playContext.ts';

/** The tools' questions to the world, none reaching past the incident clock's "now". */
export interface ToolQueries {
  /**
   * Runs a tool and records the query; `browse` marks one the page ran for the trainee (a tab opening, a
   * dashboard panel) rather than a question they asked, which efficiency does not count.
   */
  run(request: ToolRequest, isCurrent?: () => boolean, browse?: boolean): Promise<ToolResult>;
  showAgain(query: QueryAction): Promise<ToolResult>;
  browseCode(request: CodeBrowseRequest): Promise<CodeBrowseAnswer>;
  mapAt(atMs: number): Promise<MapTelemetry | undefined>;
  alertFirings(): Promise<AlertFiring[]>;
  logLabels(): Promise<LogLabelIndex>;
  metricIndex(): Promise<MetricIndex>;
}

export function createToolQueries(context: PlayContext): ToolQueries {
  const { host, actor, clock, store } = context;
  return {
    // Nothing after the incident clock's "now" exists yet, so no tool reads past it.
    run: async (request, isCurrent, browse) => {
      const endMs = Math.min(request.endMs ?? Number.POSITIVE_INFINITY, context.nowMs());
      // A panel's own query (one it may supersede or cancel) carries its ticket; the page's others none.
      const ticket = isCurrent ? panelTicket(context.store.getState(), request.tool) : undefined;
      const { result, action, discovered } = await host.runToolRecorded(
        { ...request, endMs } as ToolRequest,
        ticket,
      );
      store.getState().callsDiscovered(discovered);
      if (!isCurrent || isCurrent())
        actor.send({
          type: 'act',
          action: { ...action, at: Math.round(clock.elapsed()), ...(browse ? { browse: true } : {}) },
        });
      return result;
    },
    showAgain: (query) => host.runTool(rerunRequest(query)),
    browseCode: (request) => host.browseCode(request),
    mapAt: (atMs) => host.mapAt(Math.min(atMs, context.nowMs())),
    alertFirings: () => host.alertFirings(context.nowMs()),
    logLabels: () => host.logLabels(),
    metricIndex: () => host.metricIndex(),
  };
}
