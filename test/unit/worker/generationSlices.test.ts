import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../../src/engine/scenario/units.ts';
import { createRun } from '../../../src/engine/sim/simulate.ts';
import { GENERATION_SLICE_MS, WorldHost } from '../../../src/worker/worldHost.ts';
import { builtinScenario, scenarioText } from '../helpers.ts';

describe('opening a world', () => {
  it('gives the event loop a turn after each slice of game time, and makes the same world', async () => {
    const host = new WorldHost([{ file: 'scenarios/tutorial.yaml', text: scenarioText('tutorial.yaml') }]);
    // Counts the turns other work (a server's other requests) gets while the world generates.
    let turns = 0;
    let opening = true;
    const turn = () => {
      if (!opening) return;
      turns++;
      setTimeout(turn, 0);
    };
    setTimeout(turn, 0);
    const opened = await host.open('tutorial');
    opening = false;

    const scenario = builtinScenario('tutorial.yaml');
    const pageMs = parseTimestamp(scenario.briefing.page.at)!;
    const run = createRun(scenario, scenario.seed);
    const slices = Math.ceil((pageMs - run.nowMs) / GENERATION_SLICE_MS);
    expect(slices).toBeGreaterThan(5);
    expect(turns).toBeGreaterThanOrEqual(slices - 1);

    // In one go, the same run gives the same lines.
    run.advanceTo(pageMs);
    const whole = run.world().logs;
    expect(opened).toMatchObject({ ok: true, logLines: whole.size });
    const sliced = host.runTool({ tool: 'logs', query: '{service=~".+"}', limit: 5000, endMs: pageMs });
    const straight = Array.from({ length: Math.min(5000, whole.size) }, (_, k) =>
      whole.line(whole.size - 1 - k),
    );
    expect(sliced.ok && sliced.items.map((i) => (i.evidence.kind === 'log' ? i.evidence.line : ''))).toEqual(
      straight,
    );
  });
});
