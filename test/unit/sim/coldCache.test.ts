import { describe, expect, it } from 'vitest';
import { playAndJudge } from '../../../src/engine/sim/response/response.ts';
import { loadedScenario } from '../helpers.ts';
import { faultWorldText } from './faultWorld.ts';

const at = (hhmm: string) => Date.parse(`2026-03-01T${hhmm}:00Z`);

/**
 * The fault world with busier item pages: its database keeps up only because the cache answers nine
 * lookups in ten. A slow consumer is the incident; the responder restarts the cache instead.
 */
function busyShop() {
  const text = faultWorldText(
    '{ id: f, kind: queue-backlog, service: worker, trigger: change, severity: 0.4 }',
    'mitigations:\n  "restart:cache": {}\n  "restart:worker": {}',
  ).replace('rate: 12, latency: 3ms', 'rate: 40, latency: 3ms');
  const scenario = loadedScenario(text, 'fault-world.yaml');
  return scenario;
}

describe('a restart that drops a warm cache', () => {
  const scenario = busyShop();

  it('is judged worse: every lookup reaches the database until the cache fills again', () => {
    const [restart] = playAndJudge(
      scenario,
      scenario.seed,
      [{ mitigation: 'restart:cache', atMs: at('00:25') }],
      at('01:40'),
    ).effects;
    expect(restart!.outcome).toBe('worse');
    expect(restart!.damage).toBe(
      'cache came back empty: its lookups went to the services behind it until it filled again',
    );
    expect(restart!.after.affected).toBeGreaterThan(restart!.without.affected * 2);
    // Fifteen minutes on the cache holds what it held: forty to sixty minutes later nothing is left of it.
    expect(restart!.later!.with.affected).toBeLessThanOrEqual(restart!.later!.without.affected * 1.1 + 10);
  });

  it('leaves the other restarts as they were: a worker restarted comes back with nothing to lose', () => {
    const [restart] = playAndJudge(
      scenario,
      scenario.seed,
      [{ mitigation: 'restart:worker', atMs: at('00:25') }],
      at('01:40'),
    ).effects;
    expect(restart!.outcome).not.toBe('worse');
    expect(restart!.damage).toBeUndefined();
  });
});
