import { describe, expect, it } from 'vitest';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { instantQuery } from '../../../src/engine/query/promql/index.ts';
import { checkResponseRefs } from '../../../src/engine/scenario/responseRefs.ts';
import type { Mitigations } from '../../../src/engine/scenario/responseSchema.ts';
import type { Scenario } from '../../../src/engine/scenario/schema.ts';
import { hashString } from '../../../src/engine/sim/model/rng.ts';
import type { ResponseStep } from '../../../src/engine/sim/response/response.ts';
import {
  judge,
  judgeResponse,
  mitigationOf,
  pageTime,
  playAndJudge,
  playResponse,
} from '../../../src/engine/sim/response/response.ts';
import type { Run } from '../../../src/engine/sim/run.ts';
import type { World } from '../../../src/engine/world/world.ts';
import { builtinScenario } from '../helpers.ts';

const MIN = 60_000;

const ROLLBACK = 'rollback:deploy-cart-2-4-1';
const RESTART = 'restart:cart';
const LIMIT = 'rate-limit:coupon-shoppers';
const SCALE = 'scale:cart:6';

/** How the tests weigh the tutorial's actions, whatever its file says: costs set for some, one right. */
const VERDICTS: Mitigations = {
  [ROLLBACK]: { right: true, cost: '4m' },
  [RESTART]: { right: false, cost: '3m' },
  [LIMIT]: { right: false },
  [SCALE]: { right: false, cost: '2m' },
};

/** The tutorial weighed as above. */
function tutorial(): Scenario {
  return { ...builtinScenario('tutorial.yaml'), mitigations: VERDICTS };
}

/** A hash of what the world holds before `t`: log entries, samples and spans that started before it. */
function digestBefore(world: World, t: number): string {
  let h = 0x811c9dc5;
  let lines = 0;
  for (let id = 0; id < world.logs.size; id++) {
    if (world.logs.tsMs(id) >= t) continue;
    lines++;
    h = hashString(`${world.logs.tsMs(id)}|${world.logs.streamOf(id).key}|${world.logs.line(id)}\n`, h);
  }
  for (const s of world.metrics.series) {
    const n = s.ts.findIndex((x) => x > t);
    const k = n < 0 ? s.ts.length : n;
    if (k > 0) h = hashString(`${s.key}:${s.ts.slice(0, k).join(',')}:${s.values.slice(0, k).join(',')}`, h);
  }
  let spans = 0;
  for (let row = 0; row < world.traces.size; row++) {
    const span = world.traces.span(row);
    if (span.startMs >= t) continue;
    spans++;
    h = hashString(JSON.stringify(span), h);
  }
  return `${lines}/${spans}:${h.toString(16)}`;
}

const cartErrors = (world: World, fromMs: number, toMs: number): number =>
  searchLogs(world, {
    service: 'cart',
    contains: "reading 'percent'",
    startMs: fromMs,
    endMs: toMs,
    limit: 1,
  }).matched;

/** The value of a PromQL expression that answers one sample (0 when it answers none). */
const value = (world: World, expr: string, atMs: number): number => {
  const r = instantQuery(world.metrics, expr, atMs);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value.resultType === 'vector' ? (r.value.result[0]?.v ?? 0) : Number.NaN;
};

