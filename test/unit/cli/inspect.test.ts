import { describe, expect, it } from 'vitest';
import { inspectCommand, summarise } from '../../../src/cli/inspect.ts';
import type { Output } from '../../../src/cli/output.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

/** An Output that keeps what a command printed. */
function captured(json: boolean): Output & { text: () => string } {
  const out: string[] = [];
  return { json, out: (t) => out.push(t), err: (t) => out.push(`ERR ${t}`), text: () => out.join('\n') };
}

const tutorial = builtinScenario('tutorial.yaml');

/** The tutorial with three more rules: one every pod fires, one that never holds, one never held long enough. */
const withRules: Scenario = {
  ...tutorial,
  alerts: [
    ...tutorial.alerts,
    { ...tutorial.alerts[0]!, alert: 'PodUp', expr: 'up == 1', for: '1m', severity: 'info' },
    { ...tutorial.alerts[0]!, alert: 'NeverTrue', expr: 'up > 1', for: '0s', severity: 'ticket' },
    { ...tutorial.alerts[0]!, alert: 'TooSlowToFire', expr: 'up == 1', for: '10h', severity: 'ticket' },
  ],
};

describe('twoam inspect: alert firings', () => {
  const world = simulate(withRules);
  const summary = summarise(world, world.code);
  /** `up` series that were scraped for at least the PodUp rule's minute: each fires once. */
  const upSeries = world.metrics.series.filter((s) => s.labels.__name__ === 'up');
  const longLived = upSeries.filter((s) => s.ts[s.ts.length - 1]! - s.ts[0]! >= 60_000);

  it('lists every rule in file order with how many times it fired', () => {
    expect(summary.alertErrors).toEqual([]);
    expect(summary.alerts.map((a) => [a.alert, a.severity, a.firings, a.pendingOnly])).toEqual([
      ['CheckoutErrorRate', 'page', 1, 0],
      ['PodUp', 'info', longLived.length, upSeries.length - longLived.length],
      ['NeverTrue', 'ticket', 0, 0],
      ['TooSlowToFire', 'ticket', 0, upSeries.length],
    ]);
    expect(summary.counts.alertFirings).toBe(1 + longLived.length);
  });

  it('says when each rule first fired: the tutorial page after the deploy, each pod a minute after its first scrape', () => {
    const [checkout, podUp, never] = summary.alerts;
    expect(Date.parse(checkout!.firstFiringAt!)).toBeGreaterThan(Date.parse('2026-10-25T01:40:00Z'));
    expect(podUp!.firstFiringAt).toBe(new Date(world.startMs + 60_000).toISOString());
    expect(never!.firstFiringAt).toBeUndefined();
  });

  it('prints a line per rule in the text output and the same numbers with --json', async () => {
    const text = captured(false);
    expect(await inspectCommand(['scenarios/tutorial.yaml'], undefined, text)).toBe(0);
    const lines = text.text().split('\n');
    const at = lines.indexOf('alert firings:');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(
      /^ {2}CheckoutErrorRate {2}page {4}fired 1 time, first at 2026-10-25T01:\d\d:\d\d\.\d{3}Z$/,
    );
    expect(lines).toContain('  alertFirings 1');

    const json = captured(true);
    expect(await inspectCommand(['scenarios/tutorial.yaml'], undefined, json)).toBe(0);
    const parsed = JSON.parse(json.text()) as ReturnType<typeof summarise>;
    const plain = summarise(simulate(tutorial), undefined);
    expect(parsed.alerts).toEqual(plain.alerts);
    expect(parsed.counts.alertFirings).toBe(1);
  });
});
