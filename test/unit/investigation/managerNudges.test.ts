import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MANAGER,
  MAX_NUDGES,
  managerNudges,
  NUDGE_EVERY_MS,
  NUDGE_TEXTS,
} from '../../../src/engine/investigation/managerNudges.ts';
import type { Pressure } from '../../../src/engine/views/pressure.ts';
import { budgetHelp, pressureTexts } from '../../../src/ui/investigation/pressureText.ts';
import { builtinScenario } from '../helpers.ts';
import { leaksIn, secretsOf } from '../leakProbes.ts';

const tutorial = builtinScenario('tutorial.yaml');
const PAGE = Date.parse('2026-10-25T02:05:00Z');
const MIN = 60_000;

/** The nudges' minutes after the page, with everything else as given. */
function minutes(options: {
  nowMin: number;
  statusMin?: number[];
  ongoingUntilMin?: number;
  channel?: typeof tutorial.channel;
}): number[] {
  return managerNudges({
    scenario: { channel: options.channel ?? tutorial.channel },
    pageMs: PAGE,
    nowMs: PAGE + options.nowMin * MIN,
    statusAtMs: (options.statusMin ?? []).map((m) => PAGE + m * MIN),
    ongoingAt: (t) => t < PAGE + (options.ongoingUntilMin ?? Number.POSITIVE_INFINITY) * MIN,
  }).map((item) => (item.atMs - PAGE) / MIN);
}

describe('the manager asking for an update', () => {
  it.each<[string, Parameters<typeof minutes>[0], number[]]>([
    ['nothing before the first interval', { nowMin: 14 }, []],
    ['once an interval has passed', { nowMin: 15 }, [15]],
    ['every interval while nobody answers', { nowMin: 50 }, [15, 30, 45]],
    ['not after a status update in the interval', { nowMin: 50, statusMin: [20] }, [15, 45]],
    ['an update exactly at the nudge counts for it', { nowMin: 31, statusMin: [30] }, [15]],
    ['not once the incident is over', { nowMin: 50, ongoingUntilMin: 31 }, [15, 30]],
    [
      'at most a fixed number of times',
      { nowMin: 1000 },
      Array.from({ length: MAX_NUDGES }, (_, k) => (k + 1) * 15),
    ],
  ])('%s', (_, options, expected) => {
    expect(minutes(options)).toEqual(expected);
  });

  it("speaks as the scenario's manager, in turn through the generic texts, with ids of its own", () => {
    const items = managerNudges({
      scenario: tutorial,
      pageMs: PAGE,
      nowMs: PAGE + 5 * NUDGE_EVERY_MS,
      statusAtMs: [],
      ongoingAt: () => true,
    });
    expect(
      items.map((i) =>
        i.kind === 'message' ? [i.message.id, i.message.from, i.message.role, i.message.text] : [],
      ),
    ).toEqual(
      [0, 1, 2, 3, 4].map((k) => [
        `nudge-${k + 1}`,
        'Mia (eng manager)',
        'manager',
        NUDGE_TEXTS[k % NUDGE_TEXTS.length],
      ]),
    );
  });

  it('has a speaker of its own where the channel has no manager', () => {
    const items = managerNudges({
      scenario: { channel: [] },
      pageMs: PAGE,
      nowMs: PAGE + NUDGE_EVERY_MS,
      statusAtMs: [],
      ongoingAt: () => true,
    });
    expect(items.map((i) => i.kind === 'message' && i.message.from)).toEqual([DEFAULT_MANAGER]);
  });
});

describe('what the pressure gauges and the manager say', () => {
  const pressure: Pressure = {
    atMs: PAGE,
    requests: 38_915,
    failed: 1595,
    budget: { objective: 0.999, left: 0.976776, burnRate: 43.06 },
    firings: 1,
  };

  it('reads as the header shows it', () => {
    expect(pressureTexts(pressure)).toEqual({
      budget: 'budget 97.68%',
      burn: '43× burn',
      failed: '1,595 failed',
    });
    expect(
      pressureTexts({ ...pressure, failed: 1, budget: { ...pressure.budget, burnRate: 0 } }),
    ).toMatchObject({
      burn: 'no burn',
      failed: '1 failed',
    });
  });

  it.each(readdirSync('scenarios').filter((f) => f.endsWith('.yaml')))(
    '%s: none of it gives the answer away',
    (file) => {
      const scenario = builtinScenario(file);
      const nudges = managerNudges({
        scenario,
        pageMs: PAGE,
        nowMs: PAGE + MAX_NUDGES * NUDGE_EVERY_MS,
        statusAtMs: [],
        ongoingAt: () => true,
      });
      expect(nudges).toHaveLength(MAX_NUDGES);
      const shown = [
        ...nudges.map((n) => (n.kind === 'message' ? `${n.message.from}: ${n.message.text}` : '')),
        ...Object.values(pressureTexts(pressure)),
        budgetHelp(pressure),
      ].join('\n');
      expect(leaksIn(shown, secretsOf(scenario))).toEqual([]);
      // Nor a name from the system: the texts are the same for every scenario.
      const names = [
        ...scenario.system.services.flatMap((s) => [s.id, s.name ?? s.id]),
        ...scenario.timeline.map((e) => e.id),
        ...(scenario.traffic.segments ?? []).map((s) => s.id),
      ];
      const said = nudges.map((n) => (n.kind === 'message' ? n.message.text : '')).join('\n');
      const named = (name: string) =>
        new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(said);
      expect(names.filter(named)).toEqual([]);
    },
  );
});
