import { describe, expect, it } from 'vitest';
import { runTool } from '../../../src/engine/investigation/tools.ts';
import { parseTimestamp } from '../../../src/engine/scenario/units.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { exploreLogs, logPage } from '../../../src/engine/views/logExplore.ts';
import { builtinScenario } from '../helpers.ts';

const scenario = builtinScenario('tutorial.yaml');
const world = simulate(scenario);
const startMs = parseTimestamp(scenario.window.start)!;
const endMs = parseTimestamp(scenario.briefing.page.at)!;

describe('paging through a log result', () => {
  const { explored, matches } = exploreLogs(world, {
    query: '{service="web"}',
    startMs,
    endMs,
    limit: 100,
    buckets: 60,
  });

  it('keeps every match, newest first, while the page gets the newest lines', () => {
    expect(explored.result.ok && explored.result.items.length).toBe(100);
    expect(explored.result.ok && explored.result.matched).toBe(matches.length);
    expect(matches.length).toBe(explored.volume?.total);
    expect(matches.every((m, i) => i === 0 || matches[i - 1]!.id > m.id)).toBe(true);
  });

  it('answers the same lines the logs tool shows, at any depth', () => {
    const deep = runTool(world, { tool: 'logs', query: '{service="web"}', startMs, endMs, limit: 5000 });
    const tool = deep.ok ? deep.items.map((i) => i.evidence) : [];
    expect(logPage(world, matches, 0, 100).items).toEqual(tool.slice(0, 100));
    expect(logPage(world, matches, 4900, 5000).items).toEqual(tool.slice(4900, 5000));
  });

  it('stops at the last match and gives each line its stream and level', () => {
    const page = logPage(world, matches, matches.length - 3, matches.length + 50);
    expect([page.from, page.items.length, page.rows.length]).toEqual([matches.length - 3, 3, 3]);
    expect(page.rows.map((r) => r.labels.service)).toEqual(['web', 'web', 'web']);
  });
});