describe('a mitigation', () => {
  const scenario = tutorial();
  const page = pageTime(scenario);
  const until = page + 40 * MIN;
  const play = (steps: ResponseStep[]): Run => playResponse(scenario, scenario.seed, steps, until);
  const base = play([]);
  const rollback = play([{ mitigation: ROLLBACK, atMs: page }]);

  it('leaves the world before it byte-identical', () => {
    expect(digestBefore(rollback.world(), page)).toBe(digestBefore(base.world(), page));
    expect(digestBefore(base.world(), page)).toMatch(/^[1-9]\d*\/[1-9]\d*:/);
  });

  it('a rollback restores the behaviour from before the bad deploy once it is done', () => {
    const done = page + 4 * MIN;
    const rolledBack = rollback.world();
    // The faulty code path logged its crash before the rollback and keeps doing so without it.
    expect(cartErrors(rolledBack, page - 10 * MIN, page)).toBeGreaterThan(0);
    expect(cartErrors(base.world(), done + MIN, until)).toBeGreaterThan(0);
    expect(cartErrors(rolledBack, done + MIN, until)).toBe(0);
    const errors5xx = 'sum(rate(http_server_requests_total{service="web",status=~"5.."}[5m]))';
    expect(value(base.world(), errors5xx, until - MIN)).toBeGreaterThan(0);
    expect(value(rolledBack, errors5xx, until - MIN)).toBe(0);
    // The change log lists the rollback at its time, and the pods that replaced the faulty ones started.
    expect(rolledBack.changes?.map((c) => [c.kind, c.service, c.version])).toEqual([
      ['rollback', 'cart', '2.4.0'],
    ]);
    const events = searchLogs(rolledBack, {
      service: 'cart',
      contains: 'rollback to 2.4.0',
      startMs: page,
      endMs: until,
      limit: 10,
    });
    expect(events.matched).toBe(1);
  });

  it('gives the same world for the same actions at the same times', () => {
    const again = play([{ mitigation: ROLLBACK, atMs: page }]);
    expect(digestBefore(again.world(), until)).toBe(digestBefore(rollback.world(), until));
  });

  it('is judged by what users went through: the right one clears, plausible wrong ones do not', () => {
    const outcome = (id: string, run: Run) =>
      judgeResponse([base, run], [{ mitigation: id, atMs: page }])[0]!.outcome;
    expect(outcome(ROLLBACK, rollback)).toBe('cleared');
    expect(outcome(RESTART, play([{ mitigation: RESTART, atMs: page }]))).toBe('no change');
    // Turning the cohort away hides the 5xx from dashboards while more of those users fail.
    const limited = play([{ mitigation: LIMIT, atMs: page }]);
    expect(outcome(LIMIT, limited)).toBe('worse');
    const turnedAway = value(
      limited.world(),
      'sum(increase(http_server_requests_total{status="429"}[10m]))',
      until,
    );
    expect(turnedAway).toBeGreaterThan(100);
  });

  it('credits each of several actions with what it did, not what an earlier one still does', () => {
    // The limit is still turning users away when the rollback lands: the rollback still cleared the bug.
    const steps = [
      { mitigation: LIMIT, atMs: page },
      { mitigation: ROLLBACK, atMs: page + 5 * MIN },
    ];
    const { effects } = playAndJudge(scenario, scenario.seed, steps, until);
    expect(effects.map((e) => [e.mitigation, e.outcome])).toEqual([
      [LIMIT, 'worse'],
      [ROLLBACK, 'cleared'],
    ]);
    expect(effects[1]!.after.rejected).toBeGreaterThan(0);
  });

  it('judges a slow fix from runs that keep only their health, whatever its cost', () => {
    // A rollback that takes four hours: the runs go four hours past the page and keep no telemetry.
    const slow: Scenario = {
      ...scenario,
      mitigations: { ...VERDICTS, [ROLLBACK]: { right: true, cost: '4h' } },
    };
    const steps = [{ mitigation: ROLLBACK, atMs: page }];
    const untilMs = page + 4 * 60 * MIN + 20 * MIN;
    const full = [playResponse(slow, slow.seed, [], untilMs), playResponse(slow, slow.seed, steps, untilMs)];
    const lean = playAndJudge(slow, slow.seed, steps, untilMs);
    expect(lean.effects).toEqual(judgeResponse(full, steps));
    expect(lean.effects[0]!.outcome).toBe('cleared');
    for (const run of lean.runs) {
      expect(run.nowMs).toBe(full[1]!.nowMs);
      expect([run.logs.size, run.traces.size]).toEqual([0, 0]);
      // Metric samples stop at the window's end rather than following the run.
      const world = run.world();
      const longest = Math.max(...world.metrics.series.map((x) => x.ts.length));
      expect(longest).toBeLessThanOrEqual(
        (Date.parse(slow.window.end) - Date.parse(slow.window.start)) / 15_000 + 1,
      );
    }
    expect(full[1]!.traces.size).toBeGreaterThan(0);
  });

  it('can be played past the incident window: the world goes on', () => {
    const end = Date.parse(scenario.window.end);
    const late = playResponse(
      scenario,
      scenario.seed,
      [{ mitigation: SCALE, atMs: end - 5 * MIN }],
      end + 30 * MIN,
    );
    const world = late.world();
    expect(world.endMs).toBe(end + 30 * MIN);
    expect(value(world, 'count(up{service="cart"} == 1)', end + 25 * MIN)).toBe(6);
  });

  it('refuses a time the run has already passed, and an action the system does not have', () => {
    const run = playResponse(scenario, scenario.seed, [], page);
    expect(() => run.mitigate(mitigationOf(scenario, ROLLBACK), page - 10 * MIN)).toThrow(/past/);
    expect(() =>
      playResponse(scenario, scenario.seed, [{ mitigation: 'reboot-the-internet', atMs: page }], page),
    ).toThrow('no action "reboot-the-internet" on this system');
    expect(() =>
      playResponse(scenario, scenario.seed, [{ mitigation: 'restart:carts', atMs: page }], page),
    ).toThrow('no action "restart:carts" on this system (did you mean "restart:cart"?)');
  });
});

