import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { healthOf, replayOf } from '../../../src/engine/views/replay.ts';
import { faultStartMs, replayMoments } from '../../../src/engine/views/replayMoments.ts';
import { builtinScenario } from '../helpers.ts';

describe('the debrief replay', () => {
  const scenario = builtinScenario('tutorial.yaml');
  const world = simulate(scenario);
  const replay = replayOf(world, world.startMs, Date.parse('2026-10-25T02:10:00Z'));
  const at = (iso: string) => replay.frames.find((f) => f.atMs === Date.parse(iso))!;

  it('steps a minute at a time through the window, up to the moment asked', () => {
    expect(replay.stepMs).toBe(60_000);
    expect(replay.frames.length).toBe(71);
    expect(replay.frames.at(-1)!.atMs).toBe(Date.parse('2026-10-25T02:10:00Z'));
  });

  it.each([
    ['before the deploy', '2026-10-25T01:35:00Z', { web: 'ok', cart: 'ok', 'cart-db': 'ok' }, 0],
    [
      'once the deploy is out',
      '2026-10-25T01:50:00Z',
      { web: 'erroring', cart: 'failing', 'cart-db': 'ok' },
      0.08,
    ],
  ])('colours services and calls from the telemetry %s', (_, iso, health, webCartErrors) => {
    const frame = at(iso);
    expect(Object.fromEntries(Object.entries(frame.services).map(([id, s]) => [id, s.health]))).toEqual(
      health,
    );
    expect(Math.round(frame.edges['web>cart']!.errorRatio * 100) / 100).toBe(webCartErrors);
  });

  it('marks the fault at its trigger, the symptoms as they spread, and the page', () => {
    expect(faultStartMs(scenario)).toBe(Date.parse('2026-10-25T01:40:00Z'));
    const moments = replayMoments(scenario, replay, []).map((m) => [
      new Date(m.atMs).toISOString().slice(11, 16),
      m.kind,
      m.service ?? '',
    ]);
    expect(moments).toEqual([
      ['01:40', 'fault', 'cart'],
      ['01:41', 'symptom', 'web'],
      ['01:41', 'symptom', 'cart'],
      ['02:05', 'page', ''],
    ]);
  });

  it('says what each symptom was and what each mitigation did', () => {
    // What it did is judged elsewhere; the moment only tells its verdict.
    const quiet = { requests: 0, affected: 0, failed: 0, rejected: 0, slow: 0, meanMs: 0 };
    const rollback = {
      mitigation: 'rollback:deploy-cart-2-4-1',
      atMs: Date.parse('2026-10-25T02:06:00Z'),
      doneMs: Date.parse('2026-10-25T02:11:00Z'),
      outcome: 'cleared' as const,
      before: quiet,
      after: quiet,
      without: quiet,
    };
    expect(replayMoments(scenario, replay, [rollback]).map((m) => m.text)).toEqual([
      'The fault begins: cart, bad deploy (code defect)',
      'web starts returning errors (4% of its requests)',
      'cart starts failing (8% of its requests)',
      'You are paged: [FIRING] CheckoutErrorRate: web POST /checkout 5xx above 5%',
      'You applied Roll back cart 2.4.1 (deployed 01:40): it cleared the symptoms',
    ]);
  });

  it.each([
    [0, 0, undefined, undefined, 'idle'],
    [10, 0.05, 50, 50, 'failing'],
    [10, 0.01, 250, 100, 'slow'],
    [10, 0.01, 50, 50, 'erroring'],
    [10, 0, 5, 2, 'ok'],
    [10, 0, 150, 100, 'ok'],
  ] as const)('judges rate %d, errors %d, p95 %s against %s as %s', (rate, errors, p95, quietest, health) => {
    expect(healthOf(rate, errors, p95, quietest)).toBe(health);
  });
});
