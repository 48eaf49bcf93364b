import { describe, expect, it } from 'vitest';
import type { Action, Diagnosis } from '../../../src/engine/investigation/actions.ts';
import { searchLogs } from '../../../src/engine/query/logSearch.ts';
import { score } from '../../../src/engine/scoring/score.ts';
import { simulate } from '../../../src/engine/sim/simulate.ts';
import { builtinScenario } from '../helpers.ts';

const scenario = builtinScenario('tutorial.yaml');
const world = simulate(scenario);
const right: Diagnosis = { component: 'cart', fault: 'bad-deploy', trigger: 'deploy-cart-2-4-1' };

/** A query action plus a pin of its newest line, as the panel records them. */
function queryAndPin(service: string, contains: string, at: number): Action[] {
  const result = searchLogs(world, { service, contains, limit: 50 });
  const line = result.lines[0]!;
  return [
    {
      type: 'query',
      at,
      tool: 'logs',
      service,
      filter: contains,
      matched: result.matched,
      shownIds: result.lines.map((l) => l.id),
    },
    {
      type: 'pin',
      at: at + 1,
      evidence: { kind: 'log', id: line.id, service, tsMs: line.tsMs, line: line.line },
    },
  ];
}

const reference: Action[] = [
  ...queryAndPin('web', '"POST /checkout HTTP/1.1" 502', 1000),
  ...queryAndPin('cart', 'TypeError', 2000),
  { type: 'diagnose', at: 3000, diagnosis: right },
];

describe('score', () => {
  it('gives full marks to the reference investigation', () => {
    const report = score(scenario, reference);
    expect(report.parts.map((p) => [p.id, p.score])).toEqual([
      ['diagnosis', 40],
      ['evidence', 40],
      ['method', 10],
      ['efficiency', 10],
    ]);
    expect(report.total).toBe(100);
  });

  it('does not pass a correct guess made without looking', () => {
    const report = score(scenario, [{ type: 'diagnose', at: 10, diagnosis: right }]);
    expect(report.total).toBeLessThanOrEqual(35);
    expect(report.parts.find((p) => p.id === 'diagnosis')!.notes).toContain(
      'You blamed cart without ever looking at it: no credit.',
    );
  });

  it('charges for red herrings pinned as evidence', () => {
    const report = score(scenario, [...queryAndPin('web', 'upstream timed out', 500), ...reference]);
    expect(report.redHerringsPinned.map((c) => c.id)).toEqual(['web-upstream-timeout']);
    expect(report.parts.find((p) => p.id === 'evidence')!.score).toBe(30);
  });

  it('charges for hints', () => {
    const report = score(scenario, [
      { type: 'hint', at: 1, index: 0 },
      { type: 'hint', at: 2, index: 1 },
      ...reference,
    ]);
    expect(report.parts.find((p) => p.id === 'efficiency')!.score).toBe(0);
  });

  it('gives no diagnosis credit for the wrong component', () => {
    const report = score(scenario, [
      ...reference.slice(0, 4),
      { type: 'diagnose', at: 9, diagnosis: { ...right, component: 'web' } },
    ]);
    expect(report.correct.component).toBe(false);
    expect(report.parts.find((p) => p.id === 'diagnosis')!.score).toBe(20);
  });

  it('is deterministic', () => {
    expect(score(scenario, reference)).toEqual(score(scenario, reference));
  });
});