describe('judging a mitigation', () => {
  const h = (requests: number, affected: number, failed = affected, rejected = 0) => ({
    requests,
    affected,
    failed,
    rejected,
    slow: 0,
    meanMs: 30,
  });
  // Each case: how users fared without the action, then with it, over the same minutes.
  it.each([
    ['cleared', h(1000, 100), h(1000, 2)],
    ['relieved', h(1000, 100), h(1000, 50)],
    ['no change', h(1000, 100), h(1000, 95)],
    ['worse', h(1000, 100), h(1000, 200)],
    ['hidden', h(1000, 100), h(1000, 100, 10, 90)],
    ['no change', h(1000, 0), h(1000, 0)],
    // A limit already in force in both worlds does not stop a later fix from clearing what the fault did.
    ['cleared', h(1000, 200, 10, 190), h(1000, 190, 0, 190)],
    // Fewer failures bought by turning new users away is not a clearance.
    ['relieved', h(1000, 100), h(1000, 60, 0, 60)],
  ] as const)('%s', (outcome, without, withIt) => {
    expect(judge(without, withIt)).toBe(outcome);
  });

  it('calls a relief that wears off temporary', () => {
    expect(judge(h(1000, 100), h(1000, 0), { with: h(1000, 80), without: h(1000, 100) })).toBe('temporary');
    // A third spared at first, a tenth later: the relief is mostly gone.
    expect(judge(h(1000, 90), h(1000, 60), { with: h(1000, 81), without: h(1000, 90) })).toBe('temporary');
  });

  it('calls a steady partial relief a relief, however much harm is left', () => {
    // A restore bringing back 60% of the rows spares 60% of the harm, then and forty minutes on.
    expect(judge(h(1000, 100), h(1000, 40), { with: h(1000, 40), without: h(1000, 100) })).toBe('relieved');
    expect(judge(h(1000, 90), h(1000, 60), { with: h(1000, 60), without: h(1000, 90) })).toBe('relieved');
  });
});

describe('renewing an expired certificate', () => {
  const scenario = builtinScenario('only-in-europe.yaml');
  const page = pageTime(scenario);
  const until = page + 45 * MIN;
  const eu502 = (world: World, fromMs: number, toMs: number): number =>
    searchLogs(world, {
      service: 'web',
      contains: 'certificate has expired',
      startMs: fromMs,
      endMs: toMs,
      limit: 1,
    }).matched;

  it('ends the failed handshakes once the new certificate is deployed, and logs the new expiry', () => {
    const base = playResponse(scenario, scenario.seed, [], until);
    const renewed = playResponse(
      scenario,
      scenario.seed,
      [{ mitigation: 'renew:cert-payments-eu', atMs: page }],
      until,
    );
    const done = page + 15 * MIN;
    expect(eu502(base.world(), done + MIN, until)).toBeGreaterThan(0);
    expect(eu502(renewed.world(), page - 10 * MIN, page)).toBeGreaterThan(0);
    expect(eu502(renewed.world(), done + MIN, until)).toBe(0);
    expect(
      judgeResponse([base, renewed], [{ mitigation: 'renew:cert-payments-eu', atMs: page }])[0]!.outcome,
    ).toBe('cleared');
    const change = renewed.changes[0]!;
    expect(change).toMatchObject({ kind: 'certificate', service: 'payments', region: 'eu' });
    expect(change.description).toMatch(/\(valid until 2027-11-\d\d\)$/);
    expect(Date.parse(change.expires!) - Date.parse(change.at)).toBe(365 * 24 * 60 * MIN);
  });

  it('renews certificate events only', () => {
    const problems: string[] = [];
    const mitigations = { ...scenario.mitigations, 'renew:payments-log-level': { right: false } };
    checkResponseRefs({ ...scenario, mitigations }, (path, message) =>
      problems.push(`${path.join('.')}: ${message}`),
    );
    expect(problems).toEqual([
      'mitigations.renew:payments-log-level: no action "renew:payments-log-level" on this system: renew acts on a certificate event of the timeline (did you mean "revert:payments-log-level"?)',
    ]);
  });
});

describe('a hot fix in the verdicts', () => {
  it('must name the commit it reverts', () => {
    const tutorial = builtinScenario('tutorial.yaml');
    const problems: string[] = [];
    const mitigations = { ...tutorial.mitigations, 'hotfix:cart': { right: true } };
    checkResponseRefs({ ...tutorial, mitigations }, (path, message) =>
      problems.push(`${path.join('.')}: ${message}`),
    );
    expect(problems).toEqual([
      `mitigations.hotfix:cart: no action "hotfix:cart" on this system: hotfix acts on a commit that changed files of the code of a stateless service the team runs (its \`code\` history, or one its deploys roll out), as hotfix:<service>:<commit> (did you mean "hotfix:cart:7be2f40"?)`,
    ]);
  });
});
