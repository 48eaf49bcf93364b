import { describe, expect, it } from 'vitest';
import { conditionVocabulary } from '../../../src/engine/investigation/conditionVocabulary.ts';
import type { ToolRequest, ToolResult } from '../../../src/engine/investigation/tools.ts';
import { parseTimestamp } from '../../../src/engine/scenario/units.ts';
import { withDiscovered } from '../../../src/state/slices/toolViews.ts';
import { WorldHost } from '../../../src/worker/worldHost.ts';
import { scenarioText } from '../helpers.ts';

// A call the team's diagram leaves out reaches the page only once the trainee's own traces or logs have
// shown it: the player's view, the map telemetry and the chain's vocabulary know nothing of it before.

const FILE = 'scenarios/tutorial.yaml';
/** The tutorial with its call from cart to its database missing from the diagram. */
const TEXT = scenarioText('tutorial.yaml').replace(
  '- { from: cart, to: cart-db, timeout: 1s }',
  '- { from: cart, to: cart-db, timeout: 1s, undocumented: true }',
);
/** The tutorial with its call from web to cart missing from the diagram instead. */
const WEB_TEXT = scenarioText('tutorial.yaml').replace(
  '- { from: web, to: cart, timeout: 2s, retries: 0 }',
  '- { from: web, to: cart, timeout: 2s, retries: 0, undocumented: true }',
);
const PAGE_MS = parseTimestamp('2026-10-25T02:05:00Z')!;

async function opened(text = TEXT): Promise<WorldHost> {
  const host = new WorldHost([{ file: FILE, text }]);
  const result = await host.open('tutorial', undefined, undefined, { elapsedMs: 0 });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  return host;
}

const range = { startMs: PAGE_MS - 30 * 60_000, endMs: PAGE_MS };

/** The request that opens one trace through cart, which queries its database (a database writes no spans). */
function traceRequest(host: WorldHost): ToolRequest {
  const search = host.runTool({
    tool: 'traces',
    query: 'service=cart name="GET /api/cart"',
    limit: 1,
    ...range,
  });
  if (!search.ok || search.items[0]?.evidence.kind !== 'trace') throw new Error('no trace through cart');
  return { tool: 'traces', query: search.items[0].evidence.traceId, ...range };
}

/** The spans of one trace through cart and its database. */
function traceThroughDb(host: WorldHost): ToolResult {
  return host.runTool(traceRequest(host));
}

describe('a call missing from the diagram', () => {
  it('is not in the player view, the map or any answer before it is discovered', async () => {
    const host = new WorldHost([{ file: FILE, text: TEXT }]);
    const result = await host.open('tutorial');
    if (!result.ok) throw new Error('the tutorial does not open');
    expect(result.scenario.system.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['web>cart']);
    expect(JSON.stringify(result)).not.toContain('undocumented');
    const map = host.mapAt(PAGE_MS)!;
    expect(Object.keys(map.edges)).toEqual(['web>cart']);
    expect(map.discovered).toEqual([]);
    // Logs and metrics that do not show the call find nothing.
    const logs = host.runToolRecorded({ tool: 'logs', query: '{service="web"}', limit: 50, ...range });
    expect(logs.discovered).toEqual([]);
    expect(host.discovered()).toEqual([]);
  });

  it('is discovered once a trace the trainee opened shows a span of cart calling its database', async () => {
    const host = await opened();
    // A search lists traces, not their spans: nothing is shown of the call yet.
    host.runTool({ tool: 'traces', query: 'service=cart', limit: 20, ...range });
    expect(host.discovered()).toEqual([]);
    const trace = traceThroughDb(host);
    expect(trace.ok && trace.items.some((i) => i.evidence.kind === 'span')).toBe(true);
    expect(host.discovered()).toEqual([{ from: 'cart', to: 'cart-db' }]);
    const recorded = host.runToolRecorded({ tool: 'changes', ...range });
    expect(recorded.discovered).toEqual([{ from: 'cart', to: 'cart-db' }]);
    const map = host.mapAt(PAGE_MS)!;
    expect(Object.keys(map.edges)).toEqual(['web>cart', 'cart>cart-db']);
    expect(map.edges['cart>cart-db']!.rate).toBeGreaterThan(0);
    expect(map.discovered).toEqual([{ from: 'cart', to: 'cart-db' }]);
  });

  it("is discovered by a log line of one side that names the other (web's proxy naming its upstream)", async () => {
    const host = await opened(WEB_TEXT);
    const quiet = host.exploreLogs({
      query: '{service="web"} |= "GET /product"',
      limit: 20,
      buckets: 10,
      ...range,
    });
    expect(quiet.result.ok && quiet.result.items.length).toBeGreaterThan(0);
    expect(quiet.discovered).toEqual([]);
    const explored = host.exploreLogs({
      query: '{service="web"} |= "upstream"',
      limit: 20,
      buckets: 10,
      startMs: PAGE_MS - 60 * 60_000,
      endMs: PAGE_MS,
    });
    expect(explored.result.ok && explored.result.items.length).toBeGreaterThan(0);
    expect(explored.discovered).toEqual([{ from: 'web', to: 'cart' }]);
  });

  it("joins the chain's vocabulary once discovered", async () => {
    const host = new WorldHost([{ file: FILE, text: TEXT }]);
    const result = await host.open('tutorial');
    if (!result.ok) throw new Error('the tutorial does not open');
    const onDb = (s: Parameters<typeof conditionVocabulary>[0]) =>
      conditionVocabulary(s).filter((c) => c.id.includes('cart>cart-db')).length;
    expect(onDb(result.scenario)).toBe(0);
    traceThroughDb(host);
    const known = withDiscovered(
      result.scenario,
      host.discovered().map((c) => `${c.from}>${c.to}`),
    );
    expect(known.system.edges.map((e) => [e.from, e.to, e.undocumented])).toEqual([
      ['web', 'cart', undefined],
      ['cart', 'cart-db', true],
    ]);
    expect(onDb(known)).toBeGreaterThan(0);
  });

  it('is found again when a saved play is reopened, from the traces it had opened', async () => {
    const first = await opened();
    const { action } = first.runToolRecorded(traceRequest(first));
    const again = new WorldHost([{ file: FILE, text: TEXT }]);
    const result = await again.open('tutorial', undefined, undefined, {
      elapsedMs: 0,
      actions: [{ ...action, at: 0 }],
    });
    expect(result.ok && result.discovered).toEqual([{ from: 'cart', to: 'cart-db' }]);
    expect(Object.keys(again.mapAt(PAGE_MS)!.edges)).toEqual(['web>cart', 'cart>cart-db']);
  });

  it('starts hidden again in the next world opened', async () => {
    const host = await opened();
    traceThroughDb(host);
    await host.open('tutorial', 3);
    expect(host.discovered()).toEqual([]);
    expect(Object.keys(host.mapAt(PAGE_MS)!.edges)).toEqual(['web>cart']);
  });
});
